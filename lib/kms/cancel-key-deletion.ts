import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import type { KeyView } from './key-view';
import { versionEditPatch, expiredVersions, expiryEdit, NO_VERSION_EDIT, writeVersionEdit } from './material-versions';
import { mutateKey } from './mutate-key';
import type { KeyPatch } from './store';
import type { Principal } from './types';
import { ZKeyId, parseInput } from './validation';

export interface TCancelKeyDeletionOptions {
  actor: Principal;
  keyId: string;
}

/**
 * Pending deletion → Disabled when the key still holds usable material, else Pending import (SPEC §2).
 * Material that expired during the window is deleted here, version by version, as the expiry sweeper would
 * have done; the material ids stay, so only the same material can be imported again.
 */
export async function cancelKeyDeletion(ctx: KmsContext, options: TCancelKeyDeletionOptions): Promise<KeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'CancelKeyDeletion',
    keyId: options.keyId,
    run: async () => {
      authorize(actor, 'keys:manage');
      const keyId = parseInput({ schema: ZKeyId, input: options.keyId });
      let edit = NO_VERSION_EDIT;
      return mutateKey({
        ctx,
        actor,
        auditAction: 'CancelKeyDeletion',
        stateAction: 'cancelDeletion',
        keyId,
        patch: async ({ tx, key, now }): Promise<KeyPatch> => {
          const versions = await tx.listMaterialVersions(key.id);
          const expired = expiredVersions(versions, now);
          edit = expiryEdit(expired);
          return { deletionDate: null, ...(expired.length > 0 ? versionEditPatch(key, versions, edit) : {}) };
        },
        alsoWrite: ({ tx, key }) => writeVersionEdit(tx, key.id, edit),
      });
    },
  });
}

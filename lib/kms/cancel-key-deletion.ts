import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { CLEARED_MATERIAL, type KeyView } from './key-view';
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
 * Material that expired during the window is deleted here, as the expiry sweeper would have done; the
 * material id stays, so only the same material can be imported again.
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
      return mutateKey({
        ctx,
        actor,
        auditAction: 'CancelKeyDeletion',
        stateAction: 'cancelDeletion',
        keyId,
        patch: ({ key, to }): KeyPatch => {
          const expired = to === 'PENDING_IMPORT' && key.materialCiphertext !== null;
          return { deletionDate: null, ...(expired ? CLEARED_MATERIAL : {}) };
        },
      });
    },
  });
}

import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { requireFreshAuthentication } from './fresh-authentication';
import { KmsError } from './errors';
import type { KeyView } from './key-view';
import { currentVersion } from './material-summary';
import { versionEditPatch, writeVersionEdit, type TVersionEdit } from './material-versions';
import { mutateKey } from './mutate-key';
import type { MaterialVersionRecord, Principal } from './types';
import { ZKeyId, ZMaterialId, parseInput } from './validation';

export interface TDeleteKeyMaterialOptions {
  actor: Principal;
  keyId: string;
  /** The version whose material goes (SPEC §11); absent: the CURRENT one. */
  materialId?: string;
}

export interface TDeleteKeyMaterialResult extends KeyView {
  deletedMaterialId: string;
}

/**
 * A bound version keeps its row and material id (the binding) and records why and when its material went;
 * a PENDING_ROTATION version was never bound, so it goes whole.
 */
function deletionEdit(target: MaterialVersionRecord, now: Date): TVersionEdit {
  if (target.state === 'PENDING_ROTATION') return { put: [], remove: [target.materialId] };
  const cleared: MaterialVersionRecord = {
    ...target,
    materialCiphertext: null,
    importedAt: null,
    expiresAt: null,
    removedReason: 'DELETED',
    removedAt: now,
  };
  return { put: [cleared], remove: [] };
}

/**
 * SPEC §2, §5 and §11: one version's sealed material goes; the key, its metadata, aliases and the version's
 * material ID stay, so only the same material can be imported into it again. Deleting a CURRENT or
 * NON_CURRENT version's material makes the key Pending import (a key pending deletion keeps its state);
 * deleting a PENDING_ROTATION version changes no state. Generated keys are refused. Import tokens stay valid.
 */
export async function deleteKeyMaterial(ctx: KmsContext, options: TDeleteKeyMaterialOptions): Promise<TDeleteKeyMaterialResult> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'DeleteImportedKeyMaterial',
    keyId: options.keyId,
    run: async () => {
      authorize(actor, 'keys:import');
      requireFreshAuthentication(ctx.clock, actor);
      const keyId = parseInput({ schema: ZKeyId, input: options.keyId });
      const materialId = options.materialId === undefined ? undefined : parseInput({ schema: ZMaterialId, input: options.materialId });
      const round = { edit: null as TVersionEdit | null, target: null as MaterialVersionRecord | null };
      const view = await mutateKey({
        ctx,
        actor,
        auditAction: 'DeleteImportedKeyMaterial',
        stateAction: 'deleteMaterial',
        keyId,
        patch: async ({ tx, key, from, to, now }) => {
          const versions = await tx.listMaterialVersions(key.id);
          const target = materialId === undefined ? currentVersion(versions) : versions.find((version) => version.materialId === materialId);
          if (!target && materialId !== undefined) throw new KmsError('NOT_FOUND', `The key has no key material with ID ${materialId}.`);
          // A key pending deletion may never have received material: there is nothing to delete then.
          if (!target || target.materialCiphertext === null) throw new KmsError('INVALID_STATE', 'This key material is already deleted.');
          round.target = target;
          round.edit = deletionEdit(target, now);
          const summary = versionEditPatch(key, versions, round.edit);
          // Removing a version that was never bound leaves the key as it was.
          return target.state === 'PENDING_ROTATION' && to !== from ? { ...summary, state: from } : summary;
        },
        alsoWrite: async ({ tx, key }) => {
          if (round.edit) await writeVersionEdit(tx, key.id, round.edit);
        },
        details: () => ({ materialId: round.target?.materialId ?? null, materialVersion: round.target?.sequence ?? null }),
      });
      if (!round.target) throw new Error('A deletion succeeded without a target');
      return { ...view, deletedMaterialId: round.target.materialId };
    },
  });
}

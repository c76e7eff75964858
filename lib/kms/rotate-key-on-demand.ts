import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { requireFreshAuthentication } from './fresh-authentication';
import type { KeyView } from './key-view';
import { versionEditPatch, writeVersionEdit } from './material-versions';
import { mutateKey } from './mutate-key';
import { planRotation, type TRotationPlan } from './rotation';
import type { Principal } from './types';
import { ZKeyId, parseInput } from './validation';

export interface TRotateKeyOnDemandOptions {
  actor: Principal;
  keyId: string;
}

export interface TRotateKeyOnDemandResult extends KeyView {
  /** The version now CURRENT. */
  currentMaterialId: string;
  previousMaterialId: string;
}

/**
 * SPEC §11, RotateKeyOnDemand: a sensitive action (SPEC §9). Generated keys get new material; imported
 * keys promote their pending version. Refused: DISABLED for a disabled key, INVALID_STATE when pending
 * import or deletion or (imported) with nothing pending, LIMIT_EXCEEDED past 25 on-demand rotations.
 * Rotation changes no key state; the key cache is invalidated so Encrypt moves to the new version at once.
 */
export async function rotateKeyOnDemand(ctx: KmsContext, options: TRotateKeyOnDemandOptions): Promise<TRotateKeyOnDemandResult> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'RotateKeyOnDemand',
    keyId: options.keyId,
    run: async () => {
      authorize(actor, 'keys:manage');
      requireFreshAuthentication(ctx.clock, actor);
      const keyId = parseInput({ schema: ZKeyId, input: options.keyId });
      let plan: TRotationPlan | null = null;
      const view = await mutateKey({
        ctx,
        actor,
        auditAction: 'RotateKeyOnDemand',
        stateAction: 'rotate',
        keyId,
        patch: async ({ tx, key, now }) => {
          const versions = await tx.listMaterialVersions(key.id);
          plan = planRotation({ ctx, key, versions, type: 'ON_DEMAND', now });
          return versionEditPatch(key, versions, plan.edit);
        },
        alsoWrite: async ({ tx, key }) => {
          if (plan) await writeVersionEdit(tx, key.id, plan.edit);
        },
        details: () => rotationDetails(plan),
      });
      const done = plan as TRotationPlan | null;
      if (!done) throw new Error('A rotation succeeded without a plan');
      return { ...view, currentMaterialId: done.current.materialId, previousMaterialId: done.previous.materialId };
    },
  });
}

/** What a rotation's audit record names: the versions, never material. */
export function rotationDetails(plan: TRotationPlan | null) {
  return {
    rotationType: plan?.current.rotationType ?? null,
    materialId: plan?.current.materialId ?? null,
    materialVersion: plan?.current.sequence ?? null,
    previousMaterialId: plan?.previous.materialId ?? null,
  };
}

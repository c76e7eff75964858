import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { isKmsError } from './errors';
import { versionEditPatch, writeVersionEdit } from './material-versions';
import { mutateKey } from './mutate-key';
import { rotationDetails } from './rotate-key-on-demand';
import { nextRotationFrom, planRotation, type TRotationPlan } from './rotation';
import type { Principal } from './types';
import { ZRotateDueKeysInput, parseInput } from './validation';

export type TRotateDueKeysOptions = z.input<typeof ZRotateDueKeysInput> & { actor: Principal };

/** Thrown inside the transaction when the key turned out not to be due (another instance rotated it first). */
class NotDue extends Error {}

async function rotateIfDue(ctx: KmsContext, actor: Principal, keyId: string): Promise<boolean> {
  let plan: TRotationPlan | null = null;
  try {
    await mutateKey({
      ctx,
      actor,
      auditAction: 'RotateKey',
      stateAction: 'rotate',
      keyId,
      patch: async ({ tx, key, now }) => {
        // Re-checked on the row read in this transaction: of racing jobs, the first rotates and moves
        // nextRotationAt on; the others re-read it here and stop.
        if (key.origin !== 'KMS' || key.rotationPeriodDays === null || key.nextRotationAt === null || key.nextRotationAt > now) {
          throw new NotDue();
        }
        const versions = await tx.listMaterialVersions(key.id);
        plan = planRotation({ ctx, key, versions, type: 'AUTOMATIC', now });
        return { ...versionEditPatch(key, versions, plan.edit), nextRotationAt: nextRotationFrom(now, key.rotationPeriodDays) };
      },
      alsoWrite: async ({ tx, key }) => {
        if (plan) await writeVersionEdit(tx, key.id, plan.edit);
      },
      details: () => rotationDetails(plan),
    });
    return true;
  } catch (error) {
    // Gone, no longer enabled, or rotated by another instance meanwhile: not this run's to do.
    if (error instanceof NotDue || (isKmsError(error) && ['NOT_FOUND', 'INVALID_STATE', 'DISABLED'].includes(error.code))) return false;
    throw error;
  }
}

/**
 * Background job (SPEC §11): rotates every enabled generated key whose automatic rotation is due, one
 * transaction per key, and moves its next rotation a period on. Idempotent and safe with several instances:
 * each due rotation happens once (the conditional update on the key's version decides the race). A disabled
 * key is not rotated while disabled; it stays due, and rotates at the first run after it is enabled again.
 */
export async function rotateDueKeys(ctx: KmsContext, options: TRotateDueKeysOptions): Promise<{ rotatedKeyIds: string[] }> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'RotateKey',
    run: async () => {
      authorize(actor, 'keys:manage');
      const input = parseInput({ schema: ZRotateDueKeysInput, input: options });
      const rotatedKeyIds: string[] = [];
      for (const keyId of await ctx.store.findKeyIdsDueForRotation(ctx.clock.now(), input.limit)) {
        if (await rotateIfDue(ctx, actor, keyId)) rotatedKeyIds.push(keyId);
      }
      return { rotatedKeyIds };
    },
  });
}

import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { TRANSITIONS } from './states';
import type { KeyRecord, Principal } from './types';
import { ZPurgeDueKeysInput, parseInput } from './validation';
import { announceChange } from './change-feed';

export type TPurgeDueKeysOptions = z.input<typeof ZPurgeDueKeysInput> & { actor: Principal };

async function purgeOne(ctx: KmsContext, actor: Principal, key: KeyRecord, now: Date): Promise<boolean> {
  // Re-checked although the store's query selects exactly these: deletion is irreversible, and one odd
  // row must not stop the others from being purged.
  if (TRANSITIONS.purge[key.state] === undefined) return false;
  if (key.deletionDate === null || key.deletionDate.getTime() > now.getTime()) return false;
  return ctx.store.transaction(async (tx) => {
    // Conditional on the version listed: if deletion was cancelled meanwhile, or another worker purged the
    // key first, nothing is deleted and nothing is audited.
    if (!(await tx.deleteKey(key.id, key.version))) return false;
    await tx.insertAudit({
      at: now,
      actor,
      action: 'PurgeKey',
      keyId: key.id,
      result: 'SUCCESS',
      errorCode: null,
      details: { fromState: key.state, deletionDate: key.deletionDate?.toISOString() ?? null },
    });
    return true;
  });
}

/**
 * Background job: deletes keys whose waiting period has ended, one transaction each. Idempotent and safe
 * with several workers: each key is purged, and audited, exactly once.
 */
export async function purgeDueKeys(ctx: KmsContext, options: TPurgeDueKeysOptions): Promise<{ purgedKeyIds: string[] }> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'PurgeKey',
    run: async () => {
      authorize(actor, 'keys:manage');
      const input = parseInput({ schema: ZPurgeDueKeysInput, input: options });
      const now = ctx.clock.now();
      const due = await ctx.store.findKeysDueForPurge(now, input.limit);
      const purgedKeyIds: string[] = [];
      for (const key of due) {
        if (!(await purgeOne(ctx, actor, key, now))) continue;
        announceChange(ctx, { kind: 'key', id: key.id });
        purgedKeyIds.push(key.id);
      }
      return { purgedKeyIds };
    },
  });
}

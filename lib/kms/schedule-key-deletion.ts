import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { requireFreshAuthentication } from './fresh-authentication';
import type { KeyView } from './key-view';
import { mutateKey } from './mutate-key';
import type { Principal } from './types';
import { ZScheduleKeyDeletionInput, parseInput } from './validation';

const DAY_MS = 24 * 60 * 60 * 1000;

export type TScheduleKeyDeletionOptions = z.input<typeof ZScheduleKeyDeletionInput> & { actor: Principal };

/** Starts the waiting period (7–1096 days, default 30) after which the purge job deletes the key. */
export async function scheduleKeyDeletion(ctx: KmsContext, options: TScheduleKeyDeletionOptions): Promise<KeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'ScheduleKeyDeletion',
    keyId: options.keyId,
    run: async () => {
      authorize(actor, 'keys:manage');
      requireFreshAuthentication(ctx.clock, actor);
      const input = parseInput({ schema: ZScheduleKeyDeletionInput, input: options });
      // Exact multiples of 24 h in UTC: the window is a duration, not calendar days in some time zone.
      const deletionDate = (now: Date) => new Date(now.getTime() + input.pendingWindowInDays * DAY_MS);
      return mutateKey({
        ctx,
        actor,
        auditAction: 'ScheduleKeyDeletion',
        stateAction: 'scheduleDeletion',
        keyId: input.keyId,
        patch: ({ now }) => ({ deletionDate: deletionDate(now) }),
        details: ({ now }) => ({ pendingWindowInDays: input.pendingWindowInDays, deletionDate: deletionDate(now).toISOString() }),
      });
    },
  });
}

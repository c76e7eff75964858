import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import { assertNotOwnAccount, findPersonOrThrow } from './people-rules';
import { ZPersonRef } from './people-validation';
import { personAuditEvent, targetDetails, targetUserDetail, toPersonView, type PersonView } from './person-view';
import type { Principal } from './types';
import { parseInput } from './validation';
import { announceChange } from './change-feed';

export type TEnablePersonOptions = z.input<typeof ZPersonRef> & { actor: Principal };

/** Re-enables a disabled person: they may sign in again, and their unrevoked access keys work again. */
export async function enablePerson(ctx: KmsContext, options: TEnablePersonOptions): Promise<PersonView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'EnablePerson',
    details: targetUserDetail(options.userId),
    run: async () => {
      authorize(actor, 'users:manage');
      const input = parseInput({ schema: ZPersonRef, input: options });
      const result = await ctx.people.transaction(async (tx) => {
        const target = await findPersonOrThrow(tx, input.userId);
        assertNotOwnAccount(actor, target);
        if (target.disabledAt === null) throw new KmsError('INVALID_STATE', 'This person is not disabled.');
        const now = ctx.clock.now();
        await tx.updatePerson(target.id, { disabledAt: null, updatedAt: now });
        await tx.insertAudit(personAuditEvent({ at: now, actor, action: 'EnablePerson', details: targetDetails(target) }));
        return toPersonView({ ...target, disabledAt: null, updatedAt: now });
      });
      // Any access key this person owns may now act otherwise (resolve-access-key.ts): credential caches forget.
      announceChange(ctx, { kind: 'people' });
      return result;
    },
  });
}

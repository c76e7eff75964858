import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import { assertAdministratorRemains, assertNotOwnAccount, findPersonOrThrow } from './people-rules';
import { ZPersonRef } from './people-validation';
import { personAuditEvent, targetDetails, targetUserDetail, toPersonView, type PersonView } from './person-view';
import type { Principal } from './types';
import { parseInput } from './validation';
import { announceChange } from './change-feed';

export type TDisablePersonOptions = z.input<typeof ZPersonRef> & { actor: Principal };

/**
 * Disables a person: no sign-in, and their sessions are deleted in the same transaction, so they are signed
 * out at their next request. Their access keys stay (re-enabling brings them back) but stop working within
 * the API's credential cache bound (≤ 1 s), because a key acts only while its owner is active.
 */
export async function disablePerson(ctx: KmsContext, options: TDisablePersonOptions): Promise<PersonView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'DisablePerson',
    details: targetUserDetail(options.userId),
    run: async () => {
      authorize(actor, 'users:manage');
      const input = parseInput({ schema: ZPersonRef, input: options });
      const result = await ctx.people.transaction(async (tx) => {
        const target = await findPersonOrThrow(tx, input.userId);
        assertNotOwnAccount(actor, target);
        if (target.disabledAt !== null) throw new KmsError('INVALID_STATE', 'This person is already disabled.');
        await assertAdministratorRemains(tx, target);
        const now = ctx.clock.now();
        await tx.updatePerson(target.id, { disabledAt: now, updatedAt: now });
        const endedSessions = await tx.deleteSessions(target.id);
        await tx.insertAudit(personAuditEvent({ at: now, actor, action: 'DisablePerson', details: { ...targetDetails(target), endedSessions } }));
        return toPersonView({ ...target, disabledAt: now, updatedAt: now });
      });
      // Any access key this person owns may now act otherwise (resolve-access-key.ts): credential caches forget.
      announceChange(ctx, { kind: 'people' });
      return result;
    },
  });
}

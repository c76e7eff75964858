import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { requireFreshAuthentication } from './fresh-authentication';
import { assertAdministratorRemains, assertNotOwnAccount, findPersonOrThrow } from './people-rules';
import { ZChangeRoleInput } from './people-validation';
import { personAuditEvent, targetDetails, targetUserDetail, toPersonView, type PersonView } from './person-view';
import type { Principal } from './types';
import { parseInput } from './validation';
import { announceChange } from './change-feed';

export type TChangeRoleOptions = z.input<typeof ZChangeRoleInput> & { actor: Principal };

/**
 * Gives a person another role; it applies to their sessions at their next request and to their access
 * keys within the credential cache's bound (a key whose role the new one does not cover stops working).
 * A sensitive action: needs fresh authentication. Nobody changes their own role, and the last active
 * Administrator cannot be demoted (checked under the people lock, so two administrators demoting each
 * other at once leave one).
 */
export async function changeRole(ctx: KmsContext, options: TChangeRoleOptions): Promise<PersonView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'ChangeRole',
    details: targetUserDetail(options.userId),
    run: async () => {
      authorize(actor, 'users:manage');
      requireFreshAuthentication(ctx.clock, actor);
      const input = parseInput({ schema: ZChangeRoleInput, input: options });
      const result = await ctx.people.transaction(async (tx) => {
        const target = await findPersonOrThrow(tx, input.userId);
        assertNotOwnAccount(actor, target);
        const now = ctx.clock.now();
        if (target.role === input.role) return toPersonView(target);
        if (input.role !== 'ADMINISTRATOR') await assertAdministratorRemains(tx, target);
        await tx.updatePerson(target.id, { role: input.role, updatedAt: now });
        const details = { ...targetDetails(target), oldRole: target.role, newRole: input.role };
        await tx.insertAudit(personAuditEvent({ at: now, actor, action: 'ChangeRole', details }));
        return toPersonView({ ...target, role: input.role, updatedAt: now });
      });
      // Any access key this person owns may now act otherwise (resolve-access-key.ts): credential caches forget.
      announceChange(ctx, { kind: 'people' });
      return result;
    },
  });
}

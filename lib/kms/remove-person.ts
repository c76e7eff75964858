import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { requireFreshAuthentication } from './fresh-authentication';
import { assertAdministratorRemains, assertNotOwnAccount, findPersonOrThrow } from './people-rules';
import { ZPersonRef } from './people-validation';
import { personAuditEvent, targetDetails, targetUserDetail } from './person-view';
import type { Principal } from './types';
import { parseInput } from './validation';
import { announceChange } from './change-feed';

export type TRemovePersonOptions = z.input<typeof ZPersonRef> & { actor: Principal };

export interface TRemovedPerson {
  userId: string;
  /** The person's access keys this revoked (their rows stay, for the record). */
  revokedAccessKeyIds: string[];
}

/**
 * Removes a person for good: the row goes with their sessions, password, links and MFA (cascade), and
 * their access keys are revoked in the same transaction. The audit log keeps their email in the records
 * of what they did. A sensitive action: needs fresh authentication.
 */
export async function removePerson(ctx: KmsContext, options: TRemovePersonOptions): Promise<TRemovedPerson> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'RemovePerson',
    details: targetUserDetail(options.userId),
    run: async () => {
      authorize(actor, 'users:manage');
      requireFreshAuthentication(ctx.clock, actor);
      const input = parseInput({ schema: ZPersonRef, input: options });
      const result = await ctx.people.transaction(async (tx) => {
        const target = await findPersonOrThrow(tx, input.userId);
        assertNotOwnAccount(actor, target);
        await assertAdministratorRemains(tx, target);
        const now = ctx.clock.now();
        const revokedAccessKeyIds = await tx.revokeAccessKeysOf(target.id, now);
        await tx.deleteSessions(target.id);
        await tx.deletePerson(target.id);
        const details = { ...targetDetails(target), role: target.role, revokedAccessKeys: revokedAccessKeyIds.length };
        await tx.insertAudit(personAuditEvent({ at: now, actor, action: 'RemovePerson', details }));
        return { userId: target.id, revokedAccessKeyIds };
      });
      // Any access key this person owns may now act otherwise (resolve-access-key.ts): credential caches forget.
      announceChange(ctx, { kind: 'people' });
      return result;
    },
  });
}

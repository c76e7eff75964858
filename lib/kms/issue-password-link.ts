import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { issueLinkInTx, type TPasswordLink } from './password-link';
import { findPersonOrThrow } from './people-rules';
import { ZPersonRef } from './people-validation';
import { personAuditEvent, targetDetails, targetUserDetail } from './person-view';
import type { Principal } from './types';
import { parseInput } from './validation';

export type TIssuePasswordLinkOptions = z.input<typeof ZPersonRef> & { actor: Principal };

/**
 * A new one-time set-password link for a person (lost link, expired link, forgotten password): earlier
 * links stop working. Setting a password with it replaces the person's password and ends their sessions.
 * Allowed for one's own account too (it changes nothing an administrator could not already do).
 */
export async function issuePasswordLink(ctx: KmsContext, options: TIssuePasswordLinkOptions): Promise<TPasswordLink> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'IssuePasswordLink',
    details: targetUserDetail(options.userId),
    run: async () => {
      authorize(actor, 'users:manage');
      const input = parseInput({ schema: ZPersonRef, input: options });
      return ctx.people.transaction(async (tx) => {
        const target = await findPersonOrThrow(tx, input.userId);
        const now = ctx.clock.now();
        const link = await issueLinkInTx(tx, { userId: target.id, now });
        const details = { ...targetDetails(target), expiresAt: link.expiresAt.toISOString() };
        await tx.insertAudit(personAuditEvent({ at: now, actor, action: 'IssuePasswordLink', details }));
        return link;
      });
    },
  });
}

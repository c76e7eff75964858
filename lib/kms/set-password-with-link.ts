import { audited } from './audited';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import { hashLinkToken, sameLinkHash } from './password-link';
import type { PasswordLinkRecord } from './people-store';
import { ZNewPassword, ZPasswordLinkToken } from './people-validation';
import { personAuditEvent } from './person-view';
import { isRole } from './role-coverage';
import type { Principal } from './types';
import { parseInput } from './validation';

export interface TSetPasswordWithLinkOptions {
  /** From the link's URL fragment. Never logged or audited. */
  token: string;
  password: string;
  /** Better Auth's password hasher, so sign-in verifies what this stores. */
  hashPassword: (password: string) => Promise<string>;
  /** Where the request came from, for the audit record. */
  source?: Principal['source'];
}

/** Who a refused link is audited as: nobody is known until a valid link names the person. */
const LINK_HOLDER: Principal = { type: 'user', id: 'anonymous', name: '(set-password link)', role: 'AUDITOR' };

const LINK_INVALID = () => new KmsError('LINK_INVALID', 'This set-password link is not valid: it was used, replaced or is older than 24 hours.');

function usable(link: PasswordLinkRecord | null, tokenHash: string, now: Date): link is PasswordLinkRecord {
  return link !== null && link.usedAt === null && link.expiresAt > now && sameLinkHash(link.tokenHash, tokenHash);
}

/**
 * Sets the password of the person a link was issued for, once: the link is consumed by a conditional
 * update in the same transaction that stores the password (Better Auth's credential account) and ends the
 * person's sessions, so of two uses racing only one succeeds. Unauthenticated by nature: the link is the
 * credential. The password is hashed outside the transaction, and only for a link that looked usable.
 */
export async function setPasswordWithLink(ctx: KmsContext, options: TSetPasswordWithLinkOptions): Promise<{ userId: string; email: string }> {
  const anonymous: Principal = { ...LINK_HOLDER, ...(options.source ? { source: options.source } : {}) };
  return audited({
    ctx,
    actor: anonymous,
    action: 'SetPassword',
    run: async () => {
      if (!ZPasswordLinkToken.safeParse(options.token).success) throw LINK_INVALID();
      const password = parseInput({ schema: ZNewPassword, input: options.password });
      const tokenHash = hashLinkToken(options.token);
      const found = await ctx.people.transaction((tx) => tx.findPasswordLinkByHash(tokenHash));
      if (!usable(found, tokenHash, ctx.clock.now())) throw LINK_INVALID();
      const passwordHash = await options.hashPassword(password);
      return ctx.people.transaction(async (tx) => {
        const now = ctx.clock.now();
        const link = await tx.findPasswordLinkByHash(tokenHash);
        if (!usable(link, tokenHash, now) || !(await tx.consumePasswordLink(link.id, now))) throw LINK_INVALID();
        const person = await tx.findPerson(link.userId);
        if (!person) throw LINK_INVALID();
        await tx.setPassword(person.id, passwordHash, now);
        const endedSessions = await tx.deleteSessions(person.id);
        const actor: Principal = {
          type: 'user',
          id: person.id,
          name: person.email,
          role: isRole(person.role) ? person.role : 'AUDITOR',
          ...(options.source ? { source: options.source } : {}),
        };
        const details = { targetUserId: person.id, targetEmail: person.email, endedSessions };
        await tx.insertAudit(personAuditEvent({ at: now, actor, action: 'SetPassword', details }));
        return { userId: person.id, email: person.email };
      });
    },
  });
}

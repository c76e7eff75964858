import type { KmsContext } from './context';
import type { Principal } from './types';

export const MAX_AUDITED_EMAIL_CODE_POINTS = 254;

const UNSAFE_TEXT = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

export interface TRecordSignInOptions {
  /** As typed by the person signing in: untrusted, possibly hostile. */
  email: string;
  /** Null when no account matched. */
  userId: string | null;
  success: boolean;
  /** Refused by the sign-in throttle before the password was checked. */
  rateLimited?: boolean;
  /** The client address the attempt came from (an IP address or `unknown`), recorded in the details. */
  address?: string;
  /** The second step of a multi-factor sign-in: which kind of code was tried (never the code itself). */
  secondFactor?: 'authenticator' | 'recovery-code';
  /**
   * Why a person with a valid account was refused before their password was checked (SPEC §9: a disabled
   * person, or a role Keyfort does not know). They see the same failure as for a wrong password.
   */
  refusal?: 'disabled' | 'unknown-role';
  /** Defaults to a user principal built from email and userId. */
  actor?: Principal;
}

/**
 * Failed attempts are exactly the ones worth auditing, so hostile input is neutralised rather than
 * refused: invisible and control characters become U+FFFD and the length is capped, which keeps the
 * record readable and honest about what was typed.
 */
export function sanitizeAuditedName(value: string): string {
  return [...value.replace(UNSAFE_TEXT, '\uFFFD')].slice(0, MAX_AUDITED_EMAIL_CODE_POINTS).join('');
}

function signInDetails(options: TRecordSignInOptions): { details?: Record<string, string> } {
  const details: Record<string, string> = {};
  if (options.address !== undefined) details.address = sanitizeAuditedName(options.address);
  if (options.secondFactor !== undefined) details.secondFactor = options.secondFactor;
  if (options.refusal !== undefined) details.reason = options.refusal;
  return Object.keys(details).length === 0 ? {} : { details };
}

/**
 * Audits one sign-in attempt (SPEC §9: success, failure, rate-limited) and, on success, records the
 * person's last sign-in. Called by the authentication layer; no permission applies.
 */
export async function recordSignIn(ctx: KmsContext, options: TRecordSignInOptions): Promise<void> {
  const name = sanitizeAuditedName(options.email);
  const at = ctx.clock.now();
  if (options.success && options.userId !== null) await ctx.people.recordSignIn(options.userId, at);
  // The role is never consulted for a sign-in record; the least-privileged one avoids implying anything.
  const named: Principal = options.actor ?? { type: 'user', id: options.userId ?? name, name, role: 'AUDITOR' };
  // The address also goes where every other record keeps it, so the audit log's address filter finds sign-ins.
  const actor: Principal =
    options.address === undefined || named.source !== undefined
      ? named
      : { ...named, source: { address: sanitizeAuditedName(options.address), userAgent: null, accessKeyId: null, via: 'console' } };
  await ctx.store.insertAudit({
    at,
    actor,
    action: 'SignIn',
    keyId: null,
    result: options.success ? 'SUCCESS' : 'FAILURE',
    errorCode: options.success ? null : options.rateLimited ? 'RATE_LIMITED' : 'UNAUTHENTICATED',
    ...signInDetails(options),
  });
}

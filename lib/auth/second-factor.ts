import { APIError, getSessionFromCtx } from 'better-auth/api';
import type { TSecondFactor } from './sign-in-attempt';

// The two-factor plugin's own names (better-auth/dist/plugins/two-factor): its endpoints and the signed cookie
// that carries a sign-in waiting for its code (value: a verification row naming the user, valid 10 minutes).
export const TOTP_VERIFY_ENDPOINT = '/two-factor/verify-totp';
export const RECOVERY_CODE_VERIFY_ENDPOINT = '/two-factor/verify-backup-code';
const TWO_FACTOR_COOKIE = 'two_factor';

/** What each verification endpoint checks, as recorded in the sign-in audit. */
export const SECOND_FACTOR_OF_ENDPOINT: Readonly<Record<string, TSecondFactor>> = {
  [TOTP_VERIFY_ENDPOINT]: 'authenticator',
  [RECOVERY_CODE_VERIFY_ENDPOINT]: 'recovery-code',
};

// Keyfort offers TOTP with recovery codes only: no email or SMS codes (nothing is configured to send them),
// and the TOTP secret is shown once, at enrolment, never fetched again.
const UNOFFERED_ENDPOINTS = new Set(['/two-factor/send-otp', '/two-factor/verify-otp', '/two-factor/get-totp-uri']);

type THookContext = Parameters<typeof getSessionFromCtx>[0] & { path?: string; body?: unknown };

function flag(body: unknown, name: string): unknown {
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
}

/**
 * Refuses what the plugin offers but Keyfort does not: email/SMS codes, re-reading the secret, "trust this
 * device" (a cookie that would skip the code for 30 days) and a recovery code that starts no session.
 */
export function refuseUnofferedTwoFactor(ctx: THookContext): void {
  const path = ctx.path ?? '';
  if (UNOFFERED_ENDPOINTS.has(path)) throw new APIError('NOT_FOUND', { message: 'Not offered by Keyfort.', code: 'NOT_OFFERED' });
  if (!(path in SECOND_FACTOR_OF_ENDPOINT)) return;
  if (flag(ctx.body, 'trustDevice') || flag(ctx.body, 'disableSession')) {
    throw new APIError('BAD_REQUEST', { message: 'Every sign-in needs its own code.', code: 'NOT_OFFERED' });
  }
}

export interface TPendingSignIn {
  userId: string;
  email: string;
}

/**
 * Whose code a verification endpoint is checking, mirroring the plugin's own test (a session first): a
 * signed-in person confirming their enrolment, or a sign-in waiting for its code (`pending` null when no such
 * sign-in is in progress: no cookie, a forged or an expired one).
 */
export type TCodeSubject = { kind: 'enrolment'; userId: string } | { kind: 'sign-in'; pending: TPendingSignIn | null };

export async function codeSubjectOf(ctx: THookContext): Promise<TCodeSubject> {
  const session = await getSessionFromCtx(ctx, { disableRefresh: true });
  if (session) return { kind: 'enrolment', userId: session.user.id };
  const cookie = ctx.context.createAuthCookie(TWO_FACTOR_COOKIE);
  const identifier = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
  if (!identifier) return { kind: 'sign-in', pending: null };
  const challenge = await ctx.context.internalAdapter.findVerificationValue(identifier);
  if (!challenge || challenge.expiresAt.getTime() <= Date.now()) return { kind: 'sign-in', pending: null };
  const user = await ctx.context.internalAdapter.findUserById(challenge.value);
  return { kind: 'sign-in', pending: user ? { userId: user.id, email: user.email } : null };
}

/** The `code` of a verification request body, when it is a string. */
export function codeOf(body: unknown): string | null {
  const code = flag(body, 'code');
  return typeof code === 'string' ? code : null;
}

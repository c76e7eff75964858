import { ZEmail } from './validation';

/** What proved the person's identity after the password, for a sign-in with multi-factor on. */
export type TSecondFactor = 'authenticator' | 'recovery-code';

/** Recorded as the email of a code sent when no sign-in waited for one (no, a forged or an expired challenge). */
export const NO_SIGN_IN_IN_PROGRESS = '(no sign-in in progress)';

/** Recorded instead of the typed text when it is not an email address: people paste passwords there. */
export const NOT_AN_EMAIL = '(not an email address)';

export interface TSignInAttempt {
  /** The email tried (lowercased), or NOT_AN_EMAIL. Never the password. */
  email: string;
  /** Set only on success: a failure must not reveal whether the email belongs to a user. */
  userId: string | null;
  success: boolean;
  /** From clientAddress(): an IP address or `unknown`. */
  address: string;
  /** Refused by the throttle before the password was checked. */
  rateLimited?: boolean;
  /** Set for the second step of a multi-factor sign-in (the code), absent for the password. */
  secondFactor?: TSecondFactor;
  /** A person who may not sign in (disabled, unknown role), refused before the password was checked. */
  refusal?: 'disabled' | 'unknown-role';
}

export function auditableEmail(raw: unknown): string {
  const parsed = ZEmail.safeParse(raw);
  return parsed.success ? parsed.data : NOT_AN_EMAIL;
}

/**
 * What one call of Better Auth's /sign-in/email amounts to, from the request body and the outcome the
 * after-hook sees. Success needs both no error and a session that was created.
 */
export function describeSignInAttempt(options: {
  body: unknown;
  failed: boolean;
  sessionUserId: string | null;
  address: string;
}): TSignInAttempt {
  const success = !options.failed && options.sessionUserId !== null;
  return {
    email: auditableEmail(emailOf(options.body)),
    userId: success ? options.sessionUserId : null,
    success,
    address: options.address,
  };
}

/** The `email` field of a sign-in request body, whatever shape the body has. */
export function emailOf(body: unknown): unknown {
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>).email : undefined;
}

/** `second-factor`: the password was right and the person has multi-factor on; a code must follow. */
export type TSignInOutcome = 'signed-in' | 'second-factor' | 'invalid-credentials' | 'rate-limited' | 'failed';

export function outcomeOfStatus(status: number): TSignInOutcome {
  if (status >= 200 && status < 300) return 'signed-in';
  if (status === 429) return 'rate-limited';
  // 400: not an email address; 401: unknown email or wrong password. Both read the same to the user.
  if (status === 400 || status === 401) return 'invalid-credentials';
  return 'failed';
}

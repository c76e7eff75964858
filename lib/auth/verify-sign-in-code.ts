import { applySetCookies, callAuthHandler, errorCodeOf } from './auth-handler-call';
import { RECOVERY_CODE_VERIFY_ENDPOINT, TOTP_VERIFY_ENDPOINT } from './second-factor';

/**
 * `expired`: no sign-in waits for a code any more (10 minutes passed, or 5 wrong codes ended it): start again
 * with the password. `invalid-code`: wrong or already used; the same sign-in may try again.
 */
export type TCodeOutcome = 'signed-in' | 'invalid-code' | 'expired' | 'rate-limited' | 'failed';

/** Authenticator codes are 6 digits; anything else is tried as a recovery code (xxxxx-xxxxx). */
export function isAuthenticatorCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}

const EXPIRED_CODES = new Set(['INVALID_TWO_FACTOR_COOKIE', 'TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE']);

export function codeOutcomeOf(status: number, errorCode: string | null): TCodeOutcome {
  if (status >= 200 && status < 300) return 'signed-in';
  if (status === 429) return 'rate-limited';
  if (errorCode !== null && EXPIRED_CODES.has(errorCode)) return 'expired';
  if (status === 400 || status === 401) return 'invalid-code';
  return 'failed';
}

/**
 * Finishes a pending sign-in with an authenticator or recovery code, through Better Auth's two-factor
 * endpoints (and so through Keyfort's throttle and sign-in audit). The browser's cookies carry the pending
 * sign-in; the session cookie comes back on success.
 */
export async function verifySignInCode(code: string): Promise<TCodeOutcome> {
  const trimmed = code.trim();
  const path = isAuthenticatorCode(trimmed) ? TOTP_VERIFY_ENDPOINT : RECOVERY_CODE_VERIFY_ENDPOINT;
  const response = await callAuthHandler(path, { code: trimmed }, { withCookies: true });
  const outcome = codeOutcomeOf(response.status, response.ok ? null : await errorCodeOf(response.clone()));
  if (outcome === 'failed') console.error(`[keyfort] sign-in code check failed with HTTP ${response.status}`);
  await applySetCookies(response);
  return outcome;
}

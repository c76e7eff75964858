/**
 * `expired`: no sign-in waits for a code any more (10 minutes passed, or 5 wrong codes ended it): start again
 * with the password. `invalid-code`: wrong or already used; the same sign-in may try again.
 */
export type TCodeOutcome = 'signed-in' | 'invalid-code' | 'expired' | 'rate-limited' | 'failed';

/** Authenticator codes are 6 digits; anything else is tried as a recovery code (xxxxx-xxxxx). */
export function isAuthenticatorCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}

// The two-factor plugin's codes for a challenge that is gone (expired, or ended after too many wrong codes).
const EXPIRED_CODES = new Set(['INVALID_TWO_FACTOR_COOKIE', 'TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE']);

/** What one answer of the plugin's verify endpoints means to the person at the code step. */
export function codeOutcomeOf(status: number, errorCode: string | null): TCodeOutcome {
  if (status >= 200 && status < 300) return 'signed-in';
  if (status === 429) return 'rate-limited';
  if (errorCode !== null && EXPIRED_CODES.has(errorCode)) return 'expired';
  if (status === 400 || status === 401) return 'invalid-code';
  return 'failed';
}

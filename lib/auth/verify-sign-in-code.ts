import { applySetCookies, callAuthHandler, errorCodeOf } from './auth-handler-call';
import { logConsoleOutcome } from '@/lib/server/console-log';
import { RECOVERY_CODE_VERIFY_ENDPOINT, TOTP_VERIFY_ENDPOINT } from './second-factor';
import { codeOutcomeOf, isAuthenticatorCode, type TCodeOutcome } from './sign-in-code';

export type { TCodeOutcome } from './sign-in-code';

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
  if (outcome === 'failed') logConsoleOutcome({ operation: 'signInCode', result: 'failed', status: response.status });
  await applySetCookies(response);
  return outcome;
}

import { applySetCookies, callAuthHandler } from './auth-handler-call';
import { SIGN_IN_ENDPOINT } from './constants';
import { logConsoleOutcome } from '@/lib/server/console-log';
import { outcomeOfStatus, type TSignInOutcome } from './sign-in-attempt';

/**
 * Signs in from a server action through Better Auth's HTTP handler (lib/auth/auth-handler-call.ts). For a
 * person with multi-factor on, a right password yields no session but a pending sign-in (a signed cookie)
 * that the code step (lib/auth/verify-sign-in-code.ts) finishes.
 */
export async function signInWithPassword(options: { email: string; password: string }): Promise<TSignInOutcome> {
  const response = await callAuthHandler(SIGN_IN_ENDPOINT, { email: options.email, password: options.password });
  const outcome = outcomeOfStatus(response.status);
  // The email is the person's, not Keyfort's to log; the audit records who tried.
  if (outcome === 'failed') logConsoleOutcome({ operation: 'signIn', result: 'failed', status: response.status });
  if (outcome !== 'signed-in') return outcome;
  await applySetCookies(response);
  const body: unknown = await response.json().catch(() => null);
  const needsCode = body !== null && typeof body === 'object' && (body as Record<string, unknown>).twoFactorRedirect === true;
  return needsCode ? 'second-factor' : 'signed-in';
}

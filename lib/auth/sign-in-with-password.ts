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
  const started = performance.now();
  const response = await callAuthHandler(SIGN_IN_ENDPOINT, { email: options.email, password: options.password });
  const outcome = outcomeOfStatus(response.status);
  // The log line names the person by ID once known, never by the email typed (the audit records attempts).
  if (outcome !== 'signed-in') {
    logConsoleOutcome({ operation: 'signIn', result: outcome, started, ...(outcome === 'failed' ? { status: response.status } : {}) });
    return outcome;
  }
  await applySetCookies(response);
  const body = (await response.json().catch(() => null)) as { twoFactorRedirect?: unknown; user?: { id?: unknown } } | null;
  const signedIn = body?.twoFactorRedirect === true ? 'second-factor' : 'signed-in';
  const actorId = typeof body?.user?.id === 'string' ? body.user.id : null;
  logConsoleOutcome({ operation: 'signIn', result: signedIn, started, actorId });
  return signedIn;
}

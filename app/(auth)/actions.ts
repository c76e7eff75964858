'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getAuth } from '@/lib/auth/auth';
import { HOME_PAGE, SIGN_IN_CODE_PAGE, SIGN_IN_PAGE } from '@/lib/auth/constants';
import { NEXT_PARAM, pageWithNext, safeNextPath } from '@/lib/auth/next-path';
import { getPrincipal } from '@/lib/auth/session';
import { clientAddress } from '@/lib/auth/client-address';
import { completeSetup } from '@/lib/auth/complete-setup';
import { formText, toFieldErrors, type FieldErrors } from '@/lib/auth/form-errors';
import { setLocaleCookie } from '@/lib/auth/locale-preference';
import { signInWithPassword } from '@/lib/auth/sign-in-with-password';
import { ZSetupPageInput, ZSignInInput } from '@/lib/auth/validation';
import { ZLocale } from '@/lib/i18n/locales';
import { recordAccountEvent } from '@/lib/kms';
import { logConsoleOutcome } from '@/lib/server/console-log';
import { getKmsContext } from '@/lib/server/kms-context';

export interface TSignInState {
  error?: 'invalid-credentials' | 'rate-limited' | 'failed';
  fieldErrors?: FieldErrors;
  /** Echoed so the field keeps it after a failed attempt. The password never is. */
  email?: string;
}

export interface TSetupState {
  error?: 'already-set-up' | 'wrong-code' | 'rate-limited' | 'failed';
  /** With `rate-limited`: whole minutes until the next attempt is allowed. */
  retryAfterMinutes?: number;
  fieldErrors?: FieldErrors;
  /** Echoed so the fields keep them after a refusal. The set-up code and the passwords never are. */
  email?: string;
  name?: string;
}

// Unauthenticated by nature: the session check the console actions make has nothing to check here.
// What guards them instead: Next's same-origin check on actions, the sign-in throttle (per address and per
// account), and set-up needing the one-time code from the log, rate-limited, and refusing once any
// administrator exists.

export async function signInAction(_previous: TSignInState, formData: FormData): Promise<TSignInState> {
  const input = formText(formData, ['email', 'password']);
  const parsed = ZSignInInput.safeParse(input);
  if (!parsed.success) return { fieldErrors: toFieldErrors(parsed.error, input), email: input.email };
  let outcome;
  try {
    // Logs its outcome itself (with the person's ID once signed in).
    outcome = await signInWithPassword(parsed.data);
  } catch (error) {
    outcome = 'failed' as const;
    logConsoleOutcome({ operation: 'signIn', result: outcome, error });
  }
  // Back to the page the person was going to (a deep link), if it is one of ours; else the keys page. With
  // multi-factor on, the deep link rides along to the code step, which lands there once the code is right.
  if (outcome === 'signed-in') redirect(safeNextPath(formData.get(NEXT_PARAM)));
  if (outcome === 'second-factor') redirect(pageWithNext(SIGN_IN_CODE_PAGE, formData.get(NEXT_PARAM)));
  return { error: outcome, email: parsed.data.email };
}

export async function setupAction(_previous: TSetupState, formData: FormData): Promise<TSetupState> {
  const input = formText(formData, ['setupCode', 'email', 'name', 'password', 'confirmPassword']);
  const parsed = ZSetupPageInput.safeParse(input);
  const echo = { email: input.email, name: input.name };
  if (!parsed.success) return { fieldErrors: toFieldErrors(parsed.error, input), ...echo };
  let signedIn = false;
  const started = performance.now();
  try {
    const { email, name, password, setupCode } = parsed.data;
    const result = await completeSetup({ email, name, password, setupCode, address: clientAddress(await headers()) });
    logConsoleOutcome({ operation: 'setup', result: result.outcome, started });
    if (result.outcome === 'already-set-up') return { error: 'already-set-up' };
    if (result.outcome === 'wrong-code') return { error: 'wrong-code', ...echo };
    if (result.outcome === 'rate-limited') return { error: 'rate-limited', retryAfterMinutes: result.retryAfterMinutes, ...echo };
    signedIn = (await signInWithPassword({ email, password })) === 'signed-in';
  } catch (error) {
    logConsoleOutcome({ operation: 'setup', result: 'failed', started, error });
    return { error: 'failed', ...echo };
  }
  // Created but not signed in (e.g. the rate limit): the account exists, so sign-in is the way on.
  redirect(signedIn ? HOME_PAGE : SIGN_IN_PAGE);
}

export async function signOutAction(): Promise<void> {
  const auth = await getAuth();
  // Read before the session ends: the audit record names who signed out, from where.
  const actor = await getPrincipal();
  try {
    // Deletes the session row; Better Auth's Next plugin expires the cookie.
    await auth.api.signOut({ headers: await headers() });
    if (actor) await recordAccountEvent(await getKmsContext(), { actor, action: 'SignOut', errorCode: null });
    if (actor) logConsoleOutcome({ operation: 'signOut', result: 'ok', actorId: actor.id });
  } catch (error) {
    // No session (already signed out, or expired): nothing to end. Anything else is logged, not shown.
    if (actor) logConsoleOutcome({ operation: 'signOut', result: 'failed', actorId: actor.id, error });
  }
  redirect(SIGN_IN_PAGE);
}

/**
 * The language switch on the signed-out pages (sign-in, set-up, set-password): nobody to save it for, so
 * only this browser remembers it (the keyfort-locale cookie). Anything but a supported locale is refused.
 */
export async function setSignedOutLocaleAction(input: unknown): Promise<{ ok: boolean }> {
  const parsed = z.strictObject({ locale: ZLocale }).safeParse(input);
  if (!parsed.success) return { ok: false };
  await setLocaleCookie(parsed.data.locale);
  return { ok: true };
}

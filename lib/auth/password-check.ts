import type { SignInThrottle, TSignInSubject } from './sign-in-throttle';

export type TPasswordCheck = 'accepted' | 'wrong-password' | 'rate-limited';

/**
 * A password typed by someone already signed in (re-authentication, password change) is a guess like any
 * sign-in: it goes through the same per-address and per-account throttle, so a stolen session cannot be used
 * to guess the password faster than the sign-in page allows. Counted before `verify` runs (concurrent
 * guesses cannot slip past the limit); a correct password is taken back afterwards.
 */
export async function throttledPasswordCheck(options: {
  throttle: SignInThrottle;
  subject: TSignInSubject;
  /** True when the password is right; any other failure should throw (it is then not forgiven either). */
  verify: () => Promise<boolean>;
}): Promise<TPasswordCheck> {
  const verdict = await options.throttle.admit(options.subject);
  if (!verdict.allowed) return 'rate-limited';
  if (!(await options.verify())) return 'wrong-password';
  await options.throttle.forgive(options.subject);
  return 'accepted';
}

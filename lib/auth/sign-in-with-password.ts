import { parseSetCookieHeader, toCookieOptions } from 'better-auth/cookies';
import { cookies, headers } from 'next/headers';
import { resolveAuthEnvironment } from './auth-environment';
import { getAuth } from './auth';
import { AUTH_BASE_PATH, SIGN_IN_ENDPOINT } from './constants';
import { outcomeOfStatus, type TSignInOutcome } from './sign-in-attempt';

// Headers Better Auth reads to key the rate limit and to describe the session (IP, browser).
const FORWARDED_HEADERS = ['x-forwarded-for', 'x-real-ip', 'user-agent'];

/**
 * Signs in from a server action through Better Auth's own HTTP handler rather than `auth.api`, because only
 * the handler applies the rate limit; the audit hook runs either way. The origin sent is Keyfort's own:
 * Next has already checked that the action was posted from this site.
 */
export async function signInWithPassword(options: { email: string; password: string }): Promise<TSignInOutcome> {
  const auth = await getAuth();
  const { baseURL } = resolveAuthEnvironment({ env: process.env });
  const incoming = await headers();
  const forwarded = new Headers({ 'content-type': 'application/json', origin: baseURL });
  for (const name of FORWARDED_HEADERS) {
    const value = incoming.get(name);
    if (value) forwarded.set(name, value);
  }
  const response = await auth.handler(
    new Request(`${baseURL}${AUTH_BASE_PATH}${SIGN_IN_ENDPOINT}`, {
      method: 'POST',
      headers: forwarded,
      body: JSON.stringify({ email: options.email, password: options.password }),
    }),
  );
  const outcome = outcomeOfStatus(response.status);
  if (outcome === 'failed') console.error(`[keyfort] sign-in failed with HTTP ${response.status}`);
  if (outcome !== 'signed-in') return outcome;

  const jar = await cookies();
  for (const setCookie of response.headers.getSetCookie()) {
    for (const [name, attributes] of parseSetCookieHeader(setCookie)) {
      jar.set(name, attributes.value, toCookieOptions(attributes));
    }
  }
  return outcome;
}

import { parseSetCookieHeader, toCookieOptions } from 'better-auth/cookies';
import { cookies, headers } from 'next/headers';
import { resolveAuthEnvironment } from './auth-environment';
import { getAuth } from './auth';
import { AUTH_BASE_PATH, SIGN_IN_ENDPOINT } from './constants';
import { outcomeOfStatus, type TSignInOutcome } from './sign-in-attempt';

// Headers the sign-in throttle reads (the client address) and Better Auth uses to describe the session.
const FORWARDED_HEADERS = ['x-forwarded-for', 'x-real-ip', 'user-agent'];

/**
 * Signs in from a server action through Better Auth's own HTTP handler rather than `auth.api`, so the action
 * meets exactly what a direct POST to /api/auth/sign-in/email meets (the throttle and audit hooks, with the
 * client address the front server resolved). The origin sent is Keyfort's own:
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

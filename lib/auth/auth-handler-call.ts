import { parseSetCookieHeader, toCookieOptions } from 'better-auth/cookies';
import { cookies, headers } from 'next/headers';
import { resolveAuthEnvironment } from './auth-environment';
import { getAuth } from './auth';
import { AUTH_BASE_PATH } from './constants';

// Headers the sign-in throttle reads (the client address) and Better Auth uses to describe the session.
const FORWARDED_HEADERS = ['x-forwarded-for', 'x-real-ip', 'user-agent'];

/**
 * Calls one of Better Auth's endpoints from a server action through its own HTTP handler rather than
 * `auth.api`, so the action meets exactly what a direct POST meets (the throttle and audit hooks, with the
 * client address the front server resolved). The origin sent is Keyfort's own: Next has already checked
 * that the action was posted from this site. `withCookies` forwards the browser's cookies (the pending
 * sign-in of a code step).
 */
export async function callAuthHandler(path: string, body: unknown, options: { withCookies?: boolean } = {}): Promise<Response> {
  const auth = await getAuth();
  const { baseURL } = resolveAuthEnvironment({ env: process.env });
  const incoming = await headers();
  const forwarded = new Headers({ 'content-type': 'application/json', origin: baseURL });
  for (const name of [...FORWARDED_HEADERS, ...(options.withCookies ? ['cookie'] : [])]) {
    const value = incoming.get(name);
    if (value) forwarded.set(name, value);
  }
  return auth.handler(new Request(`${baseURL}${AUTH_BASE_PATH}${path}`, { method: 'POST', headers: forwarded, body: JSON.stringify(body) }));
}

/** Hands the cookies Better Auth set (or expired) in its response on to the browser. */
export async function applySetCookies(response: Response): Promise<void> {
  const jar = await cookies();
  for (const setCookie of response.headers.getSetCookie()) {
    for (const [name, attributes] of parseSetCookieHeader(setCookie)) {
      jar.set(name, attributes.value, toCookieOptions(attributes));
    }
  }
}

/** The `code` of a Better Auth error body, or null. */
export async function errorCodeOf(response: Response): Promise<string | null> {
  const body: unknown = await response.json().catch(() => null);
  const code = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).code : undefined;
  return typeof code === 'string' ? code : null;
}

// Dependency-free: proxy.ts, the sign-in page and the sign-in action all read it.

import { HOME_PAGE, SETUP_PAGE, SIGN_IN_PAGE } from './constants';

export const NEXT_PARAM = 'next';
const MAX_NEXT_LENGTH = 2048;
const BASE = 'http://keyfort.invalid';
// Sign-in and set-up would loop; API routes and build assets are no place to land a person.
const NOT_DESTINATIONS = [SIGN_IN_PAGE, SETUP_PAGE, '/api', '/_next'];

/**
 * Where to go after sign-in: `value` when it is a path on this site, else the keys page. Accepted is only
 * an absolute path: one leading "/", no "//" anywhere (a second slash up front would make it another host),
 * no backslash (browsers read it as a slash), no control or space characters (browsers drop some, which
 * could join slashes), no scheme; and it must still resolve to this origin.
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NEXT_LENGTH) return HOME_PAGE;
  if (!value.startsWith('/') || value.includes('//') || value.includes('\\')) return HOME_PAGE;
  if (/[\u0000-\u0020\u007f-\u009f]/.test(value)) return HOME_PAGE;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return HOME_PAGE;
  }
  if (url.origin !== BASE) return HOME_PAGE;
  if (NOT_DESTINATIONS.some((page) => url.pathname === page || url.pathname.startsWith(`${page}/`))) return HOME_PAGE;
  return value;
}

/** `page`, remembering where the person was going (when that is worth remembering: not the keys page). */
export function pageWithNext(page: string, path: unknown): string {
  const next = safeNextPath(path);
  return next === HOME_PAGE ? page : `${page}?${NEXT_PARAM}=${encodeURIComponent(next)}`;
}

/** The sign-in page, remembering where the person was going. */
export function signInPageFor(path: string | null | undefined): string {
  return pageWithNext(SIGN_IN_PAGE, path);
}

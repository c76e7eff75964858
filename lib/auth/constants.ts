// Small and dependency-free so proxy.ts can read them without loading Better Auth or a database driver.

/** Cookies are named `keyfort.session_token` (`__Secure-keyfort.session_token` under https). */
export const AUTH_COOKIE_PREFIX = 'keyfort';
export const AUTH_BASE_PATH = '/api/auth';
export const SIGN_IN_ENDPOINT = '/sign-in/email';
/**
 * Sign-in throttle (lib/auth/sign-in-throttle.ts), counted in the database so all instances share it: failed
 * attempts per 15 minutes, per client address and per account. The account limit is 3× the address limit so
 * one address alone can never lock an account.
 */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const SIGN_IN_FAILURES_PER_ADDRESS = 10;
export const SIGN_IN_FAILURES_PER_ACCOUNT = 3 * SIGN_IN_FAILURES_PER_ADDRESS;

export const SIGN_IN_PAGE = '/sign-in';
/** Set by proxy.ts on every page request (overwriting whatever the client sent): the path and query asked for. */
export const PATH_HEADER = 'x-keyfort-path';
export const SETUP_PAGE = '/setup';
export const HOME_PAGE = '/keys';

/** Administrator passwords: long enough to resist guessing when the rate limit is the only brake. */
export const MIN_ADMIN_PASSWORD_LENGTH = 12;

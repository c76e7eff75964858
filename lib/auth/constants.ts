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
/** The second step of a sign-in with multi-factor on: the authenticator or recovery code. */
export const SIGN_IN_CODE_PAGE = '/sign-in/code';
/** Where people turn multi-factor sign-in on and off; under the policy, the only page open without it. */
export const MFA_ENROLMENT_PAGE = '/account/security';
/** One-time recovery codes issued with multi-factor sign-in (and each time they are regenerated). */
export const RECOVERY_CODE_COUNT = 10;
/** Set by proxy.ts on every page request (overwriting whatever the client sent): the path and query asked for. */
export const PATH_HEADER = 'x-keyfort-path';
export const SETUP_PAGE = '/setup';
/** Opened from a person's one-time link, `/set-password#<token>`: the fragment never reaches a server or a Referer. */
export const SET_PASSWORD_PAGE = '/set-password';
export const HOME_PAGE = '/keys';

/** Administrator passwords: long enough to resist guessing when the rate limit is the only brake. */
export const MIN_ADMIN_PASSWORD_LENGTH = 12;

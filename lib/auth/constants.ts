// Small and dependency-free so proxy.ts can read them without loading Better Auth or a database driver.

/** Cookies are named `keyfort.session_token` (`__Secure-keyfort.session_token` under https). */
export const AUTH_COOKIE_PREFIX = 'keyfort';
export const AUTH_BASE_PATH = '/api/auth';
export const SIGN_IN_ENDPOINT = '/sign-in/email';
/** Per client IP: 5 sign-in attempts a minute, counted in the database so all instances share them. */
export const SIGN_IN_RATE_LIMIT = { window: 60, max: 5 } as const;

export const SIGN_IN_PAGE = '/sign-in';
export const SETUP_PAGE = '/setup';
export const HOME_PAGE = '/keys';

/** Administrator passwords: long enough to resist guessing when the rate limit is the only brake. */
export const MIN_ADMIN_PASSWORD_LENGTH = 12;

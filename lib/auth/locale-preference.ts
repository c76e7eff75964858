// Reads the session and writes the user row: server only.
import 'server-only';
import { cookies, headers } from 'next/headers';
import { getDatabase } from '@/lib/db/client';
import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_SECONDS, type TLocale } from '@/lib/i18n/locales';
import { getAuth } from './auth';
import { AUTH_COOKIE_PREFIX } from './constants';

const SESSION_COOKIES = [`${AUTH_COOKIE_PREFIX}.session_token`, `__Secure-${AUTH_COOKIE_PREFIX}.session_token`];

/**
 * The signed-in person's saved language, or null (signed out, never chosen, or the session cannot be read).
 * Only which language to render depends on it: the page's own session check (requirePagePrincipal) is what
 * refuses an ended session or reports a database outage, so a failure here falls back instead of failing
 * the page. No session cookie, no lookup: the sign-in page costs no query.
 */
export async function savedLocale(): Promise<TLocale | null> {
  const jar = await cookies();
  if (!SESSION_COOKIES.some((name) => jar.has(name))) return null;
  try {
    const auth = await getAuth();
    const session = await auth.api.getSession({ headers: await headers() });
    const locale: unknown = (session?.user as { locale?: unknown } | undefined)?.locale;
    return isLocale(locale) ? locale : null;
  } catch {
    return null;
  }
}

/** Remembers the language in this browser, for its signed-out pages (sign-in) and before any preference is saved. */
export async function setLocaleCookie(locale: TLocale): Promise<void> {
  const jar = await cookies();
  // Not a secret, but nothing in the browser needs to read it; Lax, so arriving from a link keeps the language.
  jar.set(LOCALE_COOKIE, locale, { path: '/', maxAge: LOCALE_COOKIE_MAX_AGE_SECONDS, sameSite: 'lax', httpOnly: true });
}

/** Saves the language on the person's own row; the caller has authenticated them (their own row only). */
export async function saveLocalePreference(userId: string, locale: TLocale): Promise<void> {
  const { prisma } = await getDatabase();
  await prisma.user.update({ where: { id: userId }, data: { locale } });
}

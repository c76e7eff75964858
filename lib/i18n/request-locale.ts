import 'server-only';
import { cookies, headers } from 'next/headers';
import { savedLocale } from '@/lib/auth/locale-preference';
import { LOCALE_COOKIE, type TLocale } from './locales';
import { resolveLocale } from './negotiate-locale';

/** The language this request renders in: saved preference → keyfort-locale cookie → Accept-Language → English. */
export async function requestLocale(): Promise<TLocale> {
  const [saved, jar, requestHeaders] = await Promise.all([savedLocale(), cookies(), headers()]);
  return resolveLocale({ saved, cookie: jar.get(LOCALE_COOKIE)?.value, acceptLanguage: requestHeaders.get('accept-language') });
}

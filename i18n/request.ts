import { getRequestConfig } from 'next-intl/server';

// English only for now; Chinese arrives later with locale detection (cookie / Accept-Language).
const LOCALE = 'en';

/**
 * One JSON file per area (messages/<locale>/<area>.json), each owned by the part of the app that uses it.
 * A file's content becomes the namespace named after the file (`useTranslations('keys')`); a file that
 * already wraps itself in its own name (`{ "auth": { … } }`) is taken as it is.
 */
const AREAS = ['common', 'auth', 'keys', 'audit', 'errors', 'access-keys', 'mfa', 'people', 'account', 'versions', 'audit-actions'] as const;

type Messages = Record<string, unknown>;

async function loadArea(locale: string, area: (typeof AREAS)[number]): Promise<Messages> {
  const content = (await import(`../messages/${locale}/${area}.json`)).default as Messages;
  const keys = Object.keys(content);
  if (keys.length === 1 && keys[0] === area) return content;
  return { [area]: content };
}

export default getRequestConfig(async () => {
  const parts = await Promise.all(AREAS.map((area) => loadArea(LOCALE, area)));
  return {
    locale: LOCALE,
    // SPEC §1: dates are UTC; showing them in UTC everywhere keeps console, API and audit in agreement.
    timeZone: 'UTC',
    messages: Object.assign({}, ...parts) as Messages,
  };
});

import { getRequestConfig } from 'next-intl/server';
import { areaContent, MESSAGE_AREAS, type TMessageArea } from '@/lib/i18n/message-areas';
import { withFallback, type TMessageTree } from '@/lib/i18n/message-tree';
import { DEFAULT_LOCALE, messagesFolder, type TLocale } from '@/lib/i18n/locales';
import { describeIntlError, markMissingMessages, messageFallback } from '@/lib/i18n/missing-message';
import { requestLocale } from '@/lib/i18n/request-locale';
import { componentLogger } from '@/lib/server/logger';

async function loadArea(locale: TLocale, area: TMessageArea): Promise<TMessageTree> {
  try {
    const file = (await import(`../messages/${messagesFolder(locale)}/${area}.json`)).default as TMessageTree;
    return areaContent(area, file);
  } catch (error) {
    // English files are part of the build; a missing one is a broken build, not a gap to fill.
    if (locale === DEFAULT_LOCALE) throw error;
    return {};
  }
}

async function loadMessages(locale: TLocale): Promise<TMessageTree> {
  const areas = await Promise.all(
    MESSAGE_AREAS.map(async (area) => {
      const english = await loadArea(DEFAULT_LOCALE, area);
      if (locale === DEFAULT_LOCALE) return [area, english] as const;
      // Transition aid: a key Chinese lacks is shown in English instead of as a raw key. It never hides a
      // gap for long: lib/i18n/messages-parity.test.ts fails for every key missing from either language.
      return [area, withFallback(await loadArea(locale, area), english)] as const;
    }),
  );
  return Object.fromEntries(areas);
}

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  const mark = markMissingMessages(process.env);
  return {
    locale,
    // SPEC §1: dates are UTC; showing them in UTC everywhere keeps console, API and audit in agreement.
    timeZone: 'UTC',
    messages: await loadMessages(locale),
    onError: (error) => componentLogger('console').warn({ locale }, `message problem: ${describeIntlError(error)}`),
    getMessageFallback: (info) => messageFallback(info, mark),
  };
});

import { DEFAULT_LOCALE, isLocale, type TLocale } from './locales';

interface TLanguageRange {
  tag: string;
  q: number;
  /** Position in the header: among equal q-values the first listed wins (RFC 9110 §12.5.4 leaves it to us). */
  order: number;
}

// RFC 9110 §12.4.2: a weight is 0 to 1 with at most three decimals; anything else makes the range unusable.
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

function parseRanges(header: string): TLanguageRange[] {
  const ranges: TLanguageRange[] = [];
  header.split(',').forEach((part, order) => {
    const [rawTag, ...params] = part.split(';').map((piece) => piece.trim());
    if (!rawTag) return;
    let q = 1;
    for (const param of params) {
      const [name, value] = param.split('=').map((piece) => piece.trim());
      if (name?.toLowerCase() !== 'q') continue;
      if (value === undefined || !QVALUE.test(value)) return;
      q = Number(value);
    }
    if (q > 0) ranges.push({ tag: rawTag.toLowerCase(), q, order });
  });
  return ranges.sort((a, b) => b.q - a.q || a.order - b.order);
}

/**
 * Which console language a language tag asks for. Only Simplified Chinese is offered: `zh` alone, Mainland
 * China, Singapore and the Hans script (zh-Hans-*, also with a region) are it. Traditional Chinese
 * (zh-TW, zh-HK, zh-Hant…) is not, so those fall through to the next range rather than be shown a script
 * their reader did not ask for.
 */
export function localeForTag(tag: string): TLocale | null {
  const subtags = tag.toLowerCase().split('-');
  if (subtags[0] === 'en') return 'en';
  if (subtags[0] !== 'zh') return null;
  const rest = subtags.slice(1);
  if (rest.length === 0) return 'zh-CN';
  if (rest[0] === 'hans') return 'zh-CN';
  if (rest[0] === 'cn' || rest[0] === 'sg') return 'zh-CN';
  return null;
}

/**
 * The best console language for an Accept-Language header: ranges by weight (q=0 means "not this"), the
 * first one naming a language the console has. `*` and no match at all: English.
 */
export function negotiateAcceptLanguage(header: string | null | undefined): TLocale {
  if (!header) return DEFAULT_LOCALE;
  for (const range of parseRanges(header)) {
    if (range.tag === '*') return DEFAULT_LOCALE;
    const locale = localeForTag(range.tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

export interface TLocaleSources {
  /** The signed-in person's saved choice (user.locale); null when signed out or never chosen. */
  saved: string | null | undefined;
  /** The keyfort-locale cookie. */
  cookie: string | null | undefined;
  acceptLanguage: string | null | undefined;
}

/**
 * The language a request is answered in: the person's saved choice, else this browser's cookie, else what
 * the browser asks for, else English. A stored value that is not a supported locale (an old release's, a
 * hand-edited cookie) is skipped rather than trusted.
 */
export function resolveLocale(sources: TLocaleSources): TLocale {
  if (isLocale(sources.saved)) return sources.saved;
  if (isLocale(sources.cookie)) return sources.cookie;
  return negotiateAcceptLanguage(sources.acceptLanguage);
}

import { z } from 'zod';

/**
 * The console's languages. Browser-safe (the language switch imports it): no server code here.
 * Chinese messages live in messages/zh/ (one folder per language, not per region).
 */
export const LOCALES = ['en', 'zh-CN'] as const;

export type TLocale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: TLocale = 'en';

/** Remembers the choice of a browser nobody is signed in on (the sign-in page); a signed-in person's choice is saved on their row. */
export const LOCALE_COOKIE = 'keyfort-locale';

/** A year: a language choice is not something to be asked again soon. */
export const LOCALE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export const ZLocale = z.enum(LOCALES);

export function isLocale(value: unknown): value is TLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The folder under messages/ holding a language's files. */
export function messagesFolder(locale: TLocale): 'en' | 'zh' {
  return locale === 'zh-CN' ? 'zh' : 'en';
}

/** Each language named in itself, so a reader of either can find their own. Not translated on purpose. */
export const LOCALE_NAMES: Readonly<Record<TLocale, string>> = { en: 'English', 'zh-CN': '简体中文' };

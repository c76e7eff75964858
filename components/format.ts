import type { DateTimeFormatOptions } from 'next-intl';

// Console dates: date and minute, 24-hour clock. No locale here: useFormatter/getFormatter apply the page's
// (English "Dec 4, 2026, 16:05", Chinese "2026年12月4日 16:05"); the time zone comes from i18n/request.ts
// (UTC, stated in the column headers and labels), in every language.
export const DATE_TIME: DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' };

export const DATE_TIME_SECONDS: DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' };

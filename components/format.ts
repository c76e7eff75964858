import type { DateTimeFormatOptions } from 'next-intl';

// Console dates: date and minute, 24-hour clock; the time zone comes from i18n/request.ts (UTC, stated in
// the column headers and labels).
export const DATE_TIME: DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' };

export const DATE_TIME_SECONDS: DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' };

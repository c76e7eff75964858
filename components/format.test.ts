import { createFormatter } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { DATE_TIME, DATE_TIME_SECONDS } from './format';

// 23:30 UTC is already the next day in China: a date shown in the browser's or China's zone would say 5 Dec.
const LATE_EVENING_UTC = new Date('2026-12-04T23:30:45Z');

describe('console date formats', () => {
  it('follow the page language and stay in UTC', () => {
    const english = createFormatter({ locale: 'en', timeZone: 'UTC' });
    const chinese = createFormatter({ locale: 'zh-CN', timeZone: 'UTC' });
    expect(english.dateTime(LATE_EVENING_UTC, DATE_TIME)).toBe('Dec 4, 2026, 23:30');
    expect(chinese.dateTime(LATE_EVENING_UTC, DATE_TIME)).toBe('2026年12月4日 23:30');
    expect(chinese.dateTime(LATE_EVENING_UTC, DATE_TIME_SECONDS)).toBe('2026年12月4日 23:30:45');
  });
});

import { describe, expect, it } from 'vitest';
import { markMissingMessages } from './missing-message';

describe('markMissingMessages', () => {
  it('marks in development and tests, and in production only when the e2e server asks', () => {
    expect(markMissingMessages({ NODE_ENV: 'development' })).toBe(true);
    expect(markMissingMessages({ NODE_ENV: 'test' })).toBe(true);
    expect(markMissingMessages({ NODE_ENV: 'production' })).toBe(false);
    expect(markMissingMessages({ NODE_ENV: 'production', KEYFORT_MARK_MISSING_MESSAGES: '1' })).toBe(true);
    expect(markMissingMessages({ NODE_ENV: 'production', KEYFORT_MARK_MISSING_MESSAGES: 'yes' })).toBe(false);
  });
});

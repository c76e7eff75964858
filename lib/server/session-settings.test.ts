import { describe, expect, it } from 'vitest';
import { ConfigurationError } from './configuration-error';
import { sessionLimitsFromEnv } from './session-settings';

describe('sessionLimitsFromEnv', () => {
  it('defaults to 30 minutes idle and 12 hours in all', () => {
    expect(sessionLimitsFromEnv({})).toEqual({ idleMs: 30 * 60_000, maxAgeMs: 12 * 3_600_000 });
    expect(sessionLimitsFromEnv({ KEYFORT_SESSION_IDLE_MINUTES: ' ', KEYFORT_SESSION_MAX_HOURS: '' })).toEqual({
      idleMs: 30 * 60_000,
      maxAgeMs: 12 * 3_600_000,
    });
  });

  it('reads both variables', () => {
    expect(sessionLimitsFromEnv({ KEYFORT_SESSION_IDLE_MINUTES: '15', KEYFORT_SESSION_MAX_HOURS: '8' })).toEqual({
      idleMs: 15 * 60_000,
      maxAgeMs: 8 * 3_600_000,
    });
  });

  it.each([
    ['KEYFORT_SESSION_IDLE_MINUTES', '4'],
    ['KEYFORT_SESSION_IDLE_MINUTES', '1441'],
    ['KEYFORT_SESSION_IDLE_MINUTES', '30m'],
    ['KEYFORT_SESSION_MAX_HOURS', '0'],
    ['KEYFORT_SESSION_MAX_HOURS', '169'],
    ['KEYFORT_SESSION_MAX_HOURS', '1.5'],
  ])('stops start-up on %s=%j with a configuration error naming it', (name, value) => {
    expect(() => sessionLimitsFromEnv({ [name]: value })).toThrow(ConfigurationError);
    expect(() => sessionLimitsFromEnv({ [name]: value })).toThrow(new RegExp(`^${name} must be a whole number of`));
  });
});

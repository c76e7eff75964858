import { describe, expect, it } from 'vitest';
import { ConfigurationError, startupExitCode } from './configuration-error';
import { integerSettingFromEnv } from './integer-setting';

const RANGE = { fallback: 7, min: 1, max: 100 };

describe('integerSettingFromEnv', () => {
  it('gives the fallback when the variable is absent or blank, and the number when it is plain digits in range', () => {
    expect(integerSettingFromEnv({}, 'KEYFORT_X', RANGE)).toBe(7);
    expect(integerSettingFromEnv({ KEYFORT_X: '  ' }, 'KEYFORT_X', RANGE)).toBe(7);
    expect(integerSettingFromEnv({ KEYFORT_X: ' 100 ' }, 'KEYFORT_X', RANGE)).toBe(100);
  });

  it('refuses anything else as a configuration error (exit 78), naming the variable, the range and the value', () => {
    for (const value of ['0', '101', '-1', '2.5', '1e1', '0x10', '+5', 'ten']) {
      let thrown: unknown;
      try {
        integerSettingFromEnv({ KEYFORT_X: value }, 'KEYFORT_X', { ...RANGE, unit: 'of seconds' });
      } catch (error) {
        thrown = error;
      }
      expect(thrown, value).toBeInstanceOf(ConfigurationError);
      expect((thrown as Error).message).toBe(`KEYFORT_X must be a whole number of seconds from 1 to 100, got "${value}".`);
      expect(startupExitCode(thrown)).toBe(78);
    }
  });
});

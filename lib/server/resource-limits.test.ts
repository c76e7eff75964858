import { describe, expect, it } from 'vitest';
import { resourceLimitsFromEnv } from './resource-limits';

describe('resourceLimitsFromEnv', () => {
  it('defaults to 100000 keys, 50 aliases per key (AWS) and 10 usable import tokens per key', () => {
    expect(resourceLimitsFromEnv({})).toEqual({ maxKeys: 100_000, maxAliasesPerKey: 50, maxImportTokensPerKey: 10 });
    expect(resourceLimitsFromEnv({ KEYFORT_MAX_KEYS: ' ' }).maxKeys).toBe(100_000);
  });

  it('reads each variable', () => {
    expect(resourceLimitsFromEnv({ KEYFORT_MAX_KEYS: '3', KEYFORT_MAX_ALIASES_PER_KEY: '2', KEYFORT_MAX_IMPORT_TOKENS_PER_KEY: '1' })).toEqual({
      maxKeys: 3,
      maxAliasesPerKey: 2,
      maxImportTokensPerKey: 1,
    });
  });

  it.each([
    ['KEYFORT_MAX_KEYS', '0'],
    ['KEYFORT_MAX_KEYS', '-1'],
    ['KEYFORT_MAX_KEYS', '1e3'],
    ['KEYFORT_MAX_ALIASES_PER_KEY', '2.5'],
    ['KEYFORT_MAX_ALIASES_PER_KEY', '10001'],
    ['KEYFORT_MAX_IMPORT_TOKENS_PER_KEY', 'ten'],
  ])('stops start-up on %s=%j, naming the variable', (name, value) => {
    expect(() => resourceLimitsFromEnv({ [name]: value })).toThrow(new RegExp(`^${name} must be a whole number from 1 to`));
  });
});

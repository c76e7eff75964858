import { describe, expect, it } from 'vitest';
import { keyPoolSizesFromEnv } from './key-pool-sizes';

describe('keyPoolSizesFromEnv', () => {
  it('keeps two pairs per spec by default', () => {
    expect(keyPoolSizesFromEnv({})).toEqual({ RSA_2048: 2, RSA_3072: 2, RSA_4096: 2 });
  });

  it('applies KEYFORT_KEY_POOL_SIZE to every spec and a per-spec variable over it', () => {
    const env = { KEYFORT_KEY_POOL_SIZE: '4', KEYFORT_KEY_POOL_SIZE_RSA_4096: '0' };
    expect(keyPoolSizesFromEnv(env)).toEqual({ RSA_2048: 4, RSA_3072: 4, RSA_4096: 0 });
  });

  it.each(['-1', '33', '1.5', 'many'])('refuses %s, naming the variable', (value) => {
    expect(() => keyPoolSizesFromEnv({ KEYFORT_KEY_POOL_SIZE_RSA_3072: value })).toThrow(/KEYFORT_KEY_POOL_SIZE_RSA_3072 must be/);
  });
});

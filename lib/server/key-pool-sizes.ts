import { DEFAULT_KEY_PAIR_POOL_SIZE } from '@/lib/kms';
import { WRAPPING_KEY_SPECS, type TWrappingKeySpec } from '@/lib/kms';
import { integerSettingFromEnv } from './integer-setting';

const MAX_POOL_SIZE = 32;

/**
 * Pre-generated wrapping key pairs kept ready per spec: KEYFORT_KEY_POOL_SIZE for every spec (default
 * 2), KEYFORT_KEY_POOL_SIZE_RSA_4096 etc. per spec. 0 generates on demand (slow for RSA_4096).
 */
export function keyPoolSizesFromEnv(env: Record<string, string | undefined>): Record<TWrappingKeySpec, number> {
  const all = integerSettingFromEnv(env, 'KEYFORT_KEY_POOL_SIZE', { fallback: DEFAULT_KEY_PAIR_POOL_SIZE, min: 0, max: MAX_POOL_SIZE });
  const sizes = {} as Record<TWrappingKeySpec, number>;
  for (const spec of WRAPPING_KEY_SPECS) sizes[spec] = integerSettingFromEnv(env, `KEYFORT_KEY_POOL_SIZE_${spec}`, { fallback: all, min: 0, max: MAX_POOL_SIZE });
  return sizes;
}

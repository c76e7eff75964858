import { DEFAULT_KEY_PAIR_POOL_SIZE } from '@/lib/kms/crypto/key-pair-pool';
import { WRAPPING_KEY_SPECS, type TWrappingKeySpec } from '@/lib/kms/crypto/wrapping';

const MAX_POOL_SIZE = 32;

function sizeFromEnv(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > MAX_POOL_SIZE) {
    throw new Error(`${name} must be a whole number from 0 to ${MAX_POOL_SIZE}, got "${raw}".`);
  }
  return value;
}

/**
 * Pre-generated wrapping key pairs kept ready per spec: KEYFORT_KEY_POOL_SIZE for every spec (default
 * 2), KEYFORT_KEY_POOL_SIZE_RSA_4096 etc. per spec. 0 generates on demand (slow for RSA_4096).
 */
export function keyPoolSizesFromEnv(env: Record<string, string | undefined>): Record<TWrappingKeySpec, number> {
  const all = sizeFromEnv(env, 'KEYFORT_KEY_POOL_SIZE', DEFAULT_KEY_PAIR_POOL_SIZE);
  const sizes = {} as Record<TWrappingKeySpec, number>;
  for (const spec of WRAPPING_KEY_SPECS) sizes[spec] = sizeFromEnv(env, `KEYFORT_KEY_POOL_SIZE_${spec}`, all);
  return sizes;
}

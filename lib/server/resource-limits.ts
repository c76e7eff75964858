import { DEFAULT_RESOURCE_LIMITS, type TResourceLimits } from '@/lib/kms/limits';

function limitFromEnv(env: Record<string, string | undefined>, name: string, options: { fallback: number; max: number }): number {
  const raw = env[name]?.trim();
  if (!raw) return options.fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1 || value > options.max) {
    throw new Error(`${name} must be a whole number from 1 to ${options.max}, got "${raw}".`);
  }
  return value;
}

/**
 * The resource limits (SPEC §7, LIMIT_EXCEEDED): KEYFORT_MAX_KEYS (default 100000), KEYFORT_MAX_ALIASES_PER_KEY
 * (default 50, AWS's), KEYFORT_MAX_IMPORT_TOKENS_PER_KEY (unused, unexpired import tokens, default 10).
 * Malformed values stop start-up with a message naming the variable. Every instance should use the same values.
 */
export function resourceLimitsFromEnv(env: Record<string, string | undefined>): TResourceLimits {
  return {
    maxKeys: limitFromEnv(env, 'KEYFORT_MAX_KEYS', { fallback: DEFAULT_RESOURCE_LIMITS.maxKeys, max: 100_000_000 }),
    maxAliasesPerKey: limitFromEnv(env, 'KEYFORT_MAX_ALIASES_PER_KEY', { fallback: DEFAULT_RESOURCE_LIMITS.maxAliasesPerKey, max: 10_000 }),
    maxImportTokensPerKey: limitFromEnv(env, 'KEYFORT_MAX_IMPORT_TOKENS_PER_KEY', {
      fallback: DEFAULT_RESOURCE_LIMITS.maxImportTokensPerKey,
      max: 10_000,
    }),
  };
}

import { DEFAULT_RESOURCE_LIMITS, type TResourceLimits } from '@/lib/kms';
import { integerSettingFromEnv } from './integer-setting';

/**
 * The resource limits (SPEC §7, LIMIT_EXCEEDED): KEYFORT_MAX_KEYS (default 100000), KEYFORT_MAX_ALIASES_PER_KEY
 * (default 50, AWS's), KEYFORT_MAX_IMPORT_TOKENS_PER_KEY (unused, unexpired import tokens, default 10).
 * Malformed values stop start-up with a message naming the variable. Every instance should use the same values.
 */
export function resourceLimitsFromEnv(env: Record<string, string | undefined>): TResourceLimits {
  return {
    maxKeys: integerSettingFromEnv(env, 'KEYFORT_MAX_KEYS', { min: 1, fallback: DEFAULT_RESOURCE_LIMITS.maxKeys, max: 100_000_000 }),
    maxAliasesPerKey: integerSettingFromEnv(env, 'KEYFORT_MAX_ALIASES_PER_KEY', { min: 1, fallback: DEFAULT_RESOURCE_LIMITS.maxAliasesPerKey, max: 10_000 }),
    maxImportTokensPerKey: integerSettingFromEnv(env, 'KEYFORT_MAX_IMPORT_TOKENS_PER_KEY', {
      min: 1,
      fallback: DEFAULT_RESOURCE_LIMITS.maxImportTokensPerKey,
      max: 10_000,
    }),
  };
}

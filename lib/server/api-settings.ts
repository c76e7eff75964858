import { availableParallelism } from 'node:os';
import { awsAccountIdFromEnv } from '@/lib/aws-api/account';

export interface TApiServerSettings {
  port: number;
  host: string;
  workers: number;
  accountId: string;
}

const MAX_WORKERS = 64;

function integerFromEnv(env: Record<string, string | undefined>, name: string, options: { fallback: number; min: number; max: number }): number {
  const raw = env[name]?.trim();
  if (!raw) return options.fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < options.min || value > options.max) {
    throw new Error(`${name} must be a whole number from ${options.min} to ${options.max}, got "${raw}".`);
  }
  return value;
}

/** The dedicated API listener's settings; malformed values stop start-up with a message naming the variable. */
export function apiServerSettingsFromEnv(env: Record<string, string | undefined>): TApiServerSettings {
  return {
    port: integerFromEnv(env, 'KEYFORT_API_PORT', { fallback: 4000, min: 0, max: 65535 }),
    host: env.KEYFORT_API_HOST?.trim() || '0.0.0.0',
    // One worker per core by default: the data plane is CPU-bound (SigV4 hashing, AES-GCM, JSON).
    workers: integerFromEnv(env, 'KEYFORT_API_WORKERS', { fallback: Math.min(availableParallelism(), MAX_WORKERS), min: 1, max: MAX_WORKERS }),
    accountId: awsAccountIdFromEnv(env),
  };
}

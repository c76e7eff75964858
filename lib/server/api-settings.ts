import { availableParallelism } from 'node:os';
import { awsAccountIdFromEnv } from '@/lib/aws-api/account';
import { decideBindHost } from './bind-policy';
import { integerSettingFromEnv } from './integer-setting';
import { tlsSettingsFromEnv, type TTlsSettings } from './tls-settings';

export interface TApiServerSettings {
  port: number;
  host: string;
  workers: number;
  accountId: string;
  /** HTTPS when set (KEYFORT_TLS_CERT_FILE / KEYFORT_TLS_KEY_FILE), read once per process. */
  tls: TTlsSettings | null;
  plainHttpWarning: string | null;
}

const MAX_WORKERS = 64;

/**
 * The dedicated API listener's settings; malformed values stop start-up with a ConfigurationError naming the
 * variable. The listener reads no forwarding header (X-Forwarded-*, Forwarded): SigV4 authenticates the
 * caller, and nothing there depends on a client address, so KEYFORT_TRUSTED_PROXIES does not apply.
 */
export function apiServerSettingsFromEnv(env: Record<string, string | undefined>): TApiServerSettings {
  const port = integerSettingFromEnv(env, 'KEYFORT_API_PORT', { fallback: 4000, min: 0, max: 65535 });
  const tls = tlsSettingsFromEnv(env);
  const bind = decideBindHost({ env, variable: 'KEYFORT_API_HOST', listener: 'AWS API listener', tls: tls !== null, port });
  return {
    port,
    host: bind.host,
    tls,
    plainHttpWarning: bind.plainHttpWarning,
    // One worker per core by default: the data plane is CPU-bound (SigV4 hashing, AES-GCM, JSON).
    workers: integerSettingFromEnv(env, 'KEYFORT_API_WORKERS', { fallback: Math.min(availableParallelism(), MAX_WORKERS), min: 1, max: MAX_WORKERS }),
    accountId: awsAccountIdFromEnv(env),
  };
}

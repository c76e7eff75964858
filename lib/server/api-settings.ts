import { availableParallelism } from 'node:os';
import { awsAccountIdFromEnv } from '@/lib/aws-api';
import { decideBindHost } from './bind-policy';
import { integerSettingFromEnv } from './integer-setting';
import { tlsConfigured, tlsSettingsFromEnv, type TTlsSettings } from './tls-settings';
import { parseTrustedProxies, type TTrustedProxies } from './trusted-proxies';

export interface TApiServerSettings {
  port: number;
  host: string;
  workers: number;
  accountId: string;
  /** HTTPS when set (KEYFORT_TLS_CERT_FILE / KEYFORT_TLS_KEY_FILE), read once per process. */
  tls: TTlsSettings | null;
  plainHttpWarning: string | null;
  /** KEYFORT_TRUSTED_PROXIES, as the console reads it: whose X-Forwarded-For names the audited client address. */
  trustedProxies: TTrustedProxies;
}

const MAX_WORKERS = 64;

/**
 * The dedicated API listener's settings; malformed values stop start-up with a ConfigurationError naming the
 * variable. SigV4 authenticates the caller; the client address is only recorded in the audit, read from
 * X-Forwarded-For only when the peer is a proxy listed in KEYFORT_TRUSTED_PROXIES (as on the console).
 */
/** Where the API listener answers, as a browser on the console's host would reach it: scheme and port only. */
export interface TApiListenerAddress {
  protocol: 'http' | 'https';
  port: number;
}

const API_PORT_SETTING = { fallback: 4000, min: 0, max: 65535 } as const;

/**
 * The API listener's scheme and port without reading the certificate files: for pages that show the
 * endpoint to use, so the example commands skip the console (the slow path through /api/aws).
 */
export function apiListenerAddressFromEnv(env: Record<string, string | undefined>): TApiListenerAddress {
  return {
    protocol: tlsConfigured(env) ? 'https' : 'http',
    port: integerSettingFromEnv(env, 'KEYFORT_API_PORT', API_PORT_SETTING),
  };
}

export function apiServerSettingsFromEnv(env: Record<string, string | undefined>): TApiServerSettings {
  const port = integerSettingFromEnv(env, 'KEYFORT_API_PORT', API_PORT_SETTING);
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
    trustedProxies: parseTrustedProxies(env.KEYFORT_TRUSTED_PROXIES),
  };
}

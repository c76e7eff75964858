import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigurationError } from './configuration-error';
import { integerSettingFromEnv } from './integer-setting';

/** Shorter tokens are guessable by whoever can reach the port; 32 characters of a generator's output are not. */
export const MIN_METRICS_TOKEN_LENGTH = 32;
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

export interface TOpsSettings {
  /** SHA-256 of KEYFORT_METRICS_TOKEN; null when unset (then /metrics does not exist). The token itself is not kept. */
  metricsTokenDigest: Buffer | null;
  /** How long in-flight requests get to finish after SIGTERM before their connections are cut. */
  shutdownGraceMs: number;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** KEYFORT_METRICS_TOKEN and KEYFORT_SHUTDOWN_GRACE_MS, read at start-up; a bad one is a ConfigurationError (exit 78). */
export function opsSettingsFromEnv(env: Record<string, string | undefined>): TOpsSettings {
  const token = env.KEYFORT_METRICS_TOKEN;
  if (token !== undefined && token !== '' && (token.trim() !== token || token.length < MIN_METRICS_TOKEN_LENGTH)) {
    // The value is a secret: its length and the rule, never the value.
    throw new ConfigurationError(
      `KEYFORT_METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_LENGTH} characters without surrounding spaces (e.g. openssl rand -hex 32); it has ${token.length}.`,
    );
  }
  return {
    metricsTokenDigest: token ? digest(token) : null,
    shutdownGraceMs: integerSettingFromEnv(env, 'KEYFORT_SHUTDOWN_GRACE_MS', { fallback: DEFAULT_SHUTDOWN_GRACE_MS, min: 0, max: 600_000, unit: 'of milliseconds' }),
  };
}

export type TMetricsAccess = 'allowed' | 'unauthorized' | 'disabled';

/**
 * Whether a scrape may read /metrics: `Authorization: Bearer <token>`. Both sides are hashed first, so the
 * comparison is constant-time whatever the length sent.
 */
export function metricsAccess(authorization: string | string[] | undefined, tokenDigest: Buffer | null): TMetricsAccess {
  if (!tokenDigest) return 'disabled';
  const header = Array.isArray(authorization) ? undefined : authorization;
  const match = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
  if (!match) return 'unauthorized';
  return timingSafeEqual(digest(match[1]!), tokenDigest) ? 'allowed' : 'unauthorized';
}

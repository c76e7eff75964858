import { describe, expect, it } from 'vitest';
import { ConfigurationError } from './configuration-error';
import { DEFAULT_SHUTDOWN_GRACE_MS, metricsAccess, opsSettingsFromEnv } from './ops-settings';

const TOKEN = 'k'.repeat(31) + 'z';

describe('opsSettingsFromEnv', () => {
  it('leaves /metrics off without KEYFORT_METRICS_TOKEN and gives in-flight requests 10 s by default', () => {
    expect(opsSettingsFromEnv({})).toEqual({ metricsTokenDigest: null, shutdownGraceMs: DEFAULT_SHUTDOWN_GRACE_MS });
  });

  it('refuses a token shorter than 32 characters, naming the variable but not echoing the value', () => {
    const short = 'short-but-secret-value';
    expect(() => opsSettingsFromEnv({ KEYFORT_METRICS_TOKEN: short })).toThrow(ConfigurationError);
    expect(() => opsSettingsFromEnv({ KEYFORT_METRICS_TOKEN: short })).toThrow(/KEYFORT_METRICS_TOKEN/);
    expect(() => opsSettingsFromEnv({ KEYFORT_METRICS_TOKEN: short })).not.toThrow(new RegExp(short));
  });

  it('refuses a token with surrounding spaces (a copy-paste that would never match)', () => {
    expect(() => opsSettingsFromEnv({ KEYFORT_METRICS_TOKEN: ` ${TOKEN}` })).toThrow(/KEYFORT_METRICS_TOKEN/);
  });

  it('keeps a digest of the token, not the token', () => {
    const { metricsTokenDigest } = opsSettingsFromEnv({ KEYFORT_METRICS_TOKEN: TOKEN });
    expect(metricsTokenDigest?.length).toBe(32);
    expect(metricsTokenDigest?.toString('utf8')).not.toContain(TOKEN);
  });

  it('reads KEYFORT_SHUTDOWN_GRACE_MS as whole milliseconds and refuses anything else', () => {
    expect(opsSettingsFromEnv({ KEYFORT_SHUTDOWN_GRACE_MS: '2500' }).shutdownGraceMs).toBe(2500);
    expect(() => opsSettingsFromEnv({ KEYFORT_SHUTDOWN_GRACE_MS: '10s' })).toThrow(/KEYFORT_SHUTDOWN_GRACE_MS/);
  });
});

describe('metricsAccess', () => {
  const digest = opsSettingsFromEnv({ KEYFORT_METRICS_TOKEN: TOKEN }).metricsTokenDigest;

  it('is disabled without a configured token, whatever is sent', () => {
    expect(metricsAccess(`Bearer ${TOKEN}`, null)).toBe('disabled');
  });

  it('allows exactly the configured bearer token', () => {
    expect(metricsAccess(`Bearer ${TOKEN}`, digest)).toBe('allowed');
    expect(metricsAccess(`bearer ${TOKEN}`, digest)).toBe('allowed');
  });

  it('refuses a missing, different, longer, shorter or unprefixed token', () => {
    for (const header of [undefined, '', 'Bearer', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, TOKEN, `Basic ${TOKEN}`, [`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]]) {
      expect(metricsAccess(header, digest), String(header)).toBe('unauthorized');
    }
  });
});

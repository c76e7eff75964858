import { describe, expect, it } from 'vitest';
import type { TApiRequestEvent } from '@/lib/aws-api';
import { apiRequestObserver, createKeyfortMetrics, type TKeyfortMetrics } from './metrics';

function event(overrides: Partial<TApiRequestEvent> = {}): TApiRequestEvent {
  return { operation: 'Encrypt', actorId: 'KFACTOR1', keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', result: 'Success', status: 200, durationMs: 1.5, ...overrides };
}

async function value(metrics: TKeyfortMetrics, name: string, labels: Record<string, string>): Promise<number | undefined> {
  // A histogram's samples are listed under its base name, each with its own metricName (…_sum, …_count).
  const samples = (await metrics.registry.getMetricsAsJSON()).flatMap((metric) =>
    metric.values.map((sample) => ({ ...sample, name: (sample as { metricName?: string }).metricName ?? metric.name })),
  );
  const found = samples.find((sample) => sample.name === name && Object.entries(labels).every(([label, wanted]) => sample.labels[label] === wanted));
  return found?.value;
}

describe('API request metrics', () => {
  it('counts requests and records their duration in seconds by operation and result', async () => {
    const metrics = createKeyfortMetrics();
    const observe = apiRequestObserver(metrics);
    observe(event());
    observe(event({ durationMs: 3 }));
    observe(event({ result: 'DisabledException', status: 400 }));
    expect(await value(metrics, 'keyfort_api_requests_total', { operation: 'Encrypt', result: 'Success' })).toBe(2);
    expect(await value(metrics, 'keyfort_api_requests_total', { operation: 'Encrypt', result: 'DisabledException' })).toBe(1);
    expect(await value(metrics, 'keyfort_api_request_duration_seconds_sum', { operation: 'Encrypt', result: 'Success' })).toBeCloseTo(0.0045);
  });

  it('never labels with a key ID, an alias or an access key ID, and folds unknown operations into "other"', async () => {
    const metrics = createKeyfortMetrics();
    const observe = apiRequestObserver(metrics);
    observe(event({ keyId: 'alias/payroll-secret-name', actorId: 'KFSECRETACTOR' }));
    observe(event({ operation: 'request', result: 'UnrecognizedClientException', status: 400 }));
    observe(event({ operation: 'DoSomethingMadeUp' }));
    const text = await metrics.registry.metrics();
    expect(text).not.toContain('payroll-secret-name');
    expect(text).not.toContain('KFSECRETACTOR');
    expect(text).not.toContain('1234abcd-12ab');
    expect(text).not.toContain('DoSomethingMadeUp');
    expect(await value(metrics, 'keyfort_api_requests_total', { operation: 'other', result: 'Success' })).toBe(1);
    expect(await value(metrics, 'keyfort_api_requests_total', { operation: 'other', result: 'UnrecognizedClientException' })).toBe(1);
  });

  it('caps the number of distinct results, so that series stay bounded', async () => {
    const metrics = createKeyfortMetrics();
    const observe = apiRequestObserver(metrics);
    for (let i = 0; i < 100; i++) observe(event({ result: `Exception${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}` }));
    const series = (await metrics.registry.getMetricsAsJSON()).find((metric) => metric.name === 'keyfort_api_requests_total')!.values;
    expect(series.length).toBeLessThanOrEqual(65);
    expect(series.find((sample) => sample.labels.result === 'other')?.value).toBe(100 - 64);
  });

  it('counts API imports by result as well', async () => {
    const metrics = createKeyfortMetrics();
    const observe = apiRequestObserver(metrics);
    observe(event({ operation: 'ImportKeyMaterial' }));
    observe(event({ operation: 'ImportKeyMaterial', result: 'ExpiredImportTokenException', status: 400 }));
    expect(await value(metrics, 'keyfort_imports_total', { channel: 'api', result: 'Success' })).toBe(1);
    expect(await value(metrics, 'keyfort_imports_total', { channel: 'api', result: 'ExpiredImportTokenException' })).toBe(1);
  });
});

describe('cache metrics', () => {
  it('reads the caches’ own hit and miss counts at each scrape', async () => {
    const metrics = createKeyfortMetrics();
    const stats = { hits: 3, misses: 1 };
    metrics.cacheSources.key = () => stats;
    expect(await value(metrics, 'keyfort_key_cache_lookups_total', { result: 'hit' })).toBe(3);
    stats.hits = 7;
    expect(await value(metrics, 'keyfort_key_cache_lookups_total', { result: 'hit' })).toBe(7);
    expect(await value(metrics, 'keyfort_key_cache_lookups_total', { result: 'miss' })).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import type { TApiRequestEvent } from '@/lib/aws-api';
import { KmsError } from '@/lib/kms';
import { apiRequestObserver, countConsoleImport, countSignIn, createKeyfortMetrics, keyfortMetrics, type TKeyfortMetrics } from './metrics';

function event(overrides: Partial<TApiRequestEvent> = {}): TApiRequestEvent {
  return { requestId: 'request-1', operation: 'Encrypt', actorId: 'KFACTOR1', keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', result: 'Success', status: 200, durationMs: 1.5, ...overrides };
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
  it('counts Huawei API requests in their own series and leaves the AWS series alone', async () => {
    const metrics = createKeyfortMetrics();
    const observe = apiRequestObserver(metrics);
    observe(event({ api: 'huawei', operation: 'request', result: 'KMS.0302', status: 401 }));
    observe(event({ api: 'huawei', operation: 'made-up-route', result: 'Success' }));
    expect(await value(metrics, 'keyfort_huawei_api_requests_total', { operation: 'request', result: 'KMS.0302' })).toBeUndefined();
    // 'request' (no route found) and names no route has fold into 'other', as for the AWS series.
    expect(await value(metrics, 'keyfort_huawei_api_requests_total', { operation: 'other', result: 'KMS.0302' })).toBe(1);
    expect(await value(metrics, 'keyfort_huawei_api_requests_total', { operation: 'other', result: 'Success' })).toBe(1);
    expect(await value(metrics, 'keyfort_api_requests_total', { operation: 'other', result: 'Success' })).toBeUndefined();
  });

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

describe('console counters (the process-wide set)', () => {
  it('counts sign-in attempts as success, failure, rate-limited or refused', async () => {
    const metrics = keyfortMetrics();
    const before = async (result: string) => (await value(metrics, 'keyfort_sign_ins_total', { result })) ?? 0;
    const start = { success: await before('success'), failure: await before('failure'), limited: await before('rate-limited'), refused: await before('refused') };
    countSignIn({ success: true });
    countSignIn({ success: false });
    countSignIn({ success: false, rateLimited: true });
    countSignIn({ success: false, refusal: 'disabled' });
    expect(await value(metrics, 'keyfort_sign_ins_total', { result: 'success' })).toBe(start.success + 1);
    expect(await value(metrics, 'keyfort_sign_ins_total', { result: 'failure' })).toBe(start.failure + 1);
    expect(await value(metrics, 'keyfort_sign_ins_total', { result: 'rate-limited' })).toBe(start.limited + 1);
    expect(await value(metrics, 'keyfort_sign_ins_total', { result: 'refused' })).toBe(start.refused + 1);
  });

  it('names console import results as the API does', async () => {
    const metrics = keyfortMetrics();
    countConsoleImport();
    countConsoleImport(new KmsError('TOKEN_EXPIRED', 'expired'));
    countConsoleImport(new Error('driver text with secrets'));
    expect(await value(metrics, 'keyfort_imports_total', { channel: 'console', result: 'Success' })).toBeGreaterThanOrEqual(1);
    expect(await value(metrics, 'keyfort_imports_total', { channel: 'console', result: 'ExpiredImportTokenException' })).toBeGreaterThanOrEqual(1);
    expect(await value(metrics, 'keyfort_imports_total', { channel: 'console', result: 'KMSInternalException' })).toBeGreaterThanOrEqual(1);
    expect(await metrics.registry.metrics()).not.toContain('driver text');
  });
});

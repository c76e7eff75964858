import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ApiRequestSeries } from './api-request-series';

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01];
const TEXTS = { requests: { name: 'x_requests_total', help: 'Requests.' }, duration: { name: 'x_duration_seconds', help: 'Durations.' } };
// Values at, between and past the bounds, for two label pairs; a fixed list, so the test says the same each run.
const OBSERVATIONS: Array<[string, string, number]> = [
  ['Encrypt', 'Success', 0.0001],
  ['Encrypt', 'Success', 0.0005],
  ['Encrypt', 'Success', 0.00051],
  ['Encrypt', 'Success', 0.004],
  ['Encrypt', 'Success', 0.01],
  ['Encrypt', 'Success', 0.5],
  ['Decrypt', 'InvalidCiphertextException', 0.002],
  ['Decrypt', 'InvalidCiphertextException', 3],
];

function withPromClient() {
  const registry = new Registry();
  const requests = new Counter({ ...TEXTS.requests, labelNames: ['operation', 'result'], registers: [registry] });
  const duration = new Histogram({ ...TEXTS.duration, labelNames: ['operation', 'result'], buckets: BUCKETS, registers: [registry] });
  for (const [operation, result, seconds] of OBSERVATIONS) {
    requests.labels(operation, result).inc();
    duration.labels(operation, result).observe(seconds);
  }
  return registry;
}

function withSeries() {
  const registry = new Registry();
  const series = new ApiRequestSeries({ registry, ...TEXTS, buckets: BUCKETS });
  for (const [operation, result, seconds] of OBSERVATIONS) series.observe(series.child(operation, result), seconds);
  return { registry, series };
}

describe('API request series', () => {
  it('export exactly what prom-client’s Counter and Histogram export for the same requests, as text and as JSON', async () => {
    const reference = withPromClient();
    const { registry } = withSeries();
    expect(await registry.metrics()).toBe(await reference.metrics());
    expect(await registry.getMetricsAsJSON()).toEqual(await reference.getMetricsAsJSON());
  });

  it('sum across workers as prom-client’s cluster aggregation sums its own metrics', async () => {
    const { AggregatorRegistry } = await import('prom-client');
    const ours = await withSeries().registry.getMetricsAsJSON();
    const theirs = await withPromClient().getMetricsAsJSON();
    const aggregate = (json: typeof ours) => AggregatorRegistry.aggregate([json, json]).metrics();
    expect(await aggregate(ours)).toBe(await aggregate(theirs));
  });

  it('leave out pairs never counted, and a reset zeroes what observers still hold', async () => {
    const { registry, series } = withSeries();
    const kept = series.child('Encrypt', 'Success');
    series.child('ListKeys', 'Success');
    expect(await registry.metrics()).not.toContain('ListKeys');
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('Encrypt');
    series.observe(kept, 0.001);
    expect(await registry.metrics()).toContain('x_requests_total{operation="Encrypt",result="Success"} 1');
  });
});

import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { AWS_EXCEPTION_BY_CODE, OPERATIONS, type TApiRequestEvent } from '@/lib/aws-api';
import { HUAWEI_ROUTES } from '@/lib/huawei-api';
import { isKmsError } from '@/lib/kms';
import { ApiRequestSeries, type TApiSeriesChild } from './api-request-series';

/*
 * Keyfort's Prometheus metrics, one set per process. Labels only ever hold values from bounded sets Keyfort
 * itself defines (operation names, result names, job names): never a key ID, an alias, an access key ID or
 * anything else a client chooses, which would both leak and let anyone grow the series without bound.
 */

export const METRICS_PREFIX = 'keyfort_';

/** Seconds. KMS calls answered from the cache take well under a millisecond; database round trips a few. */
const API_DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** Distinct `result` values kept before the rest read as "other": results come from Keyfort's own code. */
const MAX_RESULTS = 64;

export interface TCacheStats {
  hits: number;
  misses: number;
}

export type TSignInResult = 'success' | 'failure' | 'rate-limited' | 'refused';
export type TJobOutcome = 'ran' | 'failed' | 'skipped';

export interface TKeyfortMetrics {
  registry: Registry;
  /** keyfort_api_requests_total and keyfort_api_request_duration_seconds. */
  apiRequests: ApiRequestSeries;
  /** The Huawei API's own series (operation = Huawei's route name, result = Success or its error code). */
  huaweiApiRequests: ApiRequestSeries;
  imports: Counter<'channel' | 'result'>;
  signIns: Counter<'result'>;
  jobRuns: Counter<'job' | 'outcome'>;
  /** Changes this process announced to others, and changes from elsewhere its caches applied. */
  changeNotifications: Counter<'direction'>;
  /** Where the cache counters are read at scrape time; set by whoever owns the caches. */
  cacheSources: { key?: () => TCacheStats; credential?: () => TCacheStats };
}

/** A counter mirroring a cache's own hit and miss counts, read at each scrape. */
function cacheCounter(registry: Registry, name: string, help: string, read: () => TCacheStats | undefined): void {
  new Counter({
    name,
    help,
    labelNames: ['result'],
    registers: [registry],
    collect() {
      const stats = read();
      if (!stats) return;
      this.reset();
      this.inc({ result: 'hit' }, stats.hits);
      this.inc({ result: 'miss' }, stats.misses);
    },
  });
}

/** An API's request counter and duration histogram: keyfort_<name>_requests_total and …_request_duration_seconds. */
function apiSeries(registry: Registry, words: { name: string; requests: string; aRequest: string }): ApiRequestSeries {
  return new ApiRequestSeries({
    registry,
    requests: { name: `${METRICS_PREFIX}${words.name}_requests_total`, help: `${words.requests} answered, by operation and result.` },
    duration: {
      name: `${METRICS_PREFIX}${words.name}_request_duration_seconds`,
      help: `Time from receiving ${words.aRequest} to its answer being ready, by operation and result.`,
    },
    buckets: API_DURATION_BUCKETS,
  });
}

/** A fresh set on its own registry; processes use keyfortMetrics(), tests this. */
export function createKeyfortMetrics(): TKeyfortMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRICS_PREFIX });
  const cacheSources: TKeyfortMetrics['cacheSources'] = {};
  cacheCounter(registry, `${METRICS_PREFIX}key_cache_lookups_total`, 'Key cache lookups (encrypt, decrypt, data keys) by hit or miss.', () => cacheSources.key?.());
  cacheCounter(registry, `${METRICS_PREFIX}credential_cache_lookups_total`, 'Access key lookups of the AWS API by hit or miss.', () => cacheSources.credential?.());
  return {
    registry,
    cacheSources,
    apiRequests: apiSeries(registry, { name: 'api', requests: 'AWS API requests', aRequest: 'an AWS API request' }),
    huaweiApiRequests: apiSeries(registry, { name: 'huawei_api', requests: 'Huawei KMS API requests', aRequest: 'a Huawei KMS API request' }),
    imports: new Counter({ name: `${METRICS_PREFIX}imports_total`, help: 'Key material imports, by channel (api, console) and result.', labelNames: ['channel', 'result'], registers: [registry] }),
    signIns: new Counter({ name: `${METRICS_PREFIX}sign_ins_total`, help: 'Console sign-in attempts (password or second factor), by result.', labelNames: ['result'], registers: [registry] }),
    jobRuns: new Counter({ name: `${METRICS_PREFIX}background_job_runs_total`, help: 'Background job ticks, by job and outcome (ran, failed, skipped).', labelNames: ['job', 'outcome'], registers: [registry] }),
    changeNotifications: new Counter({
      name: `${METRICS_PREFIX}change_notifications_total`,
      help: 'Cache invalidations pushed between workers and instances: published here, or received from elsewhere and applied.',
      labelNames: ['direction'],
      registers: [registry],
    }),
  };
}

// On globalThis: the console's front server (scripts/serve.ts) and the Next bundle it runs load this module
// as separate copies; both must count into the one registry that /metrics answers from.
const METRICS = Symbol.for('keyfort.metrics');
type Holder = { [METRICS]?: TKeyfortMetrics };

export function keyfortMetrics(): TKeyfortMetrics {
  const holder = globalThis as Holder;
  return (holder[METRICS] ??= createKeyfortMetrics());
}

type TApiSeries = {
  series: ApiRequestSeries;
  /** Operation names counted as themselves; any other is 'other'. */
  knows: (operation: string) => boolean;
  importOperation: string;
};

/**
 * One API's observer. The data plane pays two map lookups and a few additions per request: the tallies of
 * each (operation, result) are found once and kept.
 */
function seriesObserver(metrics: TKeyfortMetrics, series: TApiSeries): (event: TApiRequestEvent) => void {
  type TChild = { tallies: TApiSeriesChild; imports: Counter.Internal | null };
  // Two levels instead of one joined key: no string is built per request. Keyed by what the handler sent,
  // which is bounded too: unknown operations all arrive as 'request', results come from Keyfort's code.
  const byOperation = new Map<string, Map<string, TChild>>();
  const results = new Set<string>();
  const create = (event: TApiRequestEvent): TChild => {
    const operation = series.knows(event.operation) ? event.operation : 'other';
    if (results.size < MAX_RESULTS) results.add(event.result);
    const result = results.has(event.result) ? event.result : 'other';
    return {
      tallies: series.series.child(operation, result),
      imports: operation === series.importOperation ? metrics.imports.labels('api', result) : null,
    };
  };
  return (event) => {
    let byResult = byOperation.get(event.operation);
    if (!byResult) byOperation.set(event.operation, (byResult = new Map()));
    let child = byResult.get(event.result);
    if (!child) {
      child = create(event);
      if (byResult.size < MAX_RESULTS) byResult.set(event.result, child);
    }
    series.series.observe(child.tallies, event.durationMs / 1000);
    child.imports?.inc();
  };
}

/** The handlers' `observe` for metrics: AWS events into the api_* series, Huawei events into huawei_api_*. */
export function apiRequestObserver(metrics: TKeyfortMetrics = keyfortMetrics()): (event: TApiRequestEvent) => void {
  const aws = seriesObserver(metrics, { series: metrics.apiRequests, knows: (name) => OPERATIONS.has(name), importOperation: 'ImportKeyMaterial' });
  // Read when a series is first made, not at import: the route list is complete by then.
  const huaweiNames = () => new Set(HUAWEI_ROUTES.map((route) => route.name));
  let known: Set<string> | undefined;
  const huawei = seriesObserver(metrics, {
    series: metrics.huaweiApiRequests,
    knows: (name) => (known ??= huaweiNames()).has(name),
    importOperation: 'import-key-material',
  });
  return (event) => (event.api === 'huawei' ? huawei(event) : aws(event));
}

/** A console import's outcome, named as the API names it (Success, or the AWS exception) so both channels share results. */
export function countConsoleImport(error?: unknown): void {
  const result = error === undefined ? 'Success' : isKmsError(error) ? AWS_EXCEPTION_BY_CODE[error.code] : 'KMSInternalException';
  keyfortMetrics().imports.inc({ channel: 'console', result });
}

export function countSignIn(attempt: { success: boolean; rateLimited?: boolean; refusal?: string }): void {
  const result: TSignInResult = attempt.success ? 'success' : attempt.rateLimited ? 'rate-limited' : attempt.refusal ? 'refused' : 'failure';
  keyfortMetrics().signIns.inc({ result });
}

export function countJobRun(job: string, outcome: TJobOutcome): void {
  keyfortMetrics().jobRuns.inc({ job, outcome });
}

/** In each API worker: 1, so that the summed scrape says how many workers it covers. */
export function registerApiWorker(metrics: TKeyfortMetrics = keyfortMetrics()): void {
  new Gauge({ name: `${METRICS_PREFIX}api_workers`, help: 'API listener workers whose metrics this scrape sums.', registers: [metrics.registry] }).set(1);
}

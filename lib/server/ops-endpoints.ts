import type { IncomingMessage, ServerResponse } from 'node:http';
import { componentLogger, lineLogger } from './logger';
import { describeError } from '@/lib/kms';
import { livenessAnswer, readinessAnswer, type TReadiness } from './health';
import { metricsAccess } from './ops-settings';

/** What a listener's operator endpoints need: readiness, and the metrics this process exposes. */
export interface TOpsEndpoints {
  readiness: () => Promise<TReadiness>;
  /** The Prometheus exposition; only called for an authorised scrape. */
  metrics: () => Promise<{ contentType: string; body: string }>;
  /** null: no KEYFORT_METRICS_TOKEN, /metrics answers 404. */
  metricsTokenDigest: Buffer | null;
  log?: (line: string) => void;
}

export const OPS_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

const NO_STORE = { 'cache-control': 'no-store' };

function reply(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...NO_STORE, ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function pathOf(url: string | undefined): string {
  const target = url ?? '/';
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q);
}

/**
 * Answers /healthz, /readyz and /metrics before anything else sees the request (no session, no signature):
 * true when it did. Answers never carry an error's text: probes and scrapers are not told why beyond the
 * name of the failed check.
 */
export function answerOpsRequest(req: IncomingMessage, res: ServerResponse, ops: TOpsEndpoints): boolean {
  const path = pathOf(req.url);
  if (!OPS_PATHS.has(path)) return false;
  req.resume();
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const { headers, body } = json({ status: 'method-not-allowed' });
    reply(req, res, 405, { ...headers, allow: 'GET, HEAD' }, body);
    return true;
  }
  if (path === '/healthz') {
    const answer = livenessAnswer();
    reply(req, res, answer.status, answer.headers, answer.body);
  } else if (path === '/readyz') {
    void ops.readiness().then(
      (readiness) => {
        const answer = readinessAnswer(readiness);
        reply(req, res, answer.status, answer.headers, answer.body);
      },
      () => {
        const answer = readinessAnswer({ ready: false, failed: 'database' });
        reply(req, res, answer.status, answer.headers, answer.body);
      },
    );
  } else {
    answerMetrics(req, res, ops);
  }
  return true;
}

function answerMetrics(req: IncomingMessage, res: ServerResponse, ops: TOpsEndpoints): void {
  const access = metricsAccess(req.headers.authorization, ops.metricsTokenDigest);
  if (access === 'disabled') {
    const { headers, body } = json({ status: 'not-found' });
    return reply(req, res, 404, headers, body);
  }
  if (access === 'unauthorized') {
    const { headers, body } = json({ status: 'unauthorized' });
    return reply(req, res, 401, { ...headers, 'www-authenticate': 'Bearer realm="keyfort-metrics"' }, body);
  }
  ops.metrics().then(
    (metrics) => reply(req, res, 200, { 'content-type': metrics.contentType }, metrics.body),
    (error: unknown) => {
      (ops.log ?? lineLogger(componentLogger('metrics')))(`metrics: ${describeError(error)}`);
      const { headers, body } = json({ status: 'unavailable' });
      reply(req, res, 503, headers, body);
    },
  );
}

import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerOpsRequest, type TOpsEndpoints } from './ops-endpoints';
import { opsSettingsFromEnv } from './ops-settings';

const TOKEN = 'a-metrics-token-of-at-least-32-characters';
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(overrides: Partial<TOpsEndpoints> = {}): Promise<string> {
  const ops: TOpsEndpoints = {
    readiness: async () => ({ ready: true, failed: null }),
    metrics: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: 'keyfort_up 1\n' }),
    metricsTokenDigest: opsSettingsFromEnv({ KEYFORT_METRICS_TOKEN: TOKEN }).metricsTokenDigest,
    log: () => undefined,
    ...overrides,
  };
  const server = createServer((req, res) => {
    if (answerOpsRequest(req, res, ops)) return;
    res.writeHead(418).end('passed on');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function call(url: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('operator endpoints', () => {
  it('passes every other path on untouched', async () => {
    const origin = await serve();
    expect((await call(`${origin}/healthz/x`)).status).toBe(418);
    expect((await call(`${origin}/api/aws`)).status).toBe(418);
  });

  it('answers /healthz and /readyz (query strings ignored), never cached', async () => {
    const origin = await serve();
    const live = await call(`${origin}/healthz?probe=1`);
    expect({ status: live.status, body: live.body, cache: live.headers['cache-control'] }).toEqual({ status: 200, body: '{"status":"ok"}', cache: 'no-store' });
    expect((await call(`${origin}/readyz`)).status).toBe(200);
  });

  it('answers 503 naming the failed check, and the same when the check itself fails', async () => {
    const failing = await serve({ readiness: async () => ({ ready: false, failed: 'shutting-down' }) });
    expect(JSON.parse((await call(`${failing}/readyz`)).body)).toEqual({ status: 'unavailable', failed: 'shutting-down' });
    const broken = await serve({ readiness: () => Promise.reject(new Error('pool exhausted at db.internal:5432')) });
    const answer = await call(`${broken}/readyz`);
    expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({ status: 503, body: { status: 'unavailable', failed: 'database' } });
  });

  it('refuses methods other than GET and HEAD with 405', async () => {
    const origin = await serve();
    const answer = await call(`${origin}/healthz`, { method: 'POST' });
    expect({ status: answer.status, allow: answer.headers.allow }).toEqual({ status: 405, allow: 'GET, HEAD' });
  });

  it('serves /metrics only to the bearer of the token: 401 otherwise, 404 when no token is configured', async () => {
    const origin = await serve();
    expect((await call(`${origin}/metrics`)).status).toBe(401);
    expect((await call(`${origin}/metrics`, { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(401);
    const scraped = await call(`${origin}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect({ status: scraped.status, body: scraped.body, cache: scraped.headers['cache-control'] }).toEqual({ status: 200, body: 'keyfort_up 1\n', cache: 'no-store' });
    const off = await serve({ metricsTokenDigest: null });
    expect((await call(`${off}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it('answers 503 without the error’s text when the metrics cannot be collected', async () => {
    const origin = await serve({ metrics: () => Promise.reject(new Error('worker 3 said: secret detail')) });
    const answer = await call(`${origin}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(answer.status).toBe(503);
    expect(answer.body).not.toContain('secret detail');
  });
});

// The API listener's operator endpoints with real processes: liveness and readiness for probes (readiness
// follows the database's migration history), /metrics behind its token and summed over the cluster's
// workers, and SIGTERM letting a request in flight finish while new connections are refused, exit code 0.
// Servers of their own on a data folder of their own: the test edits its migration history.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from './support/client';
import { rawKmsRequest, signedKmsRequest } from './support/raw-http';
import { openConnection, writeAll } from './support/raw-socket';
import {
  apiServerCommand,
  freePort,
  httpRequest,
  randomAccessKey,
  randomRootKeyBase64,
  runUntilExit,
  startApiServer,
  type RunningServer,
} from './support/server';

const METRICS_TOKEN = 'ops-endpoints-test-token-0123456789abcdef';
const WORKERS = 2;

const dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-ops-'));
const rootKeyBase64 = randomRootKeyBase64();
const admin = randomAccessKey('KFOPS');
let server: RunningServer;

beforeAll(async () => {
  server = await startApiServer({
    dataDir,
    rootKeyBase64,
    bootstrap: admin,
    env: { KEYFORT_API_WORKERS: String(WORKERS), KEYFORT_METRICS_TOKEN: METRICS_TOKEN },
  });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const get = (pathname: string, headers: Record<string, string> = {}, origin = server.origin) => httpRequest({ url: `${origin}${pathname}`, headers });
const scrape = () => get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });

/** The value of one sample line of the exposition, e.g. `keyfort_api_workers`, or undefined when absent. */
function sample(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('probes on the API listener', () => {
  it('answers /healthz 200 {"status":"ok"} without credentials, never cached', async () => {
    const answer = await get('/healthz');
    expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({ status: 200, body: { status: 'ok' } });
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('answers HEAD /healthz with the status and no body', async () => {
    const answer = await httpRequest({ url: `${server.origin}/healthz`, method: 'HEAD' });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: '' });
  });

  it('answers /readyz 200 while the database answers and every migration is applied', async () => {
    const answer = await get('/readyz');
    expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({ status: 200, body: { status: 'ready' } });
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('turns /readyz 503 "migrations" when a migration this build ships is missing from the history, and 200 once it is back', async () => {
    const db = new Database(path.join(dataDir, 'keyfort.db'));
    try {
      const row = db.prepare('SELECT * FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1').get() as Record<string, unknown>;
      db.prepare('DELETE FROM "_prisma_migrations" WHERE id = ?').run(row.id);
      try {
        await waitUntil(async () => (await get('/readyz')).status === 503, { withinMs: 20_000, everyMs: 200 });
        const answer = await get('/readyz');
        expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({ status: 503, body: { status: 'unavailable', failed: 'migrations' } });
      } finally {
        const columns = Object.keys(row);
        db.prepare(`INSERT INTO "_prisma_migrations" (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...Object.values(row));
      }
      await waitUntil(async () => (await get('/readyz')).status === 200, { withinMs: 20_000, everyMs: 200 });
    } finally {
      db.close();
    }
  });
});

describe('/metrics on the API listener', () => {
  it('refuses a scrape without the token, or with a wrong one, with 401', async () => {
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}x` })).status).toBe(401);
    expect((await get('/metrics', { authorization: METRICS_TOKEN })).status).toBe(401);
  });

  it('counts every request once, whichever worker answered it, in one scrape summed over all workers', async () => {
    const before = await scrape();
    expect(before.status).toBe(200);
    expect(before.headers['content-type']).toMatch(/^text\/plain/);
    expect(sample(before.body, 'keyfort_api_workers')).toBe(WORKERS);
    const series = 'keyfort_api_requests_total{operation="ListKeys",result="Success"}';
    const counted = sample(before.body, series) ?? 0;

    // Fresh connections each (httpRequest-like, no keep-alive) so that the kernel spreads them over the workers.
    const sent = 40;
    for (let batch = 0; batch < sent / 10; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => rawKmsRequest({ endpoint: `${server.origin}/`, operation: 'ListKeys', body: '{}', credentials: admin })),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    }

    const after = await scrape();
    expect(sample(after.body, series)).toBe(counted + sent);
    expect(sample(after.body, 'keyfort_api_request_duration_seconds_count{operation="ListKeys",result="Success"}')).toBe(counted + sent);
    expect(sample(after.body, 'keyfort_api_workers')).toBe(WORKERS);
  });

  it('labels requests by operation and result only: no key ID or access key ID appears', async () => {
    const refused = await rawKmsRequest({ endpoint: `${server.origin}/`, operation: 'DescribeKey', body: '{"KeyId":"alias/ops-metrics-never-labelled"}', credentials: admin });
    expect(refused.status).toBe(400);
    const { body } = await scrape();
    expect(sample(body, 'keyfort_api_requests_total{operation="DescribeKey",result="NotFoundException"}')).toBeGreaterThanOrEqual(1);
    expect(body).not.toContain('ops-metrics-never-labelled');
    expect(body).not.toContain(admin.accessKeyId);
  });
});

describe('settings', () => {
  it('stops start-up with exit code 78 naming KEYFORT_METRICS_TOKEN when it is shorter than 32 characters, without echoing it', async () => {
    const command = apiServerCommand({ dataDir, rootKeyBase64, port: await freePort(), env: { KEYFORT_METRICS_TOKEN: 'short-secret-token' } });
    const { code, output } = await runUntilExit({ ...command, timeoutMs: 60_000 });
    expect(code, output).toBe(78);
    expect(output).toContain('KEYFORT_METRICS_TOKEN');
    expect(output).not.toContain('short-secret-token');
  });

  it('stops start-up with exit code 78 naming KEYFORT_SHUTDOWN_GRACE_MS when it is not a number of milliseconds', async () => {
    const command = apiServerCommand({ dataDir, rootKeyBase64, port: await freePort(), env: { KEYFORT_SHUTDOWN_GRACE_MS: 'soon' } });
    const { code, output } = await runUntilExit({ ...command, timeoutMs: 60_000 });
    expect(code, output).toBe(78);
    expect(output).toContain('KEYFORT_SHUTDOWN_GRACE_MS');
  });
});


function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('SIGTERM', () => {
  it('refuses new connections, answers the request still arriving and a readiness probe behind it, then exits 0', async () => {
    // Started after the data folder was set up by the first server; no metrics token: /metrics is absent.
    const stopping = await startApiServer({ dataDir, rootKeyBase64, env: { KEYFORT_API_WORKERS: '1', KEYFORT_SHUTDOWN_GRACE_MS: '30000' } });
    try {
      expect((await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` }, stopping.origin)).status).toBe(404);

      const body = '{"Limit":1}';
      const signed = await signedKmsRequest({ endpoint: `${stopping.origin}/`, operation: 'ListKeys', body, credentials: admin });
      // Expect: 100-continue makes the server say when it has taken the request in: from then on it is in flight.
      const head = Object.entries({ ...signed.headers, 'content-length': String(body.length), expect: '100-continue' })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      const slow = await openConnection(stopping.port);
      await writeAll(slow.socket, `POST / HTTP/1.1\r\n${head}\r\n${body.slice(0, 5)}`);
      await waitUntil(async () => slow.received().startsWith('HTTP/1.1 100 Continue'), { withinMs: 20_000 });

      process.kill(stopping.pid, 'SIGTERM');
      await waitUntil(async () => stopping.output().includes('stopping: no new connections'), { withinMs: 20_000 });
      await waitUntil(() => refusesConnections(stopping.port), { withinMs: 20_000, everyMs: 100 });

      // The rest of the body, and a readiness probe pipelined behind it on the same open connection.
      await writeAll(slow.socket, `${body.slice(5)}GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      await slow.closed;
      const [, answer, probe] = slow.received().split(/(?=HTTP\/1\.1 )/);
      expect(answer, slow.received()).toMatch(/^HTTP\/1\.1 200 /);
      expect(answer).toContain('"Keys"');
      expect(probe, slow.received()).toMatch(/^HTTP\/1\.1 503 /);
      expect(probe).toContain('{"status":"unavailable","failed":"shutting-down"}');
      expect(await stopping.exited, stopping.output()).toBe(0);
    } finally {
      await stopping.stop();
    }
  });
});

// The console's front server (scripts/serve.mjs) answers the same operator endpoints as the API listener,
// before Next: probes, /metrics with what only the console reports (keys by state, material expiring,
// background job runs) next to what its own /api/aws route counted, and a graceful SIGTERM. Needs
// `next build` like next-route.test.ts (scripts/test-all.sh builds first and sets KEYFORT_API_TESTS_REQUIRE_NEXT=1).
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsClient, waitUntil } from './support/client';
import { signedKmsRequest } from './support/raw-http';
import { openConnection, writeAll } from './support/raw-socket';
import { httpRequest, PROJECT_ROOT, randomAccessKey, randomRootKeyBase64, startApiServer, startConsoleServer, type RunningServer } from './support/server';

const built = existsSync(path.join(PROJECT_ROOT, '.next', 'BUILD_ID'));
const required = process.env.KEYFORT_API_TESTS_REQUIRE_NEXT === '1';
if (!built && !required) console.warn('[api tests] no `next build` output: the console operator endpoints test is skipped.');

const METRICS_TOKEN = 'console-ops-test-token-0123456789abcdefgh';

function sample(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.skipIf(!built && !required)('the console’s operator endpoints', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-console-ops-'));
  const rootKeyBase64 = randomRootKeyBase64();
  const admin = randomAccessKey('KFCOPS');
  let consoleServer: RunningServer;

  beforeAll(async () => {
    if (!built) throw new Error('KEYFORT_API_TESTS_REQUIRE_NEXT=1 but .next/BUILD_ID is missing: run `next build` first.');
    // The API listener creates the data folder and the bootstrap access key; the console then shares them.
    const listener = await startApiServer({ dataDir, rootKeyBase64, bootstrap: admin });
    await listener.stop();
    consoleServer = await startConsoleServer({
      dataDir,
      rootKeyBase64,
      env: { KEYFORT_KEY_POOL_SIZE: '0', KEYFORT_METRICS_TOKEN: METRICS_TOKEN, KEYFORT_SWEEP_INTERVAL_MS: '200', KEYFORT_SHUTDOWN_GRACE_MS: '30000' },
    });
  }, 240_000);

  afterAll(async () => {
    await consoleServer?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (pathname: string, headers: Record<string, string> = {}) => httpRequest({ url: `${consoleServer.origin}${pathname}`, headers });

  it('answers /healthz and /readyz without a session, never cached', async () => {
    const live = await get('/healthz');
    expect({ status: live.status, body: JSON.parse(live.body), cache: live.headers['cache-control'] }).toEqual({ status: 200, body: { status: 'ok' }, cache: 'no-store' });
    const ready = await get('/readyz');
    expect({ status: ready.status, body: JSON.parse(ready.body) }).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('serves /metrics to the token only, with keys by state, expiring material, job runs and its /api/aws route’s requests', async () => {
    expect((await get('/metrics')).status).toBe(401);
    const client = kmsClient({ endpoint: `${consoleServer.origin}/api/aws`, ...admin });
    for (let i = 0; i < 2; i++) await client.send(new CreateKeyCommand({ Description: `metrics ${i}` }));
    await client.send(new CreateKeyCommand({ Origin: 'EXTERNAL', Description: 'awaiting material' }));

    // Job runs are counted inside Next's bundle, the scrape answered by the front server's: one registry.
    let body = '';
    await waitUntil(
      async () => {
        body = (await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` })).body;
        return (sample(body, 'keyfort_background_job_runs_total{job="expire-key-material",outcome="ran"}') ?? 0) >= 1;
      },
      { withinMs: 30_000, everyMs: 250 },
    );
    expect(sample(body, 'keyfort_keys{state="ENABLED"}')).toBe(2);
    expect(sample(body, 'keyfort_keys{state="PENDING_IMPORT"}')).toBe(1);
    expect(sample(body, 'keyfort_keys{state="DISABLED"}')).toBe(0);
    expect(sample(body, 'keyfort_key_material_expiring{within="7d"}')).toBe(0);
    expect(sample(body, 'keyfort_key_material_expiring{within="30d"}')).toBe(0);
    expect(sample(body, 'keyfort_api_requests_total{operation="CreateKey",result="Success"}')).toBe(3);
  });

  it('on SIGTERM answers the request still arriving and a readiness probe behind it, refuses new connections, then exits 0', async () => {
    const body = '{"Limit":1}';
    const signed = await signedKmsRequest({ endpoint: `${consoleServer.origin}/api/aws`, operation: 'ListKeys', body, credentials: admin, region: 'eu-west-3' });
    const head = Object.entries({ ...signed.headers, 'content-length': String(body.length), expect: '100-continue' })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    const slow = await openConnection(consoleServer.port);
    await writeAll(slow.socket, `POST /api/aws HTTP/1.1\r\n${head}\r\n${body.slice(0, 5)}`);
    await waitUntil(async () => slow.received().startsWith('HTTP/1.1 100 Continue'), { withinMs: 20_000 });

    process.kill(consoleServer.pid, 'SIGTERM');
    await waitUntil(async () => consoleServer.output().includes('console stopping: no new connections'), { withinMs: 20_000 });
    await expect(get('/healthz')).rejects.toThrow(/ECONNREFUSED/);

    await writeAll(slow.socket, `${body.slice(5)}GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await slow.closed;
    const [, answer, probe] = slow.received().split(/(?=HTTP\/1\.1 )/);
    expect(answer, slow.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('"Keys"');
    expect(probe, slow.received()).toMatch(/^HTTP\/1\.1 503 /);
    expect(probe).toContain('{"status":"unavailable","failed":"shutting-down"}');
    expect(await consoleServer.exited, consoleServer.output()).toBe(0);
  });
});

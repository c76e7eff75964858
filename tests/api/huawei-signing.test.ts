// The Huawei KMS API's protocol core on the real API listener: Huawei's own Node SDK core (its HcClient and
// signer) reaches it, and hand-made requests are refused for each authentication fault. Operations are not
// needed: an SDK-signed request answered "unknown route" (404) proves the signature was accepted, since
// authentication comes before the route lookup.
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient';
import { DefaultHttpClient } from '@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sdkSignedRequest } from '@/lib/huawei-api/testing/sdk-sign';
import {
  apiServerCommand,
  consoleServerCommand,
  logMessages,
  PROJECT_ROOT,
  randomAccessKey,
  randomRootKeyBase64,
  runUntilExit,
  startApiServer,
  startConsoleServer,
  type RunningServer,
} from './support/server';

const PROJECT = '4a1f0c2e9b8d47e6a5c3b2d1e0f9a8b7';
const OTHER_PROJECT = 'ffffffffffffffffffffffffffffffff';
// A port of this suite's own, so that the other API tests' server is left alone.
const PORT = Number(process.env.KEYFORT_HUAWEI_TEST_PORT ?? 4102);
const UNKNOWN_ROUTE = 'no/such/operation';

let server: RunningServer;
let dataDir: string;
const key = randomAccessKey('KFHW');
const rootKeyBase64 = randomRootKeyBase64();

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-api-huawei-'));
  server = await startApiServer({ dataDir, rootKeyBase64, bootstrap: key, port: PORT, env: { KEYFORT_HUAWEI_PROJECT_ID: PROJECT } });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
});

function hcClient(options: { projectId?: string; secretKey?: string; origin?: string } = {}): HcClient {
  const credentials = new BasicCredentials()
    .withAk(key.accessKeyId)
    .withSk(options.secretKey ?? key.secretAccessKey)
    .withProjectId(options.projectId ?? PROJECT);
  // What ClientBuilder.build() assembles; ClientBuilder itself needs the 'uuid' package, which the core's
  // package.json does not declare (and this project does not install).
  // The client logs every refusal with its request config; the answers are what these tests read.
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const origin = options.origin ?? server.origin;
  return new HcClient(new DefaultHttpClient({ headers: { 'User-Agent': 'huaweicloud-usdk-nodejs/3.0' }, logger: quiet } as never, [origin]))
    .withCredential(credentials)
    .withEndpoints([origin]);
}

/** What the SDK reports for a refused request: its status, and the request ID it read from X-Request-Id. */
async function sdkRefusal(client: HcClient, route: string): Promise<{ status: unknown; requestId: unknown }> {
  try {
    await client.sendRequest({ method: 'POST', url: `/v1.0/{project_id}/kms/${route}`, contentType: 'application/json', headers: {}, pathParams: {}, queryParams: {}, data: { key_id: 'k' } });
    return { status: 200, requestId: undefined };
  } catch (error) {
    const refused = error as { httpStatusCode?: unknown; requestId?: unknown };
    return { status: refused.httpStatusCode, requestId: refused.requestId };
  }
}

/** A request signed by the SDK core's signer, sent as it would be; `change` alters it after signing. */
async function send(options: { route?: string; project?: string; secretKey?: string; change?: (headers: Record<string, string>) => void }) {
  const signed = sdkSignedRequest({
    method: 'POST',
    origin: server.origin,
    path: `/v1.0/${options.project ?? PROJECT}/kms/${options.route ?? UNKNOWN_ROUTE}`,
    headers: { 'Content-Type': 'application/json', 'X-Project-Id': options.project ?? PROJECT },
    data: { key_id: 'k' },
    accessKeyId: key.accessKeyId,
    secretKey: options.secretKey ?? key.secretAccessKey,
  });
  const headers = { ...(signed.headers as Record<string, string>) };
  // fetch sets Host itself, to the same value the signer signed.
  delete headers.host;
  options.change?.(headers);
  const response = await fetch(`${server.origin}${signed.path}`, { method: 'POST', headers, body: new Uint8Array(signed.body) });
  const body = (await response.json()) as { error?: { error_code: string; error_msg: string } };
  return { status: response.status, code: body.error?.error_code, requestId: response.headers.get('x-request-id') };
}

describe('KEYFORT_HUAWEI_PROJECT_ID', () => {
  it('stops the API listener at start-up with exit code 78 and the variable named when it is not 32 lower-case hex', async () => {
    const refusedDir = mkdtempSync(path.join(tmpdir(), 'keyfort-api-huawei-refused-'));
    try {
      const options = { dataDir: refusedDir, rootKeyBase64: randomRootKeyBase64(), port: PORT + 3, env: { KEYFORT_HUAWEI_PROJECT_ID: 'My-Project' } };
      const result = await runUntilExit(apiServerCommand(options));
      expect(result.code).toBe(78);
      expect(logMessages(result.output)).toContain('KEYFORT_HUAWEI_PROJECT_ID must be 32 lower-case hexadecimal characters');
    } finally {
      rmSync(refusedDir, { recursive: true, force: true });
    }
  });
});

describe('Huawei KMS API signing on the API listener', () => {
  it('accepts a request signed by the Huawei SDK core’s HcClient: the unknown route is answered 404 with X-Request-Id', async () => {
    const answer = await sdkRefusal(hcClient(), UNKNOWN_ROUTE);
    expect(answer.status).toBe(404);
    expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers the SDK 401 for a wrong secret key and 403 for another project', async () => {
    expect((await sdkRefusal(hcClient({ secretKey: 'not-the-secret-key-of-this-access-key' }), UNKNOWN_ROUTE)).status).toBe(401);
    expect((await sdkRefusal(hcClient({ projectId: OTHER_PROJECT }), UNKNOWN_ROUTE)).status).toBe(403);
  });

  it('answers hand-made requests with Huawei’s codes: unknown route KMS.0201, missing Authorization KMS.0301, wrong signature KMS.0302', async () => {
    expect(await send({})).toMatchObject({ status: 404, code: 'KMS.0201', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await send({ change: (headers) => delete headers.authorization })).toMatchObject({ status: 401, code: 'KMS.0301' });
    expect(await send({ secretKey: 'another-secret' })).toMatchObject({ status: 401, code: 'KMS.0302' });
    const flipped = (headers: Record<string, string>) => {
      headers.authorization = headers.authorization!.replace(/Signature=([0-9a-f])/, (_m, c: string) => `Signature=${c === '0' ? '1' : '0'}`);
    };
    expect(await send({ change: flipped })).toMatchObject({ status: 401, code: 'KMS.0302' });
  });

  it('refuses a signature dated more than 15 minutes ago with KMS.0303', async () => {
    // Only the signing side's clock moves: the server keeps the real time.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 20 * 60_000 });
    const stale = sdkSignedRequest({ method: 'POST', origin: server.origin, path: `/v1.0/${PROJECT}/kms/${UNKNOWN_ROUTE}`, data: {}, accessKeyId: key.accessKeyId, secretKey: key.secretAccessKey });
    vi.useRealTimers();
    const headers = { ...(stale.headers as Record<string, string>) };
    delete headers.host;
    const response = await fetch(`${server.origin}${stale.path}`, { method: 'POST', headers, body: new Uint8Array(stale.body) });
    expect([response.status, ((await response.json()) as { error: { error_code: string } }).error.error_code]).toEqual([401, 'KMS.0303']);
  });

  it('refuses another project, in the URL or in X-Project-Id, with 403 KMS.0306', async () => {
    expect(await send({ project: OTHER_PROJECT })).toMatchObject({ status: 403, code: 'KMS.0306' });
    const otherHeader = sdkSignedRequest({
      method: 'POST',
      origin: server.origin,
      path: `/v1.0/${PROJECT}/kms/${UNKNOWN_ROUTE}`,
      headers: { 'X-Project-Id': OTHER_PROJECT },
      data: {},
      accessKeyId: key.accessKeyId,
      secretKey: key.secretAccessKey,
    });
    const headers = { ...(otherHeader.headers as Record<string, string>) };
    delete headers.host;
    const response = await fetch(`${server.origin}${otherHeader.path}`, { method: 'POST', headers, body: new Uint8Array(otherHeader.body) });
    expect(response.status).toBe(403);
  });

  it('leaves the AWS paths to the AWS API', async () => {
    const response = await fetch(`${server.origin}/`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type?: string }).__type).toBe('UnrecognizedClientException');
  });
});

// The console's port serves the same handler through a Next route (app/v1.0/[...path]/route.ts). It needs
// `next build`, like tests/api/next-route.test.ts, and is skipped without one unless the build is required.
const built = existsSync(path.join(PROJECT_ROOT, '.next', 'BUILD_ID'));
const required = process.env.KEYFORT_API_TESTS_REQUIRE_NEXT === '1';

describe.skipIf(!built && !required)('Huawei KMS API signing on the console port', () => {
  let console_: RunningServer;
  beforeAll(async () => {
    if (!built) throw new Error('KEYFORT_API_TESTS_REQUIRE_NEXT=1 but .next/BUILD_ID is missing: run `next build` first.');
    const port = Number(process.env.KEYFORT_HUAWEI_TEST_CONSOLE_PORT ?? 4103);
    console_ = await startConsoleServer({ dataDir, rootKeyBase64, port, env: { KEYFORT_HUAWEI_PROJECT_ID: PROJECT, KEYFORT_KEY_POOL_SIZE: '0' } });
  }, 180_000);
  afterAll(async () => {
    await console_?.stop();
  });

  it('accepts the SDK’s signature without a session (404 for the unknown route, with X-Request-Id)', async () => {
    const answer = await sdkRefusal(hcClient({ origin: console_.origin }), UNKNOWN_ROUTE);
    expect(answer.status).toBe(404);
    expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await sdkRefusal(hcClient({ origin: console_.origin, projectId: OTHER_PROJECT }), UNKNOWN_ROUTE)).status).toBe(403);
  });

  it('stops the console at start-up with exit code 78 when KEYFORT_HUAWEI_PROJECT_ID is malformed', async () => {
    const refusedDir = mkdtempSync(path.join(tmpdir(), 'keyfort-console-huawei-refused-'));
    try {
      const options = { dataDir: refusedDir, rootKeyBase64: randomRootKeyBase64(), port: PORT + 4, env: { KEYFORT_HUAWEI_PROJECT_ID: '0123' } };
      const result = await runUntilExit(consoleServerCommand(options));
      expect(result.code).toBe(78);
      expect(logMessages(result.output)).toContain('KEYFORT_HUAWEI_PROJECT_ID must be 32 lower-case hexadecimal characters');
    } finally {
      rmSync(refusedDir, { recursive: true, force: true });
    }
  });

  it('answers an unsigned request 401 KMS.0301 in Huawei’s shape, not with the sign-in page', async () => {
    const response = await fetch(`${console_.origin}/v1.0/${PROJECT}/kms/${UNKNOWN_ROUTE}`, { method: 'POST', body: '{}', redirect: 'manual' });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { error_code: string } }).error.error_code).toBe('KMS.0301');
  });
});

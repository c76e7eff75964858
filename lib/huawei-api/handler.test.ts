import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TApiRequestEvent } from '@/lib/aws-api';
import { createLocalChangeFeed, ensureBootstrapAccessKey, KmsError, revokeAccessKey } from '@/lib/kms';
import { createTestContext, principal, type TTestContext } from '@/lib/kms/testing/test-context';
import { createHuaweiApiHandler, type HuaweiApiHandler, type THuaweiApiHandlerOptions } from './handler';
import type { THuaweiRoute } from './operations/operation';
import type { HuaweiApiRequest } from './protocol';
import { sdkSignedRequest, type TSdkSignInput } from './testing/sdk-sign';

const PROJECT = '0123456789abcdef0123456789abcdef';
const DOMAIN = 'fedcba9876543210fedcba9876543210';
const KEY = { accessKeyId: 'KFTESTAAAAAAAAAAAAAA', secretKey: 'test-secret-test-secret-test-secret-1234' };
const OWNER = 'ops@example.test';

/** Routes standing in for the operations: they answer with what the handler gave them. */
const ROUTES: THuaweiRoute[] = [
  {
    method: 'POST',
    path: 'echo',
    name: 'echo',
    operation: {
      run: async (env, call) => ({
        status: 200,
        payload: { key_id: call.body.key_id ?? null, body: call.body, actor: env.actor.name, via: env.actor.source?.via, scope: env.scope, query: Object.fromEntries(call.query) },
      }),
    },
  },
  { method: 'GET', path: 'aliases', name: 'list-aliases', operation: { run: async () => ({ status: 200, payload: { route: 'list-aliases' } }) } },
  { method: 'DELETE', path: 'aliases', name: 'delete-alias', operation: { run: async () => ({ status: 200, payload: { route: 'delete-alias' } }) } },
  { method: 'GET', path: '{key_id}', name: 'by-key', operation: { run: async (_env, call) => ({ status: 200, payload: { route: 'by-key', params: call.params } }) } },
  { method: 'GET', path: '{key_id}/tags/{tag_key}', name: 'tag', operation: { run: async (_env, call) => ({ status: 200, payload: { params: call.params } }) } },
  { method: 'POST', path: 'nothing', name: 'nothing', operation: { run: async () => ({ status: 204 }) } },
  { method: 'POST', path: 'missing', name: 'missing', operation: { run: async () => Promise.reject(new KmsError('NOT_FOUND', 'Key 1234 does not exist.')) } },
  { method: 'POST', path: 'bug', name: 'bug', operation: { run: async () => Promise.reject(new Error('driver said: secret-plaintext-xyz')) } },
];

let t: TTestContext;
let handler: HuaweiApiHandler;
let events: TApiRequestEvent[];
let log: ReturnType<typeof vi.fn<(line: string, fields?: Record<string, unknown>) => void>>;

function build(overrides: Partial<THuaweiApiHandlerOptions> = {}) {
  handler = createHuaweiApiHandler({
    getContext: async () => t.ctx,
    getScope: async () => ({ projectId: PROJECT, domainId: DOMAIN }),
    routes: ROUTES,
    now: () => t.clock.now().getTime(),
    log,
    observe: (event) => events.push(event),
    ...overrides,
  });
}

beforeEach(async () => {
  t = createTestContext({ start: '2030-01-01T12:00:00Z' });
  await ensureBootstrapAccessKey(t.ctx, { accessKeyId: KEY.accessKeyId, secretAccessKey: KEY.secretKey, ownerName: OWNER });
  // The SDK stamps X-Sdk-Date from the system clock: it must read the context's.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(t.clock.now());
  events = [];
  log = vi.fn<(line: string, fields?: Record<string, unknown>) => void>();
  build();
});
afterEach(() => {
  vi.useRealTimers();
});

function signed(route: string, overrides: Partial<TSdkSignInput> = {}): HuaweiApiRequest {
  return sdkSignedRequest({
    method: 'POST',
    origin: 'https://kms.example.test',
    path: `/v1.0/${PROJECT}/kms/${route}`,
    headers: { 'Content-Type': 'application/json', 'X-Project-Id': PROJECT, 'User-Agent': 'huaweicloud-usdk-nodejs/3.0' },
    data: {},
    ...KEY,
    ...overrides,
  });
}

async function send(request: HuaweiApiRequest) {
  const response = await handler(request);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Huawei response shapes, read field by field in assertions
  return { ...response, json: (response.body === '' ? null : JSON.parse(response.body)) as Record<string, any> | null };
}

describe('Huawei API handler', () => {
  it('runs the route as the access key owner, via the Huawei API, in the configured project; sequence never reaches it', async () => {
    const response = await send(signed('echo', { data: { key_id: 'k-1', sequence: '919c82d4-8046-4722-9094-35c3c6524cff' }, query: { limit: '2' } }));
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      key_id: 'k-1',
      body: { key_id: 'k-1' },
      actor: OWNER,
      via: 'huawei-api',
      scope: { projectId: PROJECT, domainId: DOMAIN },
      query: { limit: '2' },
    });
    expect(response.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(events).toEqual([expect.objectContaining({ api: 'huawei', operation: 'echo', keyId: 'k-1', result: 'Success', status: 200, requestId: response.requestId })]);
  });

  it('prefers a literal segment over a parameter, decodes parameters, and answers 405 for a known path with another method', async () => {
    expect((await send(signed('aliases', { method: 'GET', data: undefined }))).json).toEqual({ route: 'list-aliases' });
    expect((await send(signed('aliases', { method: 'DELETE' }))).json).toEqual({ route: 'delete-alias' });
    expect((await send(signed('k-9', { method: 'GET', data: undefined }))).json).toEqual({ route: 'by-key', params: { key_id: 'k-9' } });
    expect((await send(signed('k-9/tags/a%20b', { method: 'GET', data: undefined }))).json).toEqual({ params: { key_id: 'k-9', tag_key: 'a b' } });
    const wrongMethod = await send(signed('echo', { method: 'DELETE' }));
    expect([wrongMethod.status, wrongMethod.json?.error.error_code]).toEqual([405, 'KMS.0201']);
  });

  it('answers an unknown route 404 KMS.0201 only after the signature verified', async () => {
    const unknown = await send(signed('no/such/operation'));
    expect([unknown.status, unknown.json?.error.error_code]).toEqual([404, 'KMS.0201']);
    const unsigned = signed('no/such/operation');
    const refused = await send({ ...unsigned, headers: { ...unsigned.headers, authorization: undefined } });
    expect([refused.status, refused.json?.error.error_code]).toEqual([401, 'KMS.0301']);
  });

  it('refuses another project in the URL or in X-Project-Id with 403 KMS.0306', async () => {
    const other = 'ffffffffffffffffffffffffffffffff';
    const inUrl = await send(sdkSignedRequest({ method: 'POST', origin: 'https://kms.example.test', path: `/v1.0/${other}/kms/echo`, data: {}, ...KEY }));
    expect([inUrl.status, inUrl.json?.error.error_code]).toEqual([403, 'KMS.0306']);
    const inHeader = await send(signed('echo', { headers: { 'Content-Type': 'application/json', 'X-Project-Id': other } }));
    expect([inHeader.status, inHeader.json?.error.error_code]).toEqual([403, 'KMS.0306']);
  });

  it('refuses bad signatures, unknown keys and stale dates with 401, and audits the refusal as a Huawei API one', async () => {
    const wrongSecret = await send(signed('echo', { secretKey: 'not-the-secret' }));
    expect([wrongSecret.status, wrongSecret.json?.error.error_code]).toEqual([401, 'KMS.0302']);
    const unknownKey = await send(signed('echo', { accessKeyId: 'KFUNKNOWNAAAAAAAAAAA' }));
    expect([unknownKey.status, unknownKey.json?.error.error_code]).toEqual([401, 'KMS.0302']);
    const request = signed('echo');
    t.clock.advance({ minutes: 16 });
    const stale = await send(request);
    expect([stale.status, stale.json?.error.error_code]).toEqual([401, 'KMS.0303']);
    expect(t.store.audit.filter((e) => e.action === 'ApiAuthentication')).toEqual([
      expect.objectContaining({ result: 'FAILURE', errorCode: 'UNAUTHENTICATED', accessKeyId: KEY.accessKeyId, via: 'huawei-api', userAgent: 'huaweicloud-usdk-nodejs/3.0' }),
      expect.objectContaining({ accessKeyId: 'KFUNKNOWNAAAAAAAAAAA', via: 'huawei-api' }),
      // Sixteen minutes later: a new minute for the refusal audit's throttle.
      expect.objectContaining({ accessKeyId: KEY.accessKeyId, details: { accessKeyId: KEY.accessKeyId, huaweiErrorCode: 'KMS.0303' } }),
    ]);
    expect(events.map((e) => [e.result, e.actorId])).toEqual([
      ['KMS.0302', null],
      ['KMS.0302', null],
      ['KMS.0303', null],
    ]);
  });

  it('stops accepting a revoked access key at once when the revocation is announced', async () => {
    const changes = createLocalChangeFeed();
    const announcing = { ...t.ctx, changes };
    build({ getContext: async () => announcing });
    expect((await send(signed('echo'))).status).toBe(200);
    await revokeAccessKey(announcing, { actor: principal(), accessKeyId: KEY.accessKeyId });
    expect((await send(signed('echo'))).json?.error.error_code).toBe('KMS.0302');
  });

  it('refuses bodies that are not a UTF-8 JSON object with KMS.0202, and over 1 MiB with 413 KMS.0203', async () => {
    for (const body of [Buffer.from('{"key_id":'), Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), Buffer.from('[1]'), Buffer.from('"text"')]) {
      const request = signed('echo', { headers: { 'Content-Type': 'application/json', 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' } });
      const response = await send({ ...request, body });
      expect([response.status, response.json?.error.error_code], body.toString('hex')).toEqual([400, 'KMS.0202']);
    }
    const large = signed('echo');
    const tooLarge = await send({ ...large, body: Buffer.alloc(1024 * 1024 + 1, 0x20) });
    expect([tooLarge.status, tooLarge.json?.error.error_code]).toEqual([413, 'KMS.0203']);
  });

  it('answers 204 with no body, a domain refusal by the table, and a fault as 500 with an incident ID and no error text', async () => {
    const nothing = await send(signed('nothing'));
    expect([nothing.status, nothing.body]).toEqual([204, '']);
    const missing = await send(signed('missing'));
    expect([missing.status, missing.json]).toEqual([404, { error: { error_code: 'KMS.0207', error_msg: 'Key 1234 does not exist.' } }]);
    const bug = await send(signed('bug'));
    expect(bug.status).toBe(500);
    const incident = /Incident ([0-9a-f-]{36})/.exec(bug.json?.error.error_msg)?.[1];
    expect(incident).toBeDefined();
    expect(log.mock.calls.map(([line]) => line).join('\n')).toContain(incident);
    expect(JSON.stringify(log.mock.calls)).not.toContain('secret-plaintext-xyz');
    expect(bug.body).not.toContain('secret-plaintext-xyz');
  });

  it('throttles per access key with the AWS API’s limiter, answered 429 APIGW.0308', async () => {
    build({ rateLimit: { requestsPerSecond: 1, burst: 1 } });
    expect((await send(signed('echo'))).status).toBe(200);
    const throttled = await send(signed('echo'));
    expect([throttled.status, throttled.json?.error.error_code]).toEqual([429, 'APIGW.0308']);
  });

  it('refuses methods other than GET, POST and DELETE with 405', async () => {
    const request = signed('echo');
    const response = await send({ ...request, method: 'PUT' });
    expect([response.status, response.json?.error.error_code]).toEqual([405, 'KMS.0201']);
  });
});

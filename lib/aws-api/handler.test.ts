import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureBootstrapAccessKey } from '@/lib/kms';
import { createLocalChangeFeed, revokeAccessKey } from '@/lib/kms';
import { createTestContext, principal, type TTestContext } from '@/lib/kms/testing/test-context';
import { createAwsApiHandler, type AwsApiHandler, type TApiRequestEvent } from './handler';
import { signedRequest, type TClientStyle } from './testing/sign';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const KEY = { accessKeyId: 'KFTESTAAAAAAAAAAAAAA', secretAccessKey: 'test-secret-test-secret-test-secret-1234' };
const OWNER = 'ops@example.test';

let t: TTestContext;
let handler: AwsApiHandler;
let log: ReturnType<typeof vi.fn<(line: string, fields?: Record<string, unknown>) => void>>;

beforeEach(async () => {
  t = createTestContext({ start: '2030-01-01T12:00:00Z' });
  await ensureBootstrapAccessKey(t.ctx, { ...KEY, ownerName: OWNER });
  log = vi.fn<(line: string, fields?: Record<string, unknown>) => void>();
  handler = createAwsApiHandler({ getContext: async () => t.ctx, accountId: ACCOUNT, now: () => t.clock.now().getTime(), log });
});

async function call(operation: string, payload: unknown, options: { style?: TClientStyle; secretAccessKey?: string; accessKeyId?: string } = {}) {
  const request = await signedRequest({
    style: options.style ?? 'sdk',
    accessKeyId: options.accessKeyId ?? KEY.accessKeyId,
    secretAccessKey: options.secretAccessKey ?? KEY.secretAccessKey,
    operation,
    body: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload),
    signingDate: t.clock.now(),
    region: REGION,
  });
  const response = await handler(request);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- AWS response shapes, read field by field in assertions
  return { status: response.status, headers: response.headers, requestId: response.requestId, json: JSON.parse(response.body) as Record<string, any> };
}

async function ok(operation: string, payload: unknown, style?: TClientStyle) {
  const response = await call(operation, payload, { style });
  expect(response.status, JSON.stringify(response.json)).toBe(200);
  return response.json;
}

describe('AWS API operations', () => {
  it('answers Encrypt and Decrypt as JSON text that is exactly what serialising their members gives', async () => {
    const { KeyMetadata } = await ok('CreateKey', {});
    const plaintext = Buffer.from('the payroll file').toString('base64');
    const raw = async (operation: string, payload: unknown) => {
      const request = await signedRequest({ style: 'sdk', ...KEY, operation, body: JSON.stringify(payload), signingDate: t.clock.now(), region: REGION });
      return (await handler(request)).body;
    };
    const encrypted = await raw('Encrypt', { KeyId: KeyMetadata.KeyId, Plaintext: plaintext });
    const encryptedJson = JSON.parse(encrypted) as Record<string, string>;
    expect(encrypted).toBe(JSON.stringify({ CiphertextBlob: encryptedJson.CiphertextBlob, KeyId: KeyMetadata.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }));
    const decrypted = await raw('Decrypt', { CiphertextBlob: encryptedJson.CiphertextBlob });
    const materialId = (JSON.parse(decrypted) as Record<string, string>).KeyMaterialId;
    expect(materialId).toMatch(/^[0-9a-f]{64}$/);
    expect(decrypted).toBe(JSON.stringify({ KeyId: KeyMetadata.Arn, Plaintext: plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: materialId }));
  });

  it('creates a key with tags, names it by alias ARN, and answers in AWS shapes', async () => {
    const { KeyMetadata } = await ok('CreateKey', { Description: 'payments', Tags: [{ TagKey: 'team', TagValue: 'billing' }] });
    expect(KeyMetadata).toMatchObject({
      Arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KeyMetadata.KeyId}`,
      AWSAccountId: ACCOUNT,
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      Description: 'payments',
    });
    await ok('CreateAlias', { AliasName: 'alias/payments', TargetKeyId: KeyMetadata.KeyId }, 'cli');
    const described = await ok('DescribeKey', { KeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/payments`, SomeFutureField: true });
    expect(described.KeyMetadata.KeyId).toBe(KeyMetadata.KeyId);
    expect((await ok('ListResourceTags', { KeyId: KeyMetadata.Arn })).Tags).toEqual([{ TagKey: 'team', TagValue: 'billing' }]);
    const aliases = await ok('ListAliases', { KeyId: KeyMetadata.KeyId });
    expect(aliases.Aliases).toEqual([
      expect.objectContaining({ AliasName: 'alias/payments', AliasArn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/payments`, TargetKeyId: KeyMetadata.KeyId }),
    ]);
  });

  it('encrypts under an alias and decrypts the blob back, returning key ARNs', async () => {
    const { KeyMetadata } = await ok('CreateKey', {});
    await ok('CreateAlias', { AliasName: 'alias/app', TargetKeyId: KeyMetadata.KeyId });
    const plaintext = Buffer.from('attack at dawn').toString('base64');
    const encrypted = await ok('Encrypt', { KeyId: 'alias/app', Plaintext: plaintext, EncryptionContext: { purpose: 'test' } });
    expect(encrypted.KeyId).toBe(KeyMetadata.Arn);
    const decrypted = await ok('Decrypt', { CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { purpose: 'test' } }, 'cli');
    expect(decrypted).toEqual({
      KeyId: KeyMetadata.Arn,
      Plaintext: plaintext,
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      KeyMaterialId: KeyMetadata.CurrentKeyMaterialId,
    });
    expect(encrypted).not.toHaveProperty('KeyMaterialId');
    const plain = await ok('Encrypt', { KeyId: KeyMetadata.Arn, Plaintext: plaintext });
    expect((await ok('Decrypt', { CiphertextBlob: plain.CiphertextBlob, KeyId: KeyMetadata.KeyId })).Plaintext).toBe(plaintext);
  });

  it('acts as the access key owner: a refused use is audited under that name', async () => {
    const { KeyMetadata } = await ok('CreateKey', {});
    await ok('DisableKey', { KeyId: KeyMetadata.KeyId });
    const refused = await call('Encrypt', { KeyId: KeyMetadata.KeyId, Plaintext: 'aGk=' });
    expect(refused.json.__type).toBe('DisabledException');
    expect(t.store.audit.at(-1)).toMatchObject({ action: 'Encrypt', actorType: 'access-key', actorName: OWNER, result: 'FAILURE', errorCode: 'DISABLED' });
  });

  it('pages ListKeys with an opaque marker', async () => {
    for (let i = 0; i < 3; i++) await ok('CreateKey', {});
    const first = await ok('ListKeys', { Limit: 2 });
    expect(first.Keys).toHaveLength(2);
    expect(first.Truncated).toBe(true);
    const second = await ok('ListKeys', { Limit: 2, Marker: first.NextMarker });
    expect(second).toMatchObject({ Truncated: false });
    expect(second.Keys).toHaveLength(1);
    expect(new Set([...first.Keys, ...second.Keys].map((k: { KeyId: string }) => k.KeyId)).size).toBe(3);
    expect((await call('ListKeys', { Marker: 'garbage' })).json.__type).toBe('ValidationException');
    // A hand-made marker cannot ask for pages larger than Keyfort's 100.
    const oversized = await call('ListKeys', { Marker: Buffer.from('1:999').toString('base64url') });
    expect(oversized.json).toMatchObject({ __type: 'ValidationException', message: expect.stringContaining('NextMarker') });
  });

  it('refuses what Keyfort does not offer as UnsupportedOperationException', async () => {
    for (const payload of [{ KeySpec: 'RSA_2048' }, { KeyUsage: 'SIGN_VERIFY' }, { MultiRegion: true }, { Origin: 'AWS_CLOUDHSM' }]) {
      expect((await call('CreateKey', payload)).json.__type, JSON.stringify(payload)).toBe('UnsupportedOperationException');
    }
  });

  it('requires ValidTo under the default expiration model and forbids it for material that never expires', async () => {
    const { KeyMetadata } = await ok('CreateKey', { Origin: 'EXTERNAL' });
    expect(KeyMetadata.KeyState).toBe('PendingImport');
    const blobs = { KeyId: KeyMetadata.KeyId, ImportToken: 'AAAA', EncryptedKeyMaterial: 'AAAA' };
    const missing = await call('ImportKeyMaterial', blobs);
    expect(missing.json.__type).toBe('ValidationException');
    expect(missing.json.message).toContain('ValidTo');
    const forbidden = await call('ImportKeyMaterial', { ...blobs, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ValidTo: 1900000000 });
    expect(forbidden.json.__type).toBe('ValidationException');
  });
});

describe('AWS API protocol', () => {
  it('answers JSON 1.1 errors for unknown targets, bodies that are not JSON objects and wrong types', async () => {
    expect((await call('ListKeyz', {})).json.__type).toBe('UnknownOperationException');
    expect((await call('ListKeys', '{not json')).json.__type).toBe('SerializationException');
    expect((await call('ListKeys', '[]')).json.__type).toBe('SerializationException');
    const wrongType = await call('DescribeKey', { KeyId: 5 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(wrongType.json.__type).toBe('ValidationException');
    expect(wrongType.json.message).toContain('KeyId');
    expect((await call('Encrypt', { KeyId: 'alias/x', Plaintext: 'not base64!' })).json).toMatchObject({ __type: 'ValidationException' });
  });

  it('refuses a body that is not valid UTF-8 with SerializationException rather than reading replacement characters', async () => {
    const { KeyMetadata } = await ok('CreateKey', { Description: 'kept' });
    const withByte = (prefix: string, bytes: number[], suffix: string) => Buffer.concat([Buffer.from(prefix), Buffer.from(bytes), Buffer.from(suffix)]);
    const context = (byte: number) => withByte(`{"KeyId":"${KeyMetadata.KeyId}","Plaintext":"eA==","EncryptionContext":{"a":"`, [byte], '"}}');
    // 0xFF and 0xFE would both decode to U+FFFD: one context would open a ciphertext bound to the other.
    for (const body of [context(0xff), context(0xfe), withByte(`{"KeyId":"${KeyMetadata.KeyId}","Description":"`, [0xc0, 0xaf], '"}')]) {
      const operation = body.includes('Plaintext') ? 'Encrypt' : 'UpdateKeyDescription';
      const response = await call(operation, body);
      expect(response.status).toBe(400);
      expect(response.json).toEqual({ __type: 'SerializationException', message: 'The request body is not valid UTF-8.' });
    }
    expect((await ok('DescribeKey', { KeyId: KeyMetadata.KeyId })).KeyMetadata.Description).toBe('kept');
  });

  it('refuses methods other than POST', async () => {
    const response = await handler({ method: 'GET', path: '/', headers: {}, body: Buffer.alloc(0) });
    expect(response.status).toBe(405);
  });

  it('answers internal faults with a generic 500 and logs an incident', async () => {
    t.store.findKeyIdByAlias = () => Promise.reject(new Error('disk on fire'));
    const response = await call('DescribeKey', { KeyId: 'alias/anything' });
    expect(response.status).toBe(500);
    expect(response.json.__type).toBe('KMSInternalException');
    expect(response.json.message).not.toContain('disk');
    const incidentId = /Incident ([0-9a-f-]{36})\./.exec(response.json.message)?.[1];
    expect(log).toHaveBeenCalledWith(expect.stringContaining(`incident ${incidentId}`), expect.objectContaining({ incidentId, requestId: response.requestId }));
    expect(JSON.stringify(log.mock.calls)).not.toContain('disk');
  });

  it('gives every request its own ID, answered with the response, refusals included', async () => {
    const answers = [await call('ListKeys', {}), await call('ListKeys', {}), await call('DescribeKey', { KeyId: 'alias/none' })];
    for (const answer of answers) expect(answer.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(answers.map((answer) => answer.requestId)).size).toBe(3);
  });
});

describe('AWS API authentication', () => {
  it('refuses unknown access keys, wrong secrets and missing signatures', async () => {
    expect((await call('ListKeys', {}, { accessKeyId: 'KFUNKNOWNAAAAAAAAAAA' })).json.__type).toBe('UnrecognizedClientException');
    expect((await call('ListKeys', {}, { secretAccessKey: 'wrong-secret-wrong-secret-wrong-secret-1' })).json.__type).toBe('InvalidSignatureException');
    const unsigned = await handler({ method: 'POST', path: '/', headers: { 'x-amz-target': 'TrentService.ListKeys' }, body: Buffer.from('{}') });
    expect(JSON.parse(unsigned.body).__type).toBe('UnrecognizedClientException');
  });

  it('records where each request came from: the address the edge resolved, the user agent and the signing access key', async () => {
    const request = await signedRequest({
      style: 'sdk',
      ...KEY,
      operation: 'CreateKey',
      body: '{}',
      signingDate: t.clock.now(),
      region: REGION,
    });
    const longAgent = `probe/${'x'.repeat(2000)}`;
    const response = await handler({ ...request, headers: { ...request.headers, 'user-agent': longAgent }, clientAddress: '198.51.100.7' });
    expect(response.status).toBe(200);
    expect(t.store.audit.at(-1)).toMatchObject({
      action: 'CreateKey',
      result: 'SUCCESS',
      accessKeyId: KEY.accessKeyId,
      sourceAddress: '198.51.100.7',
      userAgent: longAgent.slice(0, 512),
    });
    // A refused authentication says where it came from and which key it claimed.
    const refused = await signedRequest({ style: 'sdk', accessKeyId: 'KFUNKNOWNAAAAAAAAAAA', secretAccessKey: KEY.secretAccessKey, operation: 'ListKeys', body: '{}', signingDate: t.clock.now(), region: REGION });
    await handler({ ...refused, clientAddress: '203.0.113.9' });
    expect(t.store.audit.at(-1)).toMatchObject({ action: 'ApiAuthentication', accessKeyId: 'KFUNKNOWNAAAAAAAAAAA', sourceAddress: '203.0.113.9' });
  });

  it('audits a refused authentication once per access key ID and minute', async () => {
    const failures = () => t.store.audit.filter((e) => e.action === 'ApiAuthentication');
    for (let i = 0; i < 3; i++) await call('ListKeys', {}, { accessKeyId: 'KFUNKNOWNAAAAAAAAAAA' });
    expect(failures()).toHaveLength(1);
    expect(failures()[0]).toMatchObject({ result: 'FAILURE', errorCode: 'UNAUTHENTICATED', actorId: 'anonymous', details: { accessKeyId: 'KFUNKNOWNAAAAAAAAAAA' } });
    await call('ListKeys', {}, { secretAccessKey: 'wrong-secret-wrong-secret-wrong-secret-1' });
    expect(failures()).toHaveLength(2);
    t.clock.advance({ seconds: 61 });
    await call('ListKeys', {}, { accessKeyId: 'KFUNKNOWNAAAAAAAAAAA' });
    expect(failures()).toHaveLength(3);
  });

  it('stops accepting a revoked access key within the credential cache TTL', async () => {
    await ok('ListKeys', {});
    await revokeAccessKey(t.ctx, { actor: principal(), accessKeyId: KEY.accessKeyId });
    t.clock.advance({ ms: 500 });
    expect((await call('ListKeys', {})).json.__type).toBe('UnrecognizedClientException');
  });

  it('stops accepting a revoked access key at once when the revocation is announced through the change feed', async () => {
    const changes = createLocalChangeFeed();
    const announcing = { ...t.ctx, changes };
    handler = createAwsApiHandler({ getContext: async () => announcing, accountId: ACCOUNT, now: () => t.clock.now().getTime(), log });
    await ok('ListKeys', {});
    await revokeAccessKey(announcing, { actor: principal(), accessKeyId: KEY.accessKeyId });
    expect((await call('ListKeys', {})).json.__type).toBe('UnrecognizedClientException');
  });

  it('records the last use of an access key at most once a minute', async () => {
    const flush = () => new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 3; i++) await ok('ListKeys', {});
    await flush();
    expect(t.accessKeys.touchWrites).toBe(1);
    t.clock.advance({ seconds: 61 });
    await ok('ListKeys', {});
    await flush();
    expect(t.accessKeys.touchWrites).toBe(2);
  });
});

describe('AWS API request events', () => {
  it('tells the observer each request’s operation, actor, key, result and status, refusals included', async () => {
    const events: TApiRequestEvent[] = [];
    handler = createAwsApiHandler({ getContext: async () => t.ctx, accountId: ACCOUNT, now: () => t.clock.now().getTime(), log, observe: (event) => events.push(event) });
    const created = await call('CreateKey', {});
    const { KeyMetadata } = created.json;
    await call('DisableKey', { KeyId: KeyMetadata.KeyId });
    await call('Encrypt', { KeyId: KeyMetadata.KeyId, Plaintext: Buffer.from('x').toString('base64') });
    const refused = await call('DescribeKey', { KeyId: 'alias/none' }, { secretAccessKey: 'wrong-secret-wrong-secret-wrong-secret-1' });
    // The ID in the event is the one the client got back: a client's report finds the log line.
    expect([events[0]?.requestId, events[3]?.requestId]).toEqual([created.requestId, refused.requestId]);
    expect(events.map(({ durationMs, requestId: _requestId, ...rest }) => (expect(durationMs).toBeGreaterThanOrEqual(0), rest))).toEqual([
      { operation: 'CreateKey', actorId: expect.any(String), keyId: KeyMetadata.KeyId, result: 'Success', status: 200 },
      { operation: 'DisableKey', actorId: expect.any(String), keyId: KeyMetadata.KeyId, result: 'Success', status: 200 },
      { operation: 'Encrypt', actorId: expect.any(String), keyId: KeyMetadata.KeyId, result: 'DisabledException', status: 400 },
      { operation: 'request', actorId: null, keyId: null, result: 'InvalidSignatureException', status: 400 },
    ]);
  });

  it('answers the request even when the observer throws', async () => {
    handler = createAwsApiHandler({ getContext: async () => t.ctx, accountId: ACCOUNT, now: () => t.clock.now().getTime(), log, observe: () => { throw new Error('observer bug'); } });
    await ok('ListKeys', {});
    expect(log).toHaveBeenCalledWith(expect.stringContaining('observing a request failed'), { requestId: expect.any(String) });
  });
});

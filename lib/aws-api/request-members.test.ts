// Hostile and unhonoured request members through the whole API handler (in-memory domain): encryption
// context keys that are Object.prototype names, CreateAlias targets, and AWS members Keyfort refuses.
import { beforeEach, describe, expect, it } from 'vitest';
import { ensureBootstrapAccessKey } from '@/lib/kms';
import { createTestContext, type TTestContext } from '@/lib/kms/testing/test-context';
import { createAwsApiHandler, type AwsApiHandler } from './handler';
import { signedRequest } from './testing/sign';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const KEY = { accessKeyId: 'KFTESTBBBBBBBBBBBBBB', secretAccessKey: 'test-secret-test-secret-test-secret-5678' };

let t: TTestContext;
let handler: AwsApiHandler;

beforeEach(async () => {
  t = createTestContext({ start: '2030-01-01T12:00:00Z' });
  await ensureBootstrapAccessKey(t.ctx, { ...KEY, ownerName: 'ops@example.test' });
  handler = createAwsApiHandler({ getContext: async () => t.ctx, accountId: ACCOUNT, now: () => t.clock.now().getTime(), log: () => {} });
});

/** `body` is sent as written: a JSON text keeps a "__proto__" member that an object literal would not. */
async function call(operation: string, body: string | object) {
  const request = await signedRequest({
    style: 'sdk',
    ...KEY,
    operation,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signingDate: t.clock.now(),
    region: REGION,
  });
  const response = await handler(request);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- AWS response shapes, read field by field
  return { status: response.status, json: JSON.parse(response.body) as Record<string, any> };
}

async function ok(operation: string, body: string | object) {
  const response = await call(operation, body);
  expect(response.status, JSON.stringify(response.json)).toBe(200);
  return response.json;
}

const keyCount = async () => (await ok('ListKeys', {})).Keys.length as number;

describe('encryption context keys named like Object.prototype members', () => {
  const PLAINTEXT = Buffer.from('bound to the context').toString('base64');

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('binds %j: required, and only with its value', async (name) => {
    const { KeyMetadata } = await ok('CreateKey', {});
    const context = (value: string) => `{${JSON.stringify(name)}:${JSON.stringify(value)}}`;
    const encrypted = await ok('Encrypt', `{"KeyId":"${KeyMetadata.KeyId}","Plaintext":"${PLAINTEXT}","EncryptionContext":${context('x')}}`);
    const decrypt = (contextJson?: string) =>
      call('Decrypt', `{"CiphertextBlob":"${encrypted.CiphertextBlob}"${contextJson ? `,"EncryptionContext":${contextJson}` : ''}}`);

    for (const refused of [undefined, '{}', context('y'), context(''), `{"other":"x"}`]) {
      expect((await decrypt(refused)).json, String(refused)).toMatchObject({ __type: 'InvalidCiphertextException' });
    }
    expect((await decrypt(context('x'))).json).toMatchObject({ Plaintext: PLAINTEXT, KeyId: KeyMetadata.Arn });
  });

  it('binds "__proto__" in GenerateDataKey and GenerateDataKeyWithoutPlaintext too', async () => {
    const { KeyMetadata } = await ok('CreateKey', {});
    for (const operation of ['GenerateDataKey', 'GenerateDataKeyWithoutPlaintext']) {
      const generated = await ok(operation, `{"KeyId":"${KeyMetadata.KeyId}","KeySpec":"AES_256","EncryptionContext":{"__proto__":"x"}}`);
      expect((await call('Decrypt', { CiphertextBlob: generated.CiphertextBlob })).json.__type, operation).toBe('InvalidCiphertextException');
      const opened = await ok('Decrypt', `{"CiphertextBlob":"${generated.CiphertextBlob}","EncryptionContext":{"__proto__":"x"}}`);
      expect(Buffer.from(opened.Plaintext, 'base64')).toHaveLength(32);
    }
  });

  it('refuses a context that is not an object of strings', async () => {
    const { KeyMetadata } = await ok('CreateKey', {});
    for (const context of ['[]', '"x"', '{"__proto__":{"a":"b"}}', '{"a":1}']) {
      const refused = await call('Encrypt', `{"KeyId":"${KeyMetadata.KeyId}","Plaintext":"${PLAINTEXT}","EncryptionContext":${context}}`);
      expect(refused.json, context).toMatchObject({ __type: 'ValidationException', message: expect.stringMatching(/ncryption context/) });
    }
  });
});

describe('CreateAlias TargetKeyId', () => {
  it('takes a key ID or a key ARN, and refuses an alias name or alias ARN with ValidationException', async () => {
    const { KeyMetadata } = await ok('CreateKey', {});
    await ok('CreateAlias', { AliasName: 'alias/first', TargetKeyId: KeyMetadata.KeyId });
    await ok('CreateAlias', { AliasName: 'alias/by-arn', TargetKeyId: KeyMetadata.Arn });
    for (const target of ['alias/first', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/first`, `arn:aws:kms:us-east-1:999999999999:alias/first`]) {
      const refused = await call('CreateAlias', { AliasName: 'alias/chained', TargetKeyId: target });
      expect(refused.json, target).toEqual({
        __type: 'ValidationException',
        message: 'TargetKeyId: Aliases must refer to keys, not to other aliases: give the key ID or key ARN.',
      });
    }
    const aliases = await ok('ListAliases', { KeyId: KeyMetadata.KeyId });
    expect(aliases.Aliases.map((alias: { AliasName: string }) => alias.AliasName).sort()).toEqual(['alias/by-arn', 'alias/first']);
  });
});

describe('per-access-key request rate', () => {
  it('answers ThrottlingException (HTTP 400) past the burst, to that access key only, after authentication', async () => {
    const limited = createAwsApiHandler({
      getContext: async () => t.ctx,
      accountId: ACCOUNT,
      now: () => t.clock.now().getTime(),
      log: () => {},
      rateLimit: { requestsPerSecond: 1, burst: 2 },
    });
    const other = { accessKeyId: 'KFTESTCCCCCCCCCCCCCC', secretAccessKey: 'other-secret-other-secret-other-secret-12' };
    await ensureBootstrapAccessKey(t.ctx, { ...other, ownerName: 'other@example.test' });
    const send = async (key: typeof KEY, secretAccessKey = key.secretAccessKey) => {
      const request = await signedRequest({ style: 'sdk', ...key, secretAccessKey, operation: 'ListKeys', body: '{}', signingDate: t.clock.now(), region: REGION });
      const response = await limited(request);
      return { status: response.status, json: JSON.parse(response.body) as Record<string, unknown> };
    };
    // Refused signatures spend nothing: authentication comes first.
    expect((await send(KEY, 'wrong-secret-wrong-secret-wrong-secret-1')).json.__type).toBe('InvalidSignatureException');
    expect((await send(KEY)).status).toBe(200);
    expect((await send(KEY)).status).toBe(200);
    expect(await send(KEY)).toEqual({ status: 400, json: { __type: 'ThrottlingException', message: expect.stringContaining('Rate exceeded') } });
    expect((await send(other)).status).toBe(200);
    t.clock.advance({ seconds: 1 });
    expect((await send(KEY)).status).toBe(200);
  });
});

describe('AWS request members Keyfort does not honour', () => {
  it('refuses CreateKey with a Policy or BypassPolicyLockoutSafetyCheck: true, and creates nothing', async () => {
    const before = await keyCount();
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    const withPolicy = await call('CreateKey', { Policy: policy });
    expect(withPolicy.json).toMatchObject({ __type: 'UnsupportedOperationException', message: expect.stringContaining('key policies') });
    const bypass = await call('CreateKey', { BypassPolicyLockoutSafetyCheck: true });
    expect(bypass.json).toMatchObject({ __type: 'UnsupportedOperationException', message: expect.stringContaining('BypassPolicyLockoutSafetyCheck') });
    expect(await keyCount()).toBe(before);
    // false asks for nothing, and a malformed Policy is malformed before it is unsupported.
    await ok('CreateKey', { BypassPolicyLockoutSafetyCheck: false });
    expect((await call('CreateKey', { Policy: 7 })).json.__type).toBe('ValidationException');
  });

  it('refuses Recipient on Decrypt and GenerateDataKey before any plaintext is produced', async () => {
    const { KeyMetadata } = await ok('CreateKey', {});
    const { CiphertextBlob } = await ok('Encrypt', { KeyId: KeyMetadata.KeyId, Plaintext: 'aGk=' });
    const recipient = { KeyEncryptionAlgorithm: 'RSAES_OAEP_SHA_256', AttestationDocument: 'AAAA' };
    const decrypt = await call('Decrypt', { CiphertextBlob, Recipient: recipient });
    expect(decrypt.json).toEqual({ __type: 'UnsupportedOperationException', message: expect.stringContaining('Recipient') });
    const dataKey = await call('GenerateDataKey', { KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256', Recipient: recipient });
    expect(dataKey.json).toEqual({ __type: 'UnsupportedOperationException', message: expect.stringContaining('Recipient') });
  });

  it('accepts GrantTokens and DryRunModifiers, which change nothing without grants or DryRun', async () => {
    const { KeyMetadata } = await ok('CreateKey', {});
    await ok('DescribeKey', { KeyId: KeyMetadata.KeyId, GrantTokens: ['token'] });
    const { CiphertextBlob } = await ok('Encrypt', { KeyId: KeyMetadata.KeyId, Plaintext: 'aGk=', GrantTokens: ['token'] });
    expect((await ok('Decrypt', { CiphertextBlob, DryRunModifiers: ['IGNORE_CIPHERTEXT'] })).Plaintext).toBe('aGk=');
  });

  it('accepts NEW_KEY_MATERIAL for the first import, as AWS does', async () => {
    const { KeyMetadata } = await ok('CreateKey', { Origin: 'EXTERNAL' });
    const refused = await call('ImportKeyMaterial', {
      KeyId: KeyMetadata.KeyId,
      ImportToken: 'AAAA',
      EncryptedKeyMaterial: 'AAAA',
      ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      ImportType: 'NEW_KEY_MATERIAL',
    });
    // Past the version check: the made-up token is what fails.
    expect(refused.json.__type).toBe('InvalidImportTokenException');
  });
});

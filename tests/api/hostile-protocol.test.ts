// Hostile requests below the SDK (issue 9's catalogue): signatures that leave out what must be signed,
// targets that are no operation, and JSON that is malformed, deeply nested, not an object, duplicated or
// numerically absurd. Each is a clean AWS error (never a 500), and the worker answers normally afterwards.
// signature.test.ts covers the missing and wrong signature, the stale date and the plain unknown operation.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKey, kmsClient } from './support/client';
import { adminRequest, expectAwsError, type RawResponse } from './support/raw-http';
import { keySnapshot } from './support/refusals';

const client = kmsClient();
const NESTING = 100_000;

async function expectStillServing(): Promise<void> {
  const response = await adminRequest('ListKeys', { Limit: 1 });
  expect(response.status, response.text).toBe(200);
}

function expectMessage(response: RawResponse, type: string, message: string | RegExp): void {
  expectAwsError(response, type);
  expect(response.json!.message).toMatch(message);
}

describe('signatures that leave out what must be signed', () => {
  it.each([
    ['host', "SignedHeaders must include 'host'"],
    ['x-amz-target', "SignedHeaders must include 'x-amz-target'"],
  ])('refuses a request whose %s is not signed with InvalidSignatureException', async (header, message) => {
    const response = await adminRequest('ListKeys', { Limit: 1 }, { unsignableHeaders: [header] });
    expectMessage(response, 'InvalidSignatureException', message);
  });

  it('refuses a signed Host or X-Amz-Date changed after signing, and X-Amz-Date removed or malformed', async () => {
    const tampers: ((headers: Record<string, string>) => void)[] = [
      (headers) => (headers.host = 'attacker.example'),
      (headers) => (headers['x-amz-date'] = headers['x-amz-date']!.replace(/\d{2}Z$/, (s) => `${(Number(s.slice(0, 2)) + 1) % 60}`.padStart(2, '0') + 'Z')),
      (headers) => delete headers['x-amz-date'],
      (headers) => (headers['x-amz-date'] = 'yesterday'),
    ];
    for (const tamper of tampers) {
      expectAwsError(await adminRequest('ListKeys', { Limit: 1 }, { afterSigning: (request) => tamper(request.headers) }), 'InvalidSignatureException');
    }
  });

  it('refuses Authorization headers that are not SigV4: garbage, another algorithm, a credential with no scope', async () => {
    const forged = ['garbage', 'AWS4-HMAC-SHA512 Credential=x, SignedHeaders=host, Signature=00', 'AWS4-HMAC-SHA256 Credential=KFADMIN, SignedHeaders=host;x-amz-date;x-amz-target, Signature=00'];
    for (const authorization of forged) {
      const response = await adminRequest('ListKeys', { Limit: 1 }, { afterSigning: (request) => (request.headers.authorization = authorization) });
      expect(response.status, authorization).toBe(400);
      expect(['InvalidSignatureException', 'IncompleteSignatureException', 'UnrecognizedClientException'], response.text).toContain(response.json?.__type);
    }
  });
});

describe('targets that name no operation', () => {
  it.each([
    'TrentService.__proto__',
    'TrentService.constructor',
    'TrentService.hasOwnProperty',
    'TrentService.toString',
    'TrentService.',
    'trentservice.ListKeys',
    'TrentService.listKeys',
    'KMS.ListKeys',
    'TrentService.ListKeys,TrentService.DisableKey',
  ])('answers X-Amz-Target %j with UnknownOperationException', async (target) => {
    expectMessage(await adminRequest('ListKeys', '{}', { target }), 'UnknownOperationException', 'X-Amz-Target names no operation');
  });
});

describe('malformed JSON', () => {
  it.each(['{"KeyId":', "{'Limit':1}", '{"Limit":1,}', '{} {}', '\uFEFF{}', '/* */ {}', '{"Limit":01}', '{"Limit":NaN}', '{"Limit":1}\u0000'])(
    'answers %j with SerializationException',
    async (body) => {
      expectMessage(await adminRequest('ListKeys', body), 'SerializationException', 'not valid JSON');
    },
  );

  it('answers a body that is not valid UTF-8 with SerializationException: no byte is read as a replacement character', async () => {
    const { KeyId } = await createKey(client, { Description: 'kept' });
    const before = await keySnapshot(client, KeyId);
    const withBytes = (prefix: string, bytes: number[], suffix: string) => Buffer.concat([Buffer.from(prefix), Buffer.from(bytes), Buffer.from(suffix)]);
    const bodies: [string, Buffer][] = [
      ['Encrypt', withBytes(`{"KeyId":"${KeyId}","Plaintext":"eA==","EncryptionContext":{"a":"`, [0xff], '"}}')],
      ['UpdateKeyDescription', withBytes(`{"KeyId":"${KeyId}","Description":"`, [0xc0, 0xaf], '"}')],
      ['UpdateKeyDescription', withBytes(`{"KeyId":"${KeyId}","Description":"`, [0xed, 0xa0, 0x80], '"}')],
    ];
    for (const [operation, body] of bodies) {
      expectMessage(await adminRequest(operation, body), 'SerializationException', 'not valid UTF-8');
    }
    expect(await keySnapshot(client, KeyId)).toEqual(before);
  });

  it.each(['null', '"ListKeys"', '42', 'true', '[]', '[{}]'])('answers the JSON value %s, not an object, with SerializationException', async (body) => {
    expectMessage(await adminRequest('ListKeys', body), 'SerializationException', 'must be a JSON object');
  });

  it(`answers ${NESTING} levels of nesting cleanly, never with a fault, and keeps serving`, async () => {
    const open = '['.repeat(NESTING);
    const close = ']'.repeat(NESTING);
    expectMessage(await adminRequest('ListKeys', open), 'SerializationException', 'not valid JSON');
    expectMessage(await adminRequest('ListKeys', open + close), 'SerializationException', 'must be a JSON object');
    expectMessage(await adminRequest('DescribeKey', `{"KeyId":${open}${close}}`), 'ValidationException', 'KeyId');
    const deepObject = '{"x":'.repeat(NESTING) + '1' + '}'.repeat(NESTING);
    expectMessage(await adminRequest('DescribeKey', `{"KeyId":${deepObject}}`), 'ValidationException', 'KeyId');
    // An unknown field is ignored, as AWS does, however deep it goes.
    const ignored = await adminRequest('ListKeys', `{"Limit":1,"Unknown":${deepObject}}`);
    expect(ignored.status, ignored.text).toBe(200);
    await expectStillServing();
  });
});

describe('duplicate keys and absurd numbers', () => {
  it('takes the last of duplicate keys, the same way for every field (the signature covers the raw body)', async () => {
    const { KeyId } = await createKey(client, { Description: 'the last one' });
    const described = await adminRequest('DescribeKey', `{"KeyId":"${randomUUID()}","KeyId":"${KeyId}"}`);
    expect(described.status, described.text).toBe(200);
    expect((described.json!.KeyMetadata as { KeyId: string }).KeyId).toBe(KeyId);

    const encrypted = await adminRequest('Encrypt', `{"KeyId":"${KeyId}","Plaintext":"eA==","EncryptionContext":{"a":"first","a":"last"}}`);
    expect(encrypted.status, encrypted.text).toBe(200);
    const blob = encrypted.json!.CiphertextBlob as string;
    expect((await adminRequest('Decrypt', { CiphertextBlob: blob, EncryptionContext: { a: 'last' } })).status).toBe(200);
    expectAwsError(await adminRequest('Decrypt', { CiphertextBlob: blob, EncryptionContext: { a: 'first' } }), 'InvalidCiphertextException');
  });

  it.each(['1e400', '-1e400', '1e21', '9007199254740993', '1.5', '-0.5', '0', '"10"', `1${'0'.repeat(10_000)}`])(
    'refuses Limit %s with ValidationException naming the field',
    async (limit) => {
      expectMessage(await adminRequest('ListKeys', `{"Limit":${limit}}`), 'ValidationException', 'Limit');
    },
  );

  it('refuses absurd numbers where a key would change, and the key stays as it was', async () => {
    const { KeyId } = await createKey(client);
    const before = await keySnapshot(client, KeyId);
    for (const days of ['1e308', '-7', '7.5', '1e-320', '30000000000']) {
      expectMessage(await adminRequest('ScheduleKeyDeletion', `{"KeyId":"${KeyId}","PendingWindowInDays":${days}}`), 'ValidationException', /PendingWindowInDays/i);
    }
    for (const bytes of ['1e308', '-1', '4294967329', '0.5']) {
      expectAwsError(await adminRequest('GenerateDataKey', `{"KeyId":"${KeyId}","NumberOfBytes":${bytes}}`), 'ValidationException');
    }
    expect(await keySnapshot(client, KeyId)).toEqual(before);
    await expectStillServing();
  });
});

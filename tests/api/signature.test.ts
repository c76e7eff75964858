// SigV4 verification and the JSON 1.1 protocol, below the SDK: requests signed by @smithy/signature-v4
// (the SDK's own signer) and sent with node:http, so each can be wrong in exactly one way.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { expectAwsError, rawKmsRequest, type RawResponse, type TRawRequestOptions } from './support/raw-http';
import './support/provided';

const keyfort = inject('keyfort');
const credentials = { accessKeyId: keyfort.accessKeyId, secretAccessKey: keyfort.secretAccessKey };
const MINUTE_MS = 60_000;

function listKeys(overrides: Partial<TRawRequestOptions> = {}): Promise<RawResponse> {
  return rawKmsRequest({ endpoint: keyfort.endpoint, operation: 'ListKeys', body: '{"Limit":1}', credentials, ...overrides });
}

describe('SigV4 verification', () => {
  it('accepts a correctly signed request, on /api/aws and on /', async () => {
    for (const endpoint of [keyfort.endpoint, `${keyfort.origin}/`]) {
      const response = await listKeys({ endpoint });
      expect(response.status, response.text).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/x-amz-json-1\.1\b/);
      expect(Array.isArray(response.json?.Keys)).toBe(true);
    }
  });

  it('accepts any region in the credential scope', async () => {
    for (const region of ['us-east-1', 'cn-north-1', 'keyfort-local']) {
      expect((await listKeys({ region })).status).toBe(200);
    }
  });

  it('refuses a signature made with the wrong secret with InvalidSignatureException', async () => {
    const response = await listKeys({ credentials: { ...credentials, secretAccessKey: randomBytes(30).toString('base64') } });
    expectAwsError(response, 'InvalidSignatureException');
  });

  it('refuses an access key ID Keyfort does not know with UnrecognizedClientException', async () => {
    const response = await listKeys({ credentials: { accessKeyId: 'KFNOSUCHKEY000000000', secretAccessKey: credentials.secretAccessKey } });
    expectAwsError(response, 'UnrecognizedClientException');
  });

  it('refuses a request without Authorization with UnrecognizedClientException', async () => {
    expectAwsError(await listKeys({ credentials: undefined }), 'UnrecognizedClientException');
  });

  it('refuses a request whose Authorization header was removed after signing with UnrecognizedClientException', async () => {
    const response = await listKeys({ afterSigning: (request) => delete request.headers.authorization });
    expectAwsError(response, 'UnrecognizedClientException');
  });

  it('refuses X-Amz-Date 16 minutes in the past and in the future with InvalidSignatureException', async () => {
    for (const skew of [-16 * MINUTE_MS, 16 * MINUTE_MS]) {
      expectAwsError(await listKeys({ signingDate: new Date(Date.now() + skew) }), 'InvalidSignatureException');
    }
  });

  it('accepts X-Amz-Date 14 minutes off either way (the 15-minute bound is not stricter)', async () => {
    for (const skew of [-14 * MINUTE_MS, 14 * MINUTE_MS]) {
      expect((await listKeys({ signingDate: new Date(Date.now() + skew) })).status).toBe(200);
    }
  });

  it('refuses a body changed after signing with InvalidSignatureException, also when the signed payload hash header is dropped', async () => {
    const changed = await listKeys({ afterSigning: (request) => (request.body = '{"Limit":2}') });
    expectAwsError(changed, 'InvalidSignatureException');
    // The AWS CLI sends no x-amz-content-sha256: Keyfort must hash the body itself, not trust the header.
    const unsignedHash = await rawKmsRequest({
      endpoint: keyfort.endpoint,
      operation: 'ListKeys',
      body: '{"Limit":1}',
      credentials,
      afterSigning: (request) => {
        request.body = '{"Limit":2}';
        delete request.headers['x-amz-content-sha256'];
      },
    });
    expect(unsignedHash.status).toBe(400);
    expect(unsignedHash.json?.__type).toBe('InvalidSignatureException');
  });

  it('refuses a signed header (X-Amz-Target) changed after signing with InvalidSignatureException', async () => {
    const response = await listKeys({ afterSigning: (request) => (request.headers['x-amz-target'] = 'TrentService.ListAliases') });
    expectAwsError(response, 'InvalidSignatureException');
  });

  it('refuses a valid signature scoped to another service than kms', async () => {
    const response = await listKeys({ service: 's3' });
    expect(response.status).toBe(400);
    expect(['InvalidSignatureException', 'IncompleteSignatureException']).toContain(response.json?.__type);
  });
});

describe('JSON 1.1 protocol', () => {
  it('answers an unknown operation with UnknownOperationException', async () => {
    const response = await rawKmsRequest({ endpoint: keyfort.endpoint, operation: 'Sign', body: '{}', credentials });
    expectAwsError(response, 'UnknownOperationException');
  });

  it('answers a body that is not a JSON object with SerializationException', async () => {
    for (const body of ['not json', '[1,2]']) {
      const response = await rawKmsRequest({ endpoint: keyfort.endpoint, operation: 'ListKeys', body, credentials });
      expectAwsError(response, 'SerializationException');
    }
  });

  it('answers a missing required field with ValidationException, not a fault', async () => {
    const response = await rawKmsRequest({ endpoint: keyfort.endpoint, operation: 'DescribeKey', body: '{}', credentials });
    expectAwsError(response, 'ValidationException');
  });

  it('reads timestamps as epoch seconds with a fraction and answers them as epoch seconds', async () => {
    const created = await rawKmsRequest({ endpoint: keyfort.endpoint, operation: 'CreateKey', body: '{}', credentials });
    expect(created.status).toBe(200);
    const metadata = created.json!.KeyMetadata as Record<string, unknown>;
    expect(typeof metadata.CreationDate).toBe('number');
    expect(Math.abs((metadata.CreationDate as number) * 1000 - Date.now())).toBeLessThan(60_000);
  });
});

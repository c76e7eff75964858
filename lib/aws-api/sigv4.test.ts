import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { AwsApiError, type AwsApiRequest } from './protocol';
import { NodeSha256 } from './sha256';
import { readSigV4Claim, verifySigV4Signature } from './sigv4';
import { signedHeaderNames, signedRequest, type TClientStyle } from './testing/sign';

const NOW = new Date('2030-01-01T12:00:00Z');
const KEY = { accessKeyId: 'KFTESTAAAAAAAAAAAAAA', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const BODY = JSON.stringify({ KeyId: 'alias/payments', Plaintext: 'aGVsbG8=' });

function sign(style: TClientStyle, overrides: Partial<Parameters<typeof signedRequest>[0]> = {}) {
  return signedRequest({ style, ...KEY, operation: 'Encrypt', body: BODY, signingDate: NOW, ...overrides });
}

/** Resolves to the AWS exception name the verification refuses with, or 'OK'. */
async function verdict(request: AwsApiRequest, secretAccessKey = KEY.secretAccessKey, now = NOW.getTime()): Promise<string> {
  try {
    const claim = readSigV4Claim(request, now);
    verifySigV4Signature({ request, claim, credential: { secretAccessKey } });
    return 'OK';
  } catch (error) {
    if (error instanceof AwsApiError) return error.type;
    throw error;
  }
}

describe('NodeSha256 inside @smithy/signature-v4', () => {
  it('reproduces the AWS SigV4 test suite signature for get-vanilla', async () => {
    // aws-sig-v4-test-suite/get-vanilla: proves the node:crypto hash plugs into the signer correctly.
    const signer = new SignatureV4({
      service: 'service',
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
      sha256: NodeSha256,
      applyChecksum: false,
    });
    const signed = await signer.sign(
      { method: 'GET', protocol: 'https:', hostname: 'example.amazonaws.com', path: '/', query: {}, headers: { host: 'example.amazonaws.com' } },
      { signingDate: new Date('2015-08-30T12:36:00Z') },
    );
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, ' +
        'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });
});

describe.each(['sdk', 'cli'] as const)('SigV4 verification, %s-style requests', (style) => {
  it('signs the header set that client signs', async () => {
    const names = signedHeaderNames(await sign(style));
    if (style === 'cli') expect(names).toEqual(['content-type', 'host', 'x-amz-date', 'x-amz-target']);
    else expect(names).toHaveLength(9);
  });

  it('accepts a correctly signed request, any region, on / and /api/aws', async () => {
    expect(await verdict(await sign(style))).toBe('OK');
    expect(await verdict(await sign(style, { region: 'eu-central-1', path: '/api/aws/' }))).toBe('OK');
    expect(await verdict(await sign(style, { path: '/api/aws' }))).toBe('OK');
  });

  it('refuses a request signed with another secret', async () => {
    expect(await verdict(await sign(style), 'another-secret-another-secret-1234567890')).toBe('InvalidSignatureException');
  });

  it('refuses a body changed after signing', async () => {
    const request = await sign(style);
    request.body = Buffer.from(BODY.replace('aGVsbG8=', 'aGVsbG9v'));
    expect(await verdict(request)).toBe('InvalidSignatureException');
  });

  it('refuses a signed header altered after signing', async () => {
    const request = await sign(style);
    request.headers['x-amz-target'] = 'TrentService.Decrypt';
    expect(await verdict(request)).toBe('InvalidSignatureException');
    const moved = await sign(style);
    moved.headers.host = '127.0.0.1:4001';
    expect(await verdict(moved)).toBe('InvalidSignatureException');
  });

  it('refuses a signature for another service than kms', async () => {
    expect(await verdict(await sign(style, { service: 's3' }))).toBe('InvalidSignatureException');
  });

  it('refuses an X-Amz-Date more than 15 minutes in the past or the future, accepts one within', async () => {
    const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
    expect(await verdict(await sign(style, { signingDate: minutes(-16) }))).toBe('InvalidSignatureException');
    expect(await verdict(await sign(style, { signingDate: minutes(16) }))).toBe('InvalidSignatureException');
    expect(await verdict(await sign(style, { signingDate: minutes(-14) }))).toBe('OK');
    expect(await verdict(await sign(style, { signingDate: minutes(14) }))).toBe('OK');
  });

  it('says the signature expired when the date is skewed', async () => {
    const request = await sign(style, { signingDate: new Date(NOW.getTime() - 20 * 60_000) });
    expect(() => readSigV4Claim(request, NOW.getTime())).toThrow(/Signature expired/);
  });

  it('refuses a request without an Authorization header as an unrecognised client', async () => {
    const request = await sign(style);
    delete request.headers.authorization;
    expect(await verdict(request)).toBe('UnrecognizedClientException');
  });
});

describe('the signing key kept per credential', () => {
  /** One credential object across requests, as the credential cache hands it out. */
  const credential = { secretAccessKey: KEY.secretAccessKey };
  const verifies = async (request: AwsApiRequest, now: number) => {
    verifySigV4Signature({ request, claim: readSigV4Claim(request, now), credential });
  };

  it('is derived again when the date or the region of the scope changes, never reused for another scope', async () => {
    const nextDay = new Date('2030-01-02T00:05:00Z');
    await verifies(await sign('sdk'), NOW.getTime());
    await verifies(await sign('sdk', { signingDate: nextDay }), nextDay.getTime());
    await verifies(await sign('sdk', { signingDate: nextDay, region: 'eu-west-1' }), nextDay.getTime());
    await verifies(await sign('sdk'), NOW.getTime());
  });

  it('belongs to the credential object: another secret for the same access key ID is checked afresh', async () => {
    await verifies(await sign('sdk'), NOW.getTime());
    const other = { secretAccessKey: 'another-secret-another-secret-1234567890' };
    const request = await sign('sdk');
    expect(() => verifySigV4Signature({ request, claim: readSigV4Claim(request, NOW.getTime()), credential: other })).toThrow(/does not match/);
  });
});

describe('SigV4 claims', () => {
  it('refuses a credential scope dated another day than X-Amz-Date', async () => {
    const request = await sign('cli');
    request.headers.authorization = String(request.headers.authorization).replace('/20300101/', '/20291231/');
    expect(await verdict(request)).toBe('InvalidSignatureException');
  });

  it('refuses an x-amz-content-sha256 that does not match the body, even when unsigned', async () => {
    const request = await sign('cli');
    request.headers['x-amz-content-sha256'] = '0'.repeat(64);
    expect(() => readSigV4Claim(request, NOW.getTime())).toThrow(/x-amz-content-sha256/);
  });

  it('refuses signatures that do not cover host', async () => {
    const request = await sign('cli');
    request.headers.authorization = String(request.headers.authorization).replace('SignedHeaders=content-type;host;', 'SignedHeaders=content-type;');
    expect(() => readSigV4Claim(request, NOW.getTime())).toThrow(/host/);
  });

  it('refuses signatures that do not cover x-amz-target, so a captured request cannot be replayed as another operation', async () => {
    const request = await sign('cli');
    request.headers.authorization = String(request.headers.authorization).replace('x-amz-date;x-amz-target,', 'x-amz-date,');
    expect(String(request.headers.authorization)).toContain('SignedHeaders=content-type;host;x-amz-date,');
    expect(() => readSigV4Claim(request, NOW.getTime())).toThrow(/x-amz-target/);
  });

  it('refuses malformed Authorization headers without reading a secret', () => {
    const request = { method: 'POST', path: '/', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x' }, body: Buffer.alloc(0) };
    expect(() => readSigV4Claim(request, NOW.getTime())).toThrow(AwsApiError);
    request.headers.authorization = 'Basic dXNlcjpwYXNz';
    expect(() => readSigV4Claim(request, NOW.getTime())).toThrow(/AWS4-HMAC-SHA256/);
  });

  it('checks the signature of every request, also after the same client\'s header prefix was read once', async () => {
    const first = await sign('sdk');
    expect(await verdict(first)).toBe('OK');
    const replayed = await sign('sdk');
    const authorization = String(replayed.headers.authorization);
    replayed.headers.authorization = authorization.replace(/Signature=[0-9a-f]{64}$/, `Signature=${'0'.repeat(64)}`);
    expect(await verdict(replayed)).toBe('InvalidSignatureException');
    replayed.headers.authorization = authorization.replace(/Signature=[0-9a-f]{64}$/, 'Signature=ABC');
    expect(() => readSigV4Claim(replayed, NOW.getTime())).toThrow(/64 lower-case hex/);
    replayed.headers.authorization = authorization;
    expect(await verdict(replayed)).toBe('OK');
  });

  it('refuses SignedHeaders that repeat a name or are out of order, as no signer writes them', async () => {
    const request = await sign('cli');
    request.headers.authorization = String(request.headers.authorization).replace('SignedHeaders=content-type;host;', 'SignedHeaders=host;content-type;');
    expect(() => readSigV4Claim(request, NOW.getTime())).toThrow(/ascending order/);
    request.headers.authorization = String(request.headers.authorization).replace('SignedHeaders=host;content-type;', 'SignedHeaders=content-type;host;host;');
    expect(() => readSigV4Claim(request, NOW.getTime())).toThrow(/ascending order/);
  });

  it('reads the access key ID, region and signed headers of a valid request', async () => {
    const claim = readSigV4Claim(await sign('sdk', { region: 'ap-southeast-2' }), NOW.getTime());
    expect(claim).toMatchObject({ accessKeyId: KEY.accessKeyId, region: 'ap-southeast-2', signingDate: NOW });
    expect(claim.signedHeaders).toContain('x-amz-content-sha256');
  });
});

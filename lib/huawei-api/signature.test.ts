import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HuaweiApiError, type HuaweiApiRequest } from './protocol';
import { canonicalQueryString, huaweiUrlEncode, MAX_CLOCK_SKEW_MS, readHuaweiSignatureClaim, verifyHuaweiSignature } from './signature';
import { sdkSignedRequest, type TSdkSignInput } from './testing/sdk-sign';

const NOW = new Date('2030-01-01T12:00:00Z');
const PROJECT = '0123456789abcdef0123456789abcdef';
const KEY = { accessKeyId: 'KFTESTAAAAAAAAAAAAAA', secretKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

/** 'OK', or the Huawei error code the verification refuses with. */
function verdict(request: HuaweiApiRequest, secretKey = KEY.secretKey, now = NOW.getTime()): string {
  try {
    const claim = readHuaweiSignatureClaim(request, now);
    verifyHuaweiSignature({ request, claim, secretKey });
    return 'OK';
  } catch (error) {
    if (error instanceof HuaweiApiError) return error.code;
    throw error;
  }
}

function sign(overrides: Partial<TSdkSignInput> = {}): HuaweiApiRequest {
  return sdkSignedRequest({
    method: 'POST',
    origin: 'https://kms.example.test:8443',
    path: `/v1.0/${PROJECT}/kms/encrypt-data`,
    headers: { 'Content-Type': 'application/json', 'X-Project-Id': PROJECT },
    data: { key_id: '0d0466b0-e727-4d9c-b35d-f84bb474a37f', plain_text: 'hello' },
    ...KEY,
    ...overrides,
  });
}

// The SDK stamps X-Sdk-Date from the system clock (moment()): pinned, so dates are reproducible.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

/** mulberry32: a seeded generator, so every run signs and mutates the same requests. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Segments url.parse leaves as they are (it escapes quotes, spaces and braces itself), escapes included.
const SEGMENTS = ['create-key', 'aliases', 'tags', 'key_id.v2', '~x', 'a(b)*!', 'a%20b', 'caf%C3%A9', '%2F', 'UPPER', '0'];
const QUERY_NAMES = ['limit', 'marker', 'key_id', 'a b', 'sort', 'Z', 'é'];
const QUERY_VALUES = ['10', '', 'a b', 'café', 'x+y', 'k=v', '50%', 'ä/ö', '*!', '0d0466b0-e727'];
const EXTRA_HEADERS: [string, string][] = [
  ['Content-Type', 'application/json'],
  ['X-Project-Id', PROJECT],
  ['User-Agent', 'huaweicloud-usdk-nodejs/3.0'],
  ['X-Custom-Trace', 'abc 123;x=y'],
  ['Accept', '*/*'],
  ['X-Sdk-Content-Sha256', 'UNSIGNED-PAYLOAD'],
];

function generate(random: () => number, index: number): TSdkSignInput {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const method = pick(['GET', 'POST', 'DELETE'] as const);
  const segments = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(SEGMENTS));
  const query: Record<string, string | string[]> = {};
  for (let i = Math.floor(random() * 4); i > 0; i--) query[pick(QUERY_NAMES)] = random() < 0.25 ? [pick(QUERY_VALUES), pick(QUERY_VALUES)] : pick(QUERY_VALUES);
  const headers = Object.fromEntries(EXTRA_HEADERS.filter(() => random() < 0.4));
  const data = method !== 'GET' && random() < 0.8 ? { key_id: `key-${index}`, plain_text: pick(QUERY_VALUES) + pick(['ü', '€', '𝄞', '']), sequence: `${index}` } : undefined;
  const trailingSlash = random() < 0.2 ? '/' : '';
  return { method, origin: pick(['https://kms.example.test:8443', 'http://127.0.0.1:4100']), path: `/v1.0/${PROJECT}/kms/${segments.join('/')}${trailingSlash}`, query, headers, data, ...KEY };
}

/** A different character at `index`: a neighbouring digit for digits (dates, hex), else a non-hex letter. */
function changeAt(text: string, index: number): string {
  const c = text[index]!;
  const replacement = /[0-9]/.test(c) ? String((Number(c) + 1) % 10) : /[a-f]/.test(c) ? (c === 'a' ? 'b' : 'a') : c === 'q' ? 'z' : 'q';
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe('SDK-HMAC-SHA256 verification against the Huawei SDK core signer', () => {
  const random = prng(0x4b4d53);
  const cases = Array.from({ length: 60 }, (_, index) => generate(random, index));

  it('accepts every request the SDK signs (methods, paths, queries, header sets, bodies)', () => {
    const refused = cases.map((input) => [input, verdict(sdkSignedRequest(input))] as const).filter(([, outcome]) => outcome !== 'OK');
    expect(refused).toEqual([]);
  });

  it('refuses every single-character change of method, path, query, signed header, date, body and signature', () => {
    const accepted: string[] = [];
    const check = (label: string, request: HuaweiApiRequest) => {
      if (verdict(request) === 'OK') accepted.push(label);
    };
    for (const [n, input] of cases.entries()) {
      const request = sdkSignedRequest(input);
      for (let i = 0; i < request.method.length; i++) check(`#${n} method ${i}`, { ...request, method: changeAt(request.method, i) });
      for (let i = 0; i < request.path.length; i++) check(`#${n} path ${i}`, { ...request, path: changeAt(request.path, i) });
      const authorization = request.headers.authorization as string;
      const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');
      for (const name of signedNames) {
        const value = request.headers[name] as string;
        for (let i = 0; i < value.length; i++) check(`#${n} header ${name} ${i}`, { ...request, headers: { ...request.headers, [name]: changeAt(value, i) } });
      }
      const signatureAt = authorization.indexOf('Signature=') + 'Signature='.length;
      for (let i = signatureAt; i < authorization.length; i++) {
        check(`#${n} signature ${i}`, { ...request, headers: { ...request.headers, authorization: changeAt(authorization, i) } });
      }
      // With UNSIGNED-PAYLOAD the client chose not to sign the body (tested below).
      if (request.headers['x-sdk-content-sha256'] === undefined) {
        for (let i = 0; i < request.body.length; i++) {
          const body = Buffer.from(request.body);
          body[i] = body[i]! ^ 0x01;
          check(`#${n} body ${i}`, { ...request, body });
        }
      }
    }
    expect(accepted).toEqual([]);
  });

  it('signs X-Sdk-Date in the string to sign even when SignedHeaders leaves it out', () => {
    const request = sign();
    const sdkDate = request.headers['x-sdk-date'] as string;
    expect(verdict({ ...request, headers: { ...request.headers, 'x-sdk-date': changeAt(sdkDate, sdkDate.length - 2) } })).toBe('KMS.0302');
  });
});

describe('SDK-HMAC-SHA256 refusals', () => {
  it('accepts the SDK’s request as is, and refuses another secret with KMS.0302', () => {
    expect(verdict(sign())).toBe('OK');
    expect(verdict(sign(), 'another-secret-key')).toBe('KMS.0302');
  });

  it('refuses a missing or foreign Authorization with KMS.0301', () => {
    const request = sign();
    const { authorization, ...withoutAuthorization } = request.headers;
    expect(verdict({ ...request, headers: withoutAuthorization })).toBe('KMS.0301');
    expect(verdict({ ...request, headers: { ...request.headers, authorization: `AWS4-HMAC-SHA256 ${String(authorization).slice(16)}` } })).toBe('KMS.0301');
    expect(verdict({ ...request, headers: { ...request.headers, authorization: String(authorization).replace(/Signature=[0-9a-f]+/, 'Signature=') } })).toBe('KMS.0301');
  });

  it('refuses a date more than 15 minutes away, or none, with KMS.0303; up to 15 minutes is accepted', () => {
    const request = sign();
    expect(verdict(request, KEY.secretKey, NOW.getTime() + MAX_CLOCK_SKEW_MS)).toBe('OK');
    expect(verdict(request, KEY.secretKey, NOW.getTime() - MAX_CLOCK_SKEW_MS)).toBe('OK');
    expect(verdict(request, KEY.secretKey, NOW.getTime() + MAX_CLOCK_SKEW_MS + 1000)).toBe('KMS.0303');
    expect(verdict(request, KEY.secretKey, NOW.getTime() - MAX_CLOCK_SKEW_MS - 1000)).toBe('KMS.0303');
    const { 'x-sdk-date': _date, ...withoutDate } = request.headers;
    expect(verdict({ ...request, headers: withoutDate })).toBe('KMS.0303');
    expect(verdict({ ...request, headers: { ...request.headers, 'x-sdk-date': '20300101T126000Z' } })).toBe('KMS.0303');
  });

  it('refuses an X-Sdk-Content-Sha256 that is neither the body’s hash nor UNSIGNED-PAYLOAD', () => {
    const request = sign({ headers: { 'X-Sdk-Content-Sha256': '0'.repeat(64) } });
    expect(verdict(request)).toBe('KMS.0302');
  });

  it('leaves the body unsigned only when the client sent UNSIGNED-PAYLOAD', () => {
    const request = sign({ headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' } });
    expect(verdict({ ...request, body: Buffer.from('{"key_id":"other"}') })).toBe('OK');
    expect(verdict({ ...sign(), body: Buffer.from('{"key_id":"other"}') })).toBe('KMS.0302');
  });

  it('accepts a path signed unescaped, as axios sends a non-ASCII segment escaped', () => {
    const request = sign({ path: `/v1.0/${PROJECT}/kms/café/tags` });
    expect(verdict({ ...request, path: `/v1.0/${PROJECT}/kms/caf%C3%A9/tags` })).toBe('OK');
  });
});

describe('canonical pieces', () => {
  it('escapes as the SDK does: unreserved characters kept, the rest %XX upper-case, ! \' ( ) * included', () => {
    expect(huaweiUrlEncode("aZ09-_.~!'()* /é")).toBe('aZ09-_.~%21%27%28%29%2A%20%2F%C3%A9');
  });

  it('sorts the query by name, repeated names by value, and reads + as a space', () => {
    expect(canonicalQueryString('b=2&a=y&a=x&c&d=a+b%2Bc')).toBe('a=x&a=y&b=2&c=&d=a%20b%2Bc');
  });
});

describe('the Authorization fields kept per client', () => {
  it('still checks every request’s signature once the text before it was read', () => {
    expect(verdict(sign())).toBe('OK');
    const again = sign();
    const authorization = String(again.headers.authorization);
    again.headers.authorization = authorization.replace(/Signature=[0-9a-f]{64}$/, `Signature=${'0'.repeat(64)}`);
    expect(verdict(again)).toBe('KMS.0302');
    again.headers.authorization = authorization.replace(/Signature=[0-9a-f]{64}$/, 'Signature=XYZ');
    expect(verdict(again)).toBe('KMS.0301');
    again.headers.authorization = authorization;
    expect(verdict(again)).toBe('OK');
  });
});

describe('repeated signed headers', () => {
  it('refuses a signed header sent twice on the wire (a second Host line would otherwise pass unverified), accepts repeats of unsigned ones', () => {
    const request = sign();
    const lines = Object.entries(request.headers).flatMap(([name, value]) => [name, String(value)]);
    expect(verdict({ ...request, rawHeaders: lines })).toBe('OK');
    expect(verdict({ ...request, rawHeaders: [...lines, 'X-Trace', 'a', 'x-trace', 'b'] })).toBe('OK');
    expect(verdict({ ...request, rawHeaders: [...lines, 'Host', 'attacker.example'] })).toBe('KMS.0301');
  });
});

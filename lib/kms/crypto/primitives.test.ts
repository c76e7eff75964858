import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aesGcmDecrypt, aesGcmEncrypt, constantTimeEqual, CryptoAuthError, hkdfSha256 } from './primitives';

// Vectors copied unchanged from C2SP/wycheproof (see testdata/wycheproof/README.md), run through the very
// functions the keyring uses, so a regression in how Keyfort calls Node's crypto shows up here.
function vectors<T>(file: string): { testGroups: T[] } {
  return JSON.parse(readFileSync(new URL(`./testdata/wycheproof/${file}`, import.meta.url), 'utf8'));
}
const hex = (value: string) => Buffer.from(value, 'hex');

interface GcmTest {
  tcId: number;
  comment: string;
  key: string;
  iv: string;
  aad: string;
  msg: string;
  ct: string;
  tag: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface GcmGroup {
  keySize: number;
  ivSize: number;
  tagSize: number;
  tests: GcmTest[];
}

const gcmGroups = vectors<GcmGroup>('aes_gcm_test.json').testGroups;
// Keyfort seals only with AES-256, 96-bit nonces and 128-bit tags; other sizes are refused (tested below).
const gcm = gcmGroups.filter((g) => g.keySize === 256 && g.ivSize === 96 && g.tagSize === 128).flatMap((g) => g.tests);

describe('AES-256-GCM against Wycheproof', () => {
  it('has both valid and invalid vectors to run', () => {
    expect(gcm.filter((t) => t.result === 'valid').length).toBeGreaterThan(30);
    expect(gcm.filter((t) => t.result === 'invalid').length).toBeGreaterThan(20);
  });

  it.each(gcm.filter((t) => t.result === 'valid'))('valid #$tcId $comment: encrypts and decrypts exactly', (t) => {
    const { ciphertext, tag } = aesGcmEncrypt({ key: hex(t.key), nonce: hex(t.iv), plaintext: hex(t.msg), aad: hex(t.aad) });
    expect(ciphertext.toString('hex')).toBe(t.ct);
    expect(tag.toString('hex')).toBe(t.tag);
    const plaintext = aesGcmDecrypt({ key: hex(t.key), nonce: hex(t.iv), ciphertext: hex(t.ct), tag: hex(t.tag), aad: hex(t.aad) });
    expect(plaintext.toString('hex')).toBe(t.msg);
  });

  it.each(gcm.filter((t) => t.result === 'invalid'))('invalid #$tcId $comment: refused', (t) => {
    const open = () => aesGcmDecrypt({ key: hex(t.key), nonce: hex(t.iv), ciphertext: hex(t.ct), tag: hex(t.tag), aad: hex(t.aad) });
    expect(open).toThrow(CryptoAuthError);
  });

  it('refuses key and nonce sizes outside AES-256 / 96 bits instead of running them', () => {
    const other = gcmGroups.find((g) => g.keySize === 128 && g.ivSize === 96)?.tests[0] as GcmTest;
    expect(() => aesGcmEncrypt({ key: hex(other.key), nonce: hex(other.iv), plaintext: hex(other.msg), aad: hex(other.aad) })).toThrow(RangeError);
    const longIv = gcmGroups.find((g) => g.keySize === 256 && g.ivSize === 128)?.tests[0] as GcmTest;
    expect(() => aesGcmEncrypt({ key: hex(longIv.key), nonce: hex(longIv.iv), plaintext: hex(longIv.msg), aad: hex(longIv.aad) })).toThrow(RangeError);
  });

  it('refuses a truncated tag that Node alone would accept', () => {
    const t = gcm.find((v) => v.result === 'valid' && v.msg.length > 0) as GcmTest;
    const shortTag = hex(t.tag).subarray(0, 12);
    expect(() => aesGcmDecrypt({ key: hex(t.key), nonce: hex(t.iv), ciphertext: hex(t.ct), tag: shortTag, aad: hex(t.aad) })).toThrow(CryptoAuthError);
  });
});

interface HkdfTest {
  tcId: number;
  comment: string;
  ikm: string;
  salt: string;
  info: string;
  size: number;
  okm: string;
  result: 'valid' | 'invalid';
}
const hkdf = vectors<{ tests: HkdfTest[] }>('hkdf_sha256_test.json').testGroups.flatMap((g) => g.tests);

describe('HKDF-SHA256 against Wycheproof', () => {
  it.each(hkdf.filter((t) => t.result === 'valid'))('valid #$tcId $comment: derives the expected output', (t) => {
    expect(hkdfSha256({ ikm: hex(t.ikm), salt: hex(t.salt), info: hex(t.info), length: t.size }).toString('hex')).toBe(t.okm);
  });

  it.each(hkdf.filter((t) => t.result === 'invalid'))('invalid #$tcId $comment: refused', (t) => {
    expect(() => hkdfSha256({ ikm: hex(t.ikm), salt: hex(t.salt), info: hex(t.info), length: t.size })).toThrow();
  });
});

describe('constantTimeEqual', () => {
  it('is true only for identical values, also across string and bytes', () => {
    expect(constantTimeEqual('v1:abc', 'v1:abc')).toBe(true);
    expect(constantTimeEqual('v1:abc', 'v1:abd')).toBe(false);
    expect(constantTimeEqual('v1:abc', 'v1:ab')).toBe(false);
    expect(constantTimeEqual(Buffer.from('abc'), 'abc')).toBe(true);
  });
});

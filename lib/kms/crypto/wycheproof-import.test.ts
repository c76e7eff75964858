import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KmsError } from '../errors';
import { aesKeyUnwrapWithPadding, loadWrappingPrivateKey, rsaOaepDecrypt, unwrapKeyMaterial, type TOaepHash } from './wrapping';

// Wycheproof vectors (C2SP/wycheproof, copied unchanged; see testdata/wycheproof/README.md) fed through the
// unwrap primitives production uses for import: RSA-OAEP and AES key wrap with padding. Every vector in the
// files has result "valid" or "invalid"; none is "acceptable".
function vectors<T>(file: string): { testGroups: T[] } {
  return JSON.parse(readFileSync(new URL(`./testdata/wycheproof/${file}`, import.meta.url), 'utf8'));
}
const hex = (value: string) => Buffer.from(value, 'hex');

interface TVector {
  tcId: number;
  comment: string;
  flags: string[];
  msg: string;
  ct: string;
  result: 'valid' | 'invalid';
}
interface TOaepVector extends TVector {
  label: string;
}
interface TOaepGroup {
  keySize: number;
  sha: string;
  mgf: string;
  mgfSha: string;
  privateKeyPkcs8: string; // hex DER; the file also carries PEM and JWK forms of the same key
  tests: TOaepVector[];
}
interface TKwpGroup {
  keySize: number;
  tests: (TVector & { key: string })[];
}

const HASHES: Record<string, TOaepHash> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256' };
const name = (t: TVector) => `tcId ${t.tcId} ${t.result} [${t.flags.join(', ')}] ${t.comment}`;

function expectWrapInvalid(run: () => unknown): void {
  expect(run).toThrow(KmsError);
  expect(run).toThrow(expect.objectContaining({ code: 'WRAP_INVALID' }));
}

const OAEP_FILES = [
  'rsa_oaep_2048_sha1_mgf1sha1_test.json',
  'rsa_oaep_2048_sha256_mgf1sha256_test.json',
  'rsa_oaep_3072_sha256_mgf1sha256_test.json',
  'rsa_oaep_4096_sha256_mgf1sha256_test.json',
];

describe.each(OAEP_FILES)('RSA-OAEP unwrap against %s', (file) => {
  const groups = vectors<TOaepGroup>(file).testGroups;

  for (const group of groups) {
    const hash = HASHES[group.sha]!;
    // The PKCS #8 DER form is what Keyfort stores (sealed) for an import token.
    const privateKey = loadWrappingPrivateKey(hex(group.privateKeyPkcs8));
    const plain = group.tests.filter((t) => t.label === '');
    const labelled = group.tests.filter((t) => t.label !== '');

    it('has a group Keyfort supports, with valid and invalid vectors without a label to run', () => {
      // Keyfort ties MGF1's hash to the OAEP hash (our openssl commands set rsa_mgf1_md to match).
      expect(hash).toBeDefined();
      expect([group.mgf, group.mgfSha]).toEqual(['MGF1', group.sha]);
      expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(group.keySize);
      expect(plain.filter((t) => t.result === 'valid').length).toBeGreaterThan(0);
      expect(plain.filter((t) => t.result === 'invalid').length).toBeGreaterThan(0);
    });

    it.each(plain.map((t) => [name(t), t] as const))('%s', (_, t) => {
      if (t.result === 'valid') {
        expect(rsaOaepDecrypt({ privateKey, hash, ciphertext: hex(t.ct) }).toString('hex')).toBe(t.msg);
      } else {
        expectWrapInvalid(() => rsaOaepDecrypt({ privateKey, hash, ciphertext: hex(t.ct) }));
      }
    });

    // Keyfort's wrapping never uses an OAEP label (neither AWS's nor Huawei's import does, nor our openssl
    // commands), so a ciphertext made with one is not ours and must be refused, not skipped.
    it.each(labelled.filter((t) => t.result === 'valid').map((t) => [name(t), t] as const))(
      'refuses a ciphertext encrypted with a non-empty label: %s',
      (_, t) => {
        const withLabel = { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash, oaepLabel: hex(t.label) };
        expect(privateDecrypt(withLabel, hex(t.ct)).toString('hex')).toBe(t.msg); // the vector itself is sound
        expectWrapInvalid(() => rsaOaepDecrypt({ privateKey, hash, ciphertext: hex(t.ct) }));
      },
    );
  }
});

describe('AES key wrap with padding (RFC 5649) against aes_kwp_test.json', () => {
  const groups = vectors<TKwpGroup>('aes_kwp_test.json').testGroups;

  it('covers the 128-, 192- and 256-bit KEKs the primitive accepts', () => {
    expect(groups.map((g) => g.keySize).sort()).toEqual([128, 192, 256]);
  });

  for (const group of groups) {
    it.each(group.tests.map((t) => [name(t), t] as const))(`${group.keySize}-bit KEK, %s`, (_, t) => {
      const kek = hex(t.key);
      expect(kek.length * 8).toBe(group.keySize);
      if (t.result === 'valid') {
        expect(aesKeyUnwrapWithPadding({ kek, wrapped: hex(t.ct) }).toString('hex')).toBe(t.msg);
      } else {
        expectWrapInvalid(() => aesKeyUnwrapWithPadding({ kek, wrapped: hex(t.ct) }));
      }
    });
  }
});

describe('RSA_AES_KEY_WRAP_SHA_256 end to end with the 256-bit KWP vectors', () => {
  // The vector's KEK travels as the ephemeral AES key under RSA-OAEP-SHA-256, as a user's openssl sends it.
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const group = vectors<TKwpGroup>('aes_kwp_test.json').testGroups.find((g) => g.keySize === 256)!;

  it.each(group.tests.map((t) => [name(t), t] as const))('%s', (_, t) => {
    const rsaPart = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, hex(t.key));
    const wrapped = Buffer.concat([rsaPart, hex(t.ct)]);
    const run = () => unwrapKeyMaterial({ algorithm: 'RSA_AES_KEY_WRAP_SHA_256', privateKey, wrapped });
    if (t.result === 'valid') expect(run().toString('hex')).toBe(t.msg);
    else expectWrapInvalid(run);
  });
});

/*
 * Wrapping key material for import with nothing but OpenSSL 3 and coreutils — the commands the console's
 * import wizard shows. The last describe block below runs them verbatim with /bin/sh against Keyfort's
 * unwrap. `pub.der` is the downloaded wrapping public key (DER SubjectPublicKeyInfo); `material.bin`
 * holds the 32 bytes to import (here random); upload `wrapped.bin`.
 *
 * RSAES_OAEP_SHA_256:
 *   openssl rand -out material.bin 32
 *   openssl pkeyutl -encrypt -pubin -inkey pub.der -keyform DER -in material.bin -out wrapped.bin -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256
 *
 * RSAES_OAEP_SHA_1: the same with `rsa_oaep_md:sha1` and `rsa_mgf1_md:sha1`.
 *
 * RSA_AES_KEY_WRAP_SHA_256 (OpenSSL ≥ 3.0: 1.1.1's `enc` refuses wrap ciphers; no -nopad needed, but
 * `-iv A65959A6` is required — without it `enc` fails with "iv undefined"):
 *   openssl rand -out material.bin 32
 *   openssl rand -out aes.bin 32
 *   openssl enc -id-aes256-wrap-pad -iv A65959A6 -K "$(od -An -tx1 aes.bin | tr -d ' \n')" -in material.bin -out material.wrapped
 *   openssl pkeyutl -encrypt -pubin -inkey pub.der -keyform DER -in aes.bin -out aes.wrapped -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256
 *   cat aes.wrapped material.wrapped > wrapped.bin
 *   rm aes.bin aes.wrapped material.wrapped
 * `od` (coreutils) is used because `xxd` is not installed on a minimal Debian. `-K` puts the ephemeral
 * AES key on the command line, briefly visible to other local users in `ps`: wrap on a trusted machine.
 */
import { execFileSync } from 'node:child_process';
import {
  constants,
  createPublicKey,
  generateKeyPair,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { KmsError } from '../errors';
import { kwpWrap, oaepWrap, wrapKeyMaterial as wrapForTest } from '../testing/wrap-key-material';
import {
  WRAPPING_ALGORITHMS,
  WRAPPING_KEY_MODULUS_BITS,
  WRAPPING_KEY_SPECS,
  exportPublicKeyDer,
  parseWrappingAlgorithm,
  parseWrappingKeySpec,
  publicKeyDerToPem,
  unwrapKeyMaterial,
  type TWrappingAlgorithm,
  type TWrappingKeySpec,
} from './wrapping';

// Records what RSA decryption hands back, to prove the ephemeral AES key is zeroed after use, and lets
// one test choose the substitute key the unwrap draws when the RSA part is invalid.
const decrypted = vi.hoisted(() => ({ buffers: [] as Buffer[], nextRandom: null as Buffer | null }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  const privateDecrypt: typeof actual.privateDecrypt = (key, buffer) => {
    const out = actual.privateDecrypt(key, buffer);
    decrypted.buffers.push(out);
    return out;
  };
  const randomBytes = ((size: number) => {
    const chosen = decrypted.nextRandom;
    decrypted.nextRandom = null;
    return chosen ? Buffer.from(chosen) : actual.randomBytes(size);
  }) as typeof actual.randomBytes;
  return { ...actual, privateDecrypt, randomBytes };
});

type TKeyPair = { publicKey: KeyObject; privateKey: KeyObject };
const generate = (bits: number) =>
  promisify(generateKeyPair)('rsa', { modulusLength: bits, publicExponent: 0x10001 }) as Promise<TKeyPair>;

function expectWrapInvalid(run: () => unknown): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(KmsError);
  expect(caught).toMatchObject({
    code: 'WRAP_INVALID',
    message: 'The wrapped key material could not be unwrapped with this import token.',
  });
  expect((caught as Error).cause).toBeUndefined();
}

const keys = {} as Record<TWrappingKeySpec, TKeyPair>;
let otherKey: TKeyPair;

beforeAll(async () => {
  // Generated once per file: RSA_4096 alone can take seconds.
  const [k2048, k3072, k4096, other] = await Promise.all([generate(2048), generate(3072), generate(4096), generate(2048)]);
  Object.assign(keys, { RSA_2048: k2048, RSA_3072: k3072, RSA_4096: k4096 });
  otherKey = other;
}, 120_000);

beforeEach(() => {
  decrypted.buffers.length = 0;
});

describe.each(WRAPPING_ALGORITHMS.flatMap((algorithm) => WRAPPING_KEY_SPECS.map((spec) => [algorithm, spec] as const)))(
  '%s with %s',
  (algorithm, spec) => {
    it('unwraps what a user wrapped with the public key back to the same 32 bytes', () => {
      const material = randomBytes(32);
      const wrapped = wrapForTest({ publicKey: keys[spec].publicKey, algorithm, material });
      const out = unwrapKeyMaterial({ algorithm, privateKey: keys[spec].privateKey, wrapped });
      expect(out.equals(material)).toBe(true);
    });

    it('accepts the private key as stored (PKCS #8 DER)', () => {
      const material = randomBytes(32);
      const wrapped = wrapForTest({ publicKey: keys[spec].publicKey, algorithm, material });
      const privateKey = keys[spec].privateKey.export({ type: 'pkcs8', format: 'der' });
      expect(unwrapKeyMaterial({ algorithm, privateKey, wrapped }).equals(material)).toBe(true);
    });

    it('refuses a blob with one flipped byte', () => {
      const wrapped = wrapForTest({ publicKey: keys[spec].publicKey, algorithm, material: randomBytes(32) });
      for (const index of [0, wrapped.length >> 1, wrapped.length - 1]) {
        const tampered = Buffer.from(wrapped);
        tampered[index]! ^= 0x01;
        expectWrapInvalid(() => unwrapKeyMaterial({ algorithm, privateKey: keys[spec].privateKey, wrapped: tampered }));
      }
    });

    it('refuses a truncated or extended blob', () => {
      const wrapped = wrapForTest({ publicKey: keys[spec].publicKey, algorithm, material: randomBytes(32) });
      const privateKey = keys[spec].privateKey;
      expectWrapInvalid(() => unwrapKeyMaterial({ algorithm, privateKey, wrapped: wrapped.subarray(0, -1) }));
      expectWrapInvalid(() => unwrapKeyMaterial({ algorithm, privateKey, wrapped: wrapped.subarray(0, -8) }));
      expectWrapInvalid(() => unwrapKeyMaterial({ algorithm, privateKey, wrapped: Buffer.concat([wrapped, Buffer.alloc(8)]) }));
      expectWrapInvalid(() => unwrapKeyMaterial({ algorithm, privateKey, wrapped: Buffer.alloc(0) }));
    });
  },
);

describe('unwrap failures', () => {
  it('refuses material wrapped with SHA-1 when the token says SHA-256, and the reverse', () => {
    const { publicKey, privateKey } = keys.RSA_2048;
    const viaSha1 = wrapForTest({ publicKey, algorithm: 'RSAES_OAEP_SHA_1', material: randomBytes(32) });
    const viaSha256 = wrapForTest({ publicKey, algorithm: 'RSAES_OAEP_SHA_256', material: randomBytes(32) });
    expectWrapInvalid(() => unwrapKeyMaterial({ algorithm: 'RSAES_OAEP_SHA_256', privateKey, wrapped: viaSha1 }));
    expectWrapInvalid(() => unwrapKeyMaterial({ algorithm: 'RSAES_OAEP_SHA_1', privateKey, wrapped: viaSha256 }));
  });

  it('refuses a key-wrap blob presented as plain OAEP, and plain OAEP presented as key wrap', () => {
    const { publicKey, privateKey } = keys.RSA_3072;
    const keyWrap = wrapForTest({ publicKey, algorithm: 'RSA_AES_KEY_WRAP_SHA_256', material: randomBytes(32) });
    const oaep = wrapForTest({ publicKey, algorithm: 'RSAES_OAEP_SHA_256', material: randomBytes(32) });
    expectWrapInvalid(() => unwrapKeyMaterial({ algorithm: 'RSAES_OAEP_SHA_256', privateKey, wrapped: keyWrap }));
    expectWrapInvalid(() => unwrapKeyMaterial({ algorithm: 'RSA_AES_KEY_WRAP_SHA_256', privateKey, wrapped: oaep }));
  });

  it.each(WRAPPING_ALGORITHMS)('refuses %s material wrapped for another token’s key', (algorithm) => {
    const wrapped = wrapForTest({ publicKey: otherKey.publicKey, algorithm, material: randomBytes(32) });
    expectWrapInvalid(() => unwrapKeyMaterial({ algorithm, privateKey: keys.RSA_2048.privateKey, wrapped }));
  });

  it('refuses a key wrap whose RSA part carries a 16-byte AES key, even if the AES part matches it', () => {
    const { publicKey, privateKey } = keys.RSA_2048;
    const aes128 = randomBytes(16);
    const wrapped = Buffer.concat([oaepWrap({ publicKey, hash: 'sha256', data: aes128 }), kwpWrap({ kek: aes128, data: randomBytes(32) })]);
    expectWrapInvalid(() => unwrapKeyMaterial({ algorithm: 'RSA_AES_KEY_WRAP_SHA_256', privateKey, wrapped }));
  });

  it('refuses a key wrap whose AES part was tampered with, cut short or left out', () => {
    const { publicKey, privateKey } = keys.RSA_2048;
    const wrapped = wrapForTest({ publicKey, algorithm: 'RSA_AES_KEY_WRAP_SHA_256', material: randomBytes(32) });
    const rsaPart = wrapped.subarray(0, 256);
    const aesPart = wrapped.subarray(256);
    expect(aesPart.length).toBe(40);
    for (let index = 0; index < aesPart.length; index += 7) {
      const tampered = Buffer.from(aesPart);
      tampered[index]! ^= 0x80;
      const blob = Buffer.concat([rsaPart, tampered]);
      expectWrapInvalid(() => unwrapKeyMaterial({ algorithm: 'RSA_AES_KEY_WRAP_SHA_256', privateKey, wrapped: blob }));
    }
    for (const aesLength of [0, 8, 16, 32]) {
      const blob = Buffer.concat([rsaPart, aesPart.subarray(0, aesLength)]);
      expectWrapInvalid(() => unwrapKeyMaterial({ algorithm: 'RSA_AES_KEY_WRAP_SHA_256', privateKey, wrapped: blob }));
    }
  });

  it('refuses a key wrap whose AES part is valid but under a different AES key', () => {
    const { publicKey, privateKey } = keys.RSA_2048;
    const wrapped = Buffer.concat([oaepWrap({ publicKey, hash: 'sha256', data: randomBytes(32) }), kwpWrap({ kek: randomBytes(32), data: randomBytes(32) })]);
    expectWrapInvalid(() => unwrapKeyMaterial({ algorithm: 'RSA_AES_KEY_WRAP_SHA_256', privateKey, wrapped }));
  });

  it('refuses an OAEP ciphertext shorter than the modulus even when it is the same number (leading zero dropped)', () => {
    const { publicKey, privateKey } = keys.RSA_2048;
    for (const algorithm of ['RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_256'] as const) {
      let wrapped: Buffer;
      do wrapped = wrapForTest({ publicKey, algorithm, material: randomBytes(32) });
      while (wrapped[0] !== 0);
      expectWrapInvalid(() => unwrapKeyMaterial({ algorithm, privateKey, wrapped: wrapped.subarray(1) }));
    }
  });

  it('never returns material when the RSA part is invalid, even if the AES part unwraps under the substitute key', () => {
    const { privateKey } = keys.RSA_2048;
    const substitute = randomBytes(32);
    const wrapped = Buffer.concat([randomBytes(256).fill(0, 0, 1), kwpWrap({ kek: substitute, data: randomBytes(32) })]);
    decrypted.nextRandom = substitute;
    expectWrapInvalid(() => unwrapKeyMaterial({ algorithm: 'RSA_AES_KEY_WRAP_SHA_256', privateKey, wrapped }));
    expect(decrypted.nextRandom).toBeNull();
  });

  it('zeroes the unwrapped ephemeral AES key after success and after failure', () => {
    const { publicKey, privateKey } = keys.RSA_2048;
    const ephemeralKey = randomBytes(32);
    const material = randomBytes(32);
    const wrapped = wrapForTest({ publicKey, algorithm: 'RSA_AES_KEY_WRAP_SHA_256', material, ephemeralKey });
    expect(unwrapKeyMaterial({ algorithm: 'RSA_AES_KEY_WRAP_SHA_256', privateKey, wrapped }).equals(material)).toBe(true);
    const tampered = Buffer.from(wrapped);
    tampered[tampered.length - 1]! ^= 1;
    expectWrapInvalid(() => unwrapKeyMaterial({ algorithm: 'RSA_AES_KEY_WRAP_SHA_256', privateKey, wrapped: tampered }));
    expect(decrypted.buffers).toHaveLength(2);
    for (const buffer of decrypted.buffers) expect(buffer.equals(Buffer.alloc(32))).toBe(true);
  });
});

describe('algorithm and key spec validation', () => {
  it('never offers RSAES_PKCS1_V1_5 and refuses it with a validation error that names it', () => {
    expect(WRAPPING_ALGORITHMS).not.toContain('RSAES_PKCS1_V1_5');
    expect(() => parseWrappingAlgorithm('RSAES_PKCS1_V1_5')).toThrow(
      expect.objectContaining({ code: 'VALIDATION', message: expect.stringContaining('RSAES_PKCS1_V1_5') }),
    );
  });

  it('refuses a PKCS #1 v1.5 unwrap from a token record before decrypting anything', () => {
    const { publicKey, privateKey } = keys.RSA_2048;
    const wrapped = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, randomBytes(32));
    const algorithm = 'RSAES_PKCS1_V1_5' as TWrappingAlgorithm;
    expect(() => unwrapKeyMaterial({ algorithm, privateKey, wrapped })).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(decrypted.buffers).toHaveLength(0);
  });

  it('accepts exactly the listed algorithms and key specs', () => {
    for (const algorithm of WRAPPING_ALGORITHMS) expect(parseWrappingAlgorithm(algorithm)).toBe(algorithm);
    for (const spec of WRAPPING_KEY_SPECS) expect(parseWrappingKeySpec(spec)).toBe(spec);
    for (const bad of ['rsaes_oaep_sha_256', 'RSAES_OAEP_SHA_512', '', undefined, 42]) {
      expect(() => parseWrappingAlgorithm(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    }
    for (const bad of ['RSA_1024', 'RSA_8192', 'rsa_2048', null]) {
      expect(() => parseWrappingKeySpec(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    }
  });
});

describe('public key export', () => {
  it.each(WRAPPING_KEY_SPECS)('exports the %s public key as DER SubjectPublicKeyInfo and the same key as PEM', (spec) => {
    const der = exportPublicKeyDer(keys[spec].publicKey);
    const parsed = createPublicKey({ key: der, format: 'der', type: 'spki' });
    expect(parsed.asymmetricKeyDetails?.modulusLength).toBe(WRAPPING_KEY_MODULUS_BITS[spec]);
    const pem = publicKeyDerToPem(der);
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/);
    expect(exportPublicKeyDer(createPublicKey(pem)).equals(der)).toBe(true);
  });
});

describe('interop with the openssl command line (the wizard’s commands, verbatim)', () => {
  const oaep = (md: string) =>
    `openssl rand -out material.bin 32
openssl pkeyutl -encrypt -pubin -inkey pub.der -keyform DER -in material.bin -out wrapped.bin -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:${md} -pkeyopt rsa_mgf1_md:${md}`;
  const scripts: Record<TWrappingAlgorithm, string> = {
    RSAES_OAEP_SHA_256: oaep('sha256'),
    RSAES_OAEP_SHA_1: oaep('sha1'),
    RSA_AES_KEY_WRAP_SHA_256: `openssl rand -out material.bin 32
openssl rand -out aes.bin 32
openssl enc -id-aes256-wrap-pad -iv A65959A6 -K "$(od -An -tx1 aes.bin | tr -d ' \\n')" -in material.bin -out material.wrapped
openssl pkeyutl -encrypt -pubin -inkey pub.der -keyform DER -in aes.bin -out aes.wrapped -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256
cat aes.wrapped material.wrapped > wrapped.bin
rm aes.bin aes.wrapped material.wrapped`,
  };
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it.each(WRAPPING_ALGORITHMS.flatMap((algorithm) => WRAPPING_KEY_SPECS.map((spec) => [algorithm, spec] as const)))(
    '%s with %s: Keyfort unwraps what openssl wrapped',
    (algorithm, spec) => {
      const dir = mkdtempSync(join(tmpdir(), 'keyfort-wrap-'));
      dirs.push(dir);
      writeFileSync(join(dir, 'pub.der'), exportPublicKeyDer(keys[spec].publicKey));
      execFileSync('/bin/sh', ['-e', '-c', scripts[algorithm]], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      const material = readFileSync(join(dir, 'material.bin'));
      const wrapped = readFileSync(join(dir, 'wrapped.bin'));
      expect(material.length).toBe(32);
      const out = unwrapKeyMaterial({ algorithm, privateKey: keys[spec].privateKey, wrapped });
      expect(out.equals(material)).toBe(true);
    },
  );
});

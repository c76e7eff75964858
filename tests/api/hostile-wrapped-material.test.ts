// Hostile EncryptedKeyMaterial (issue 9's catalogue): each is refused with its exact error, leaves the key
// as it was, and leaves the token usable (at most four failures a token, then the genuine material imports).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKey, kmsClient } from './support/client';
import {
  expectHostileWrapsRefused,
  genuineWrap,
  importParameters,
  rsaAesKeyWrap,
  sendImport,
  type THostileWrap,
  type TWrappingAlgorithm,
} from './support/import-attempts';
import { integerBytes, modulusBytes, modulusOf, oaepWrap, type TOaepTamper } from './support/oaep';
import { wrapWithOpenssl } from './support/openssl';
import { expectAwsError, adminRequest } from './support/raw-http';
import { keySnapshot } from './support/refusals';

const client = kmsClient();
const DAY_MS = 86_400_000;
const UNWRAP_FAILED = { type: 'InvalidCiphertextException', message: 'could not be unwrapped with this import token' };
const NOT_32_BYTES = { type: 'IncorrectKeyMaterialException', message: 'must be exactly 32 bytes' };
const IMPORT_BLOB_BOUNDS = { type: 'ValidationException', message: 'encryptedKeyMaterial: 1–6144 bytes' };
// Every byte has its top bit set, so no byte of it can pass for OAEP's 0x01 separator by chance.
const PROBE_MESSAGE = Buffer.alloc(32, 0xa5);

const WYCHEPROOF = new URL('../../lib/kms/crypto/testdata/wycheproof/', import.meta.url);
interface TWycheproofVector {
  tcId: number;
  comment: string;
  ct: string;
  label?: string;
  key?: string;
  result: 'valid' | 'invalid';
}
function wycheproofInvalid(file: string, keySize?: number): TWycheproofVector[] {
  const { testGroups } = JSON.parse(readFileSync(new URL(file, WYCHEPROOF), 'utf8')) as { testGroups: { keySize: number; tests: TWycheproofVector[] }[] };
  return testGroups
    .filter((group) => keySize === undefined || group.keySize === keySize)
    .flatMap((group) => group.tests)
    .filter((t) => t.result === 'invalid' && !t.label);
}

/** An EXTERNAL key holding `material`, expiring in 30 days: ValidTo and the material id must survive every attempt. */
async function importedKey(material: Buffer, algorithm: TWrappingAlgorithm = 'RSAES_OAEP_SHA_256') {
  const { KeyId } = await createKey(client, { Origin: 'EXTERNAL', Description: 'hostile wrapped material' });
  const validTo = new Date(Date.now() + 30 * DAY_MS);
  const parameters = await importParameters(client, KeyId, { algorithm });
  const wrapped = genuineWrap({ publicKeyDer: parameters.publicKey, material, algorithm });
  await sendImport(client, { keyId: KeyId, importToken: parameters.importToken, wrapped, validTo });
  return { keyId: KeyId, material, validTo };
}

const opensslWrap = (name: string, material: Buffer, hash: 'sha1' | 'sha256', refusal: typeof UNWRAP_FAILED): THostileWrap => ({
  name,
  wrap: ({ publicKey }) => wrapWithOpenssl({ publicKeyDer: publicKey, material, oaepHash: hash }),
  ...refusal,
});

const tampered = (name: string, tamper: TOaepTamper): THostileWrap => ({
  name,
  wrap: ({ publicKey }) => oaepWrap({ publicKeyDer: publicKey, hash: 'sha256', message: PROBE_MESSAGE, tamper }),
  ...UNWRAP_FAILED,
});

const integer = (name: string, value: (n: bigint) => bigint): THostileWrap => ({
  name,
  wrap: ({ publicKey }) => integerBytes(value(modulusOf(publicKey)), modulusBytes(publicKey)),
  ...UNWRAP_FAILED,
});

describe('hostile wrapped key material', () => {
  let key: Awaited<ReturnType<typeof importedKey>>;
  beforeAll(async () => {
    key = await importedKey(randomBytes(32));
  });

  it('refuses empty and oversized blobs (ValidationException), wrongly sized and random ones (InvalidCiphertextException)', async () => {
    await expectHostileWrapsRefused(client, {
      ...key,
      wraps: [
        { name: 'empty', wrap: () => new Uint8Array(0), ...IMPORT_BLOB_BOUNDS },
        { name: '6145 bytes', wrap: () => randomBytes(6145), ...IMPORT_BLOB_BOUNDS },
        { name: '255 bytes', wrap: () => randomBytes(255), ...UNWRAP_FAILED },
        { name: '257 bytes', wrap: () => randomBytes(257), ...UNWRAP_FAILED },
        { name: '6144 bytes', wrap: () => randomBytes(6144), ...UNWRAP_FAILED },
      ],
    });
  });

  it('refuses EncryptedKeyMaterial that is not canonical base64 with ValidationException before the token is looked at', async () => {
    const before = await keySnapshot(client, key.keyId);
    const { importToken, publicKey } = await importParameters(client, key.keyId);
    const genuineBase64 = Buffer.from(importToken).toString('base64');
    for (const notBase64 of ['not base64!', 'AAAA AAAA', 'AA-_AA==', 'AAA', '=AAA']) {
      const response = await adminRequest('ImportKeyMaterial', {
        KeyId: key.keyId,
        ImportToken: genuineBase64,
        EncryptedKeyMaterial: notBase64,
        ExpirationModel: 'KEY_MATERIAL_EXPIRES',
        ValidTo: key.validTo.getTime() / 1000,
      });
      expectAwsError(response, 'ValidationException');
      expect(response.json!.message, notBase64).toContain('Not valid base64');
    }
    expect(await keySnapshot(client, key.keyId)).toEqual(before);
    const genuine = wrapWithOpenssl({ publicKeyDer: publicKey, material: key.material });
    await sendImport(client, { keyId: key.keyId, importToken, wrapped: genuine, validTo: key.validTo });
    expect(await keySnapshot(client, key.keyId)).toEqual(before);
  });

  it('refuses plaintexts of 16, 31, 33 and 64 bytes, correctly wrapped, with IncorrectKeyMaterialException', async () => {
    await expectHostileWrapsRefused(client, {
      ...key,
      wraps: [16, 31, 33, 64].map((size) => opensslWrap(`${size} bytes`, randomBytes(size), 'sha256', NOT_32_BYTES)),
    });
  });

  it('refuses the genuine material wrapped with the other OAEP hash than the token was issued for', async () => {
    await expectHostileWrapsRefused(client, { ...key, wraps: [opensslWrap('SHA-1 wrap for a SHA-256 token', key.material, 'sha1', UNWRAP_FAILED)] });
    const sha1Key = await importedKey(randomBytes(32), 'RSAES_OAEP_SHA_1');
    await expectHostileWrapsRefused(client, {
      ...sha1Key,
      algorithm: 'RSAES_OAEP_SHA_1',
      wraps: [opensslWrap('SHA-256 wrap for a SHA-1 token', sha1Key.material, 'sha256', UNWRAP_FAILED)],
    });
  });

  it("refuses the genuine material wrapped with another token's public key; that token still imports it", async () => {
    const other = await importParameters(client, key.keyId);
    const underOther = wrapWithOpenssl({ publicKeyDer: other.publicKey, material: key.material });
    await expectHostileWrapsRefused(client, { ...key, wraps: [{ name: "another token's key", wrap: () => underOther, ...UNWRAP_FAILED }] });
    const before = await keySnapshot(client, key.keyId);
    await sendImport(client, { keyId: key.keyId, importToken: other.importToken, wrapped: underOther, validTo: key.validTo });
    expect(await keySnapshot(client, key.keyId)).toEqual(before);
  });

  it('refuses integers at and above the modulus, and the trivial ciphertexts 0, 1 and n−1', async () => {
    await expectHostileWrapsRefused(client, {
      ...key,
      wraps: [
        integer('c = n', (n) => n),
        integer('c = n + 1', (n) => n + 1n),
        integer('c = 2^2048 − 1', () => (1n << 2048n) - 1n),
        integer('c = 0 (m = 0)', () => 0n),
        integer('c = 1 (m = 1)', () => 1n),
        integer('c = n − 1 (m = n − 1)', (n) => n - 1n),
      ],
    });
  });

  it("refuses Wycheproof's invalid-padding cases re-made under the token's public key (the untampered encoding unwraps)", async () => {
    // The hand-made encoding is sound: untouched, it unwraps to 32 bytes that are simply not this key's material.
    const untouched = tampered('untampered', {});
    await expectHostileWrapsRefused(client, {
      ...key,
      wraps: [
        { ...untouched, type: 'IncorrectKeyMaterialException', message: 'a version only accepts its own material' },
        tampered('first byte of lHash modified', { db: ({ db }) => void (db[0]! ^= 0x01) }),
        tampered('last byte of lHash modified', { db: ({ db, hashLength }) => void (db[hashLength - 1]! ^= 0x80) }),
        tampered('lHash all zero', { db: ({ db, hashLength }) => void db.fill(0x00, 0, hashLength) }),
        tampered('lHash all ones', { db: ({ db, hashLength }) => void db.fill(0xff, 0, hashLength) }),
        tampered('first byte of PS modified', { db: ({ db, hashLength }) => void (db[hashLength] = 0x02) }),
        tampered('PS all ones', { db: ({ db, hashLength, separatorAt }) => void db.fill(0xff, hashLength, separatorAt) }),
        tampered('PS terminated by 0xff', { db: ({ db, separatorAt }) => void (db[separatorAt] = 0xff) }),
        tampered('no separator (PS all zero)', { db: ({ db, separatorAt }) => void (db[separatorAt] = 0x00) }),
        tampered('first byte of EM is 1', { em: (em) => void (em[0] = 0x01) }),
      ],
    });
  });

  it('refuses a sound ciphertext with a byte prepended, appended or cut off, and one not reduced modulo n', async () => {
    const genuine = (publicKey: Uint8Array) => wrapWithOpenssl({ publicKeyDer: publicKey, material: key.material });
    await expectHostileWrapsRefused(client, {
      ...key,
      wraps: [
        { name: 'prepended 0x00', wrap: ({ publicKey }) => Buffer.concat([Buffer.alloc(1), genuine(publicKey)]), ...UNWRAP_FAILED },
        { name: 'appended 0x00', wrap: ({ publicKey }) => Buffer.concat([genuine(publicKey), Buffer.alloc(1)]), ...UNWRAP_FAILED },
        { name: 'truncated', wrap: ({ publicKey }) => genuine(publicKey).subarray(1), ...UNWRAP_FAILED },
        integer('c + n (not reduced)', (n) => n + BigInt(`0x${randomBytes(255).toString('hex')}`)),
      ],
    });
  });

  it.each([
    ['rsa_oaep_2048_sha256_mgf1sha256_test.json', 'RSAES_OAEP_SHA_256'],
    ['rsa_oaep_2048_sha1_mgf1sha1_test.json', 'RSAES_OAEP_SHA_1'],
  ] as const)("answers every invalid Wycheproof ciphertext of %s as a wrap that does not unwrap, never a fault", async (file, algorithm) => {
    const target = algorithm === 'RSAES_OAEP_SHA_256' ? key : await importedKey(randomBytes(32), algorithm);
    const vectors = wycheproofInvalid(file);
    expect(vectors.length).toBeGreaterThan(10);
    await expectHostileWrapsRefused(client, {
      ...target,
      algorithm,
      wraps: vectors.map((t) => ({
        name: `tcId ${t.tcId} ${t.comment}`,
        wrap: () => Buffer.from(t.ct, 'hex'),
        ...(t.ct === '' ? IMPORT_BLOB_BOUNDS : UNWRAP_FAILED),
      })),
    });
  });

  it('refuses RSA_AES_KEY_WRAP_SHA_256 wraps whose AES part is an invalid Wycheproof AES-KWP vector under its own key', async () => {
    const target = await importedKey(randomBytes(32), 'RSA_AES_KEY_WRAP_SHA_256');
    // One vector per kind of fault (40 of the 69 only modify the IV); the vector's key is the ephemeral key.
    const byComment = new Map(wycheproofInvalid('aes_kwp_test.json', 256).map((t) => [t.comment, t]));
    expect(byComment.size).toBeGreaterThan(10);
    await expectHostileWrapsRefused(client, {
      ...target,
      algorithm: 'RSA_AES_KEY_WRAP_SHA_256',
      wraps: [
        { name: 'no AES part', wrap: ({ publicKey }) => rsaAesKeyWrap({ publicKeyDer: publicKey, ephemeral: randomBytes(32), aesPart: Buffer.alloc(0) }), ...UNWRAP_FAILED },
        ...[...byComment.values()].map((t) => ({
          name: `tcId ${t.tcId} ${t.comment}`,
          wrap: ({ publicKey }: { publicKey: Uint8Array }) => rsaAesKeyWrap({ publicKeyDer: publicKey, ephemeral: Buffer.from(t.key!, 'hex'), aesPart: Buffer.from(t.ct, 'hex') }),
          ...UNWRAP_FAILED,
        })),
      ],
    });
  });
});

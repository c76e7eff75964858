import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeEncryptionContext } from '../encryption-context';
import {
  CIPHERTEXT_BLOB_V1,
  MAX_CIPHERTEXT_BLOB_BYTES,
  MIN_CIPHERTEXT_BLOB_BYTES,
  messageKey,
  openCiphertextBlob,
  parseCiphertextBlob,
  sealCiphertextBlob,
} from './ciphertext-blob';
import { CryptoAuthError } from './primitives';

const keyId = '3f2a8c1e-5b7d-4e9f-a1c3-0d2e4f6a8b9c';
const material = randomBytes(32);
const materialId = randomBytes(32);
const context = encodeEncryptionContext([['tenant', 'acme']]);

function seal(plaintext: Uint8Array = Buffer.from('hello'), encodedContext: Uint8Array = context): Buffer {
  return sealCiphertextBlob({ keyId, materialId, material, plaintext, encodedContext });
}

/** Opens like decrypt does, reporting why it failed instead of throwing. */
function tryOpen(blob: Uint8Array, encodedContext: Uint8Array = context): Buffer | 'MALFORMED' | 'AUTH' {
  const parsed = parseCiphertextBlob(blob);
  if (!parsed) return 'MALFORMED';
  try {
    return openCiphertextBlob({ parsed, material, encodedContext });
  } catch (error) {
    if (error instanceof CryptoAuthError) return 'AUTH';
    throw error;
  }
}

describe('ciphertext blob v1', () => {
  it('round-trips and carries version, key ID and material id in the clear', () => {
    const blob = seal(Buffer.from('hello'));
    expect(blob.length).toBe(MIN_CIPHERTEXT_BLOB_BYTES + 4);
    expect(blob[0]).toBe(CIPHERTEXT_BLOB_V1);
    const parsed = parseCiphertextBlob(blob);
    expect(parsed?.keyId).toBe(keyId);
    expect(parsed?.materialId.equals(materialId)).toBe(true);
    expect(tryOpen(blob)).toEqual(Buffer.from('hello'));
  });

  it('derives the message key as HKDF-SHA256-Expand(material, label ‖ salt), distinct per salt and material', () => {
    const salt = randomBytes(16);
    const expected = createHmac('sha256', material).update('keyfort ciphertext v1').update(salt).update(Buffer.from([1])).digest();
    expect(messageKey(material, salt).equals(expected)).toBe(true);
    expect(messageKey(material, randomBytes(16)).equals(expected)).toBe(false);
    expect(messageKey(randomBytes(32), salt).equals(expected)).toBe(false);
  });

  it('seals the same plaintext differently every time (fresh salt and nonce)', () => {
    const blobs = Array.from({ length: 20 }, () => seal().toString('hex'));
    expect(new Set(blobs).size).toBe(20);
    // Salt and nonce sit at bytes 49..76; none repeats.
    expect(new Set(blobs.map((hex) => hex.slice(98, 154))).size).toBe(20);
  });

  it('refuses every single flipped bit in every byte', () => {
    const blob = seal(Buffer.from('sixteen bytes!!!'));
    for (let index = 0; index < blob.length; index++) {
      for (const mask of [0x01, 0x80]) {
        const tampered = Buffer.from(blob);
        tampered[index] = (tampered[index] as number) ^ mask;
        expect(tryOpen(tampered), `byte ${index} ^ ${mask}`).toMatch(/^(MALFORMED|AUTH)$/);
      }
    }
  });

  it('refuses every truncation and any appended byte', () => {
    const blob = seal();
    for (let length = 0; length < blob.length; length++) {
      expect(tryOpen(blob.subarray(0, length)), `length ${length}`).toMatch(/^(MALFORMED|AUTH)$/);
    }
    expect(tryOpen(Buffer.concat([blob, Buffer.from([0])]))).toBe('AUTH');
  });

  it('refuses an unknown version byte even if everything else is intact', () => {
    const blob = seal();
    for (const version of [0x00, 0x02, 0xff]) {
      const other = Buffer.from(blob);
      other[0] = version;
      expect(tryOpen(other)).toBe('MALFORMED');
    }
  });

  it('reads as malformed exactly the key IDs that are not lowercase v4 UUIDs (version nibble and variant bits)', () => {
    const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const blob = seal();
    for (let i = 0; i < 2000; i++) {
      const candidate = Buffer.from(blob);
      randomBytes(16).copy(candidate, 1);
      // Half the time force a valid v4 shape, so both outcomes are exercised often.
      if (i % 2 === 0) {
        candidate[1 + 6] = (candidate[1 + 6]! & 0x0f) | 0x40;
        candidate[1 + 8] = (candidate[1 + 8]! & 0x3f) | 0x80;
      }
      const hex = candidate.subarray(1, 17).toString('hex');
      const asUuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      const parsed = parseCiphertextBlob(candidate);
      expect(parsed?.keyId ?? null).toBe(uuidV4.test(asUuid) ? asUuid : null);
    }
  });

  it('refuses sizes outside what Keyfort can have written', () => {
    expect(parseCiphertextBlob(Buffer.alloc(MIN_CIPHERTEXT_BLOB_BYTES - 1, CIPHERTEXT_BLOB_V1))).toBeNull();
    expect(parseCiphertextBlob(Buffer.alloc(MAX_CIPHERTEXT_BLOB_BYTES + 1, CIPHERTEXT_BLOB_V1))).toBeNull();
    expect(tryOpen(seal(randomBytes(4096)))).toHaveLength(4096);
  });

  it('binds the encryption context: another, an extra or a missing pair does not open', () => {
    const blob = seal(Buffer.from('x'), encodeEncryptionContext([['a', '1']]));
    expect(tryOpen(blob, encodeEncryptionContext([['a', '1']]))).toEqual(Buffer.from('x'));
    expect(tryOpen(blob, encodeEncryptionContext([['a', '2']]))).toBe('AUTH');
    expect(tryOpen(blob, encodeEncryptionContext([['a', '1'], ['b', '2']]))).toBe('AUTH');
    expect(tryOpen(blob, encodeEncryptionContext([]))).toBe('AUTH');
  });

  it('does not open under other material, even with the same header', () => {
    const blob = seal();
    const parsed = parseCiphertextBlob(blob);
    expect(() => openCiphertextBlob({ parsed: parsed!, material: randomBytes(32), encodedContext: context })).toThrow(CryptoAuthError);
  });

  it('reads views of the caller bytes, also at an offset inside a larger buffer', () => {
    const blob = seal();
    const backing = Buffer.concat([Buffer.from('junk'), blob, Buffer.from('more')]);
    const inner = new Uint8Array(backing.buffer, backing.byteOffset + 4, blob.length);
    expect(tryOpen(inner)).toEqual(Buffer.from('hello'));
  });
});

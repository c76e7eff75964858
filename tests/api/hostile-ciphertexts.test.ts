// Hostile ciphertext blobs and encryption contexts (issue 9's catalogue, SPEC §6): a flipped bit in every
// region of the blob (lib/kms/crypto/ciphertext-blob.ts), truncations, extensions, and contexts that differ
// in any way. Each is refused exactly; the genuine blob still decrypts and the key reads back unchanged.
// (A blob of another key named with this KeyId: crypto.test.ts and import.test.ts.)
import { DecryptCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, kmsClient } from './support/client';
import { expectRefusedUnchanged, type TRefusal } from './support/refusals';

const client = kmsClient();
const INVALID: TRefusal = { type: 'InvalidCiphertextException', message: 'The ciphertext is not valid for this key and encryption context' };
const INCORRECT_KEY: TRefusal = { type: 'IncorrectKeyException', message: 'encrypted under a different key than the one given' };
/** A well-formed key ID that names no key. */
const NO_SUCH_KEY: TRefusal = { type: 'InvalidCiphertextException', message: 'The ciphertext is not valid for any key' };
const BLOB_BOUNDS: TRefusal = { type: 'ValidationException', message: 'ciphertextBlob: 1–6144 bytes' };

// Version 1 layout: version (1) ‖ key ID (16) ‖ material id (32) ‖ salt (16) ‖ nonce (12) ‖ ciphertext (n) ‖ tag (16).
const HEADER_BYTES = 77;
const TAG_BYTES = 16;
const PLAINTEXT = randomBytes(40);

let keyId: string;
let blob: Buffer;
const CONTEXT = { tenant: 'acme', purpose: 'invoice' };

beforeAll(async () => {
  ({ KeyId: keyId } = await createKey(client, { Description: 'hostile ciphertexts' }));
  const encrypted = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionContext: CONTEXT }));
  blob = Buffer.from(encrypted.CiphertextBlob!);
  expect(blob.length).toBe(HEADER_BYTES + PLAINTEXT.length + TAG_BYTES);
});

afterAll(async () => {
  // Whatever was thrown at it, the genuine blob still decrypts.
  const decrypted = await client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: CONTEXT, KeyId: keyId }));
  expect(Buffer.from(decrypted.Plaintext!)).toEqual(PLAINTEXT);
});

function decryptRefused(candidate: Uint8Array, refusal: TRefusal, options: { keyId?: string; context?: Record<string, string> } = {}) {
  return expectRefusedUnchanged(client, {
    keyId,
    call: () => client.send(new DecryptCommand({ CiphertextBlob: candidate, KeyId: options.keyId, EncryptionContext: options.context ?? CONTEXT })),
    ...refusal,
  });
}

function flipped(at: number, mask = 0x01): Buffer {
  const copy = Buffer.from(blob);
  copy[at]! ^= mask;
  return copy;
}

describe('a flipped bit in every region of the blob', () => {
  // [region, offset, bit mask, refusal from the blob alone, refusal when the caller also names the key]
  const flips: [string, () => number, number, TRefusal, TRefusal][] = [
    ['version byte', () => 0, 0x01, INVALID, INVALID],
    ['version byte, high bit', () => 0, 0x80, INVALID, INVALID],
    ['key ID, first byte', () => 1, 0x01, NO_SUCH_KEY, INCORRECT_KEY],
    ['key ID, UUID version nibble', () => 7, 0x10, INVALID, INVALID],
    ['key ID, UUID variant bits', () => 9, 0x40, INVALID, INVALID],
    ['key ID, last byte', () => 16, 0x80, NO_SUCH_KEY, INCORRECT_KEY],
    ['material id, first byte', () => 17, 0x01, INVALID, INVALID],
    ['material id, last byte', () => 48, 0x80, INVALID, INVALID],
    ['salt, first byte', () => 49, 0x01, INVALID, INVALID],
    ['salt, last byte', () => 64, 0x80, INVALID, INVALID],
    ['nonce, first byte', () => 65, 0x01, INVALID, INVALID],
    ['nonce, last byte', () => 76, 0x80, INVALID, INVALID],
    ['ciphertext, first byte', () => HEADER_BYTES, 0x01, INVALID, INVALID],
    ['ciphertext, last byte', () => blob.length - TAG_BYTES - 1, 0x80, INVALID, INVALID],
    ['tag, first byte', () => blob.length - TAG_BYTES, 0x01, INVALID, INVALID],
    ['tag, last byte', () => blob.length - 1, 0x80, INVALID, INVALID],
  ];

  it.each(flips)('%s: refused from the blob alone', async (_, at, mask, alone) => {
    await decryptRefused(flipped(at(), mask), alone);
  });

  it.each(flips)('%s: refused also when the caller names the key', async (_, at, mask, __, withKeyId) => {
    await decryptRefused(flipped(at(), mask), withKeyId, { keyId });
  });
});

describe('truncated and extended blobs', () => {
  it('refuses the empty blob and one over 6144 bytes with ValidationException', async () => {
    await decryptRefused(new Uint8Array(0), BLOB_BOUNDS);
    await decryptRefused(Buffer.concat([blob, randomBytes(6145 - blob.length)]), BLOB_BOUNDS);
  });

  it.each([1, 16, 17, 49, 65, HEADER_BYTES, HEADER_BYTES + TAG_BYTES, -TAG_BYTES, -1])('refuses the blob cut to %i bytes (negative: from the end)', async (length) => {
    await decryptRefused(blob.subarray(0, length), INVALID);
  });

  it.each([
    ['one zero byte', () => Buffer.concat([blob, Buffer.alloc(1)])],
    ['16 random bytes', () => Buffer.concat([blob, randomBytes(16)])],
    ['itself', () => Buffer.concat([blob, blob])],
    ['a second tag (tag moved by 16)', () => Buffer.concat([blob, blob.subarray(-TAG_BYTES)])],
  ])('refuses the blob followed by %s', async (_, extended) => {
    await decryptRefused(extended(), INVALID);
  });
});

describe('encryption context', () => {
  it.each<[string, Record<string, string> | undefined]>([
    ['omitted', undefined],
    ['empty', {}],
    ['a value changed', { ...CONTEXT, purpose: 'receipt' }],
    ['an extra entry', { ...CONTEXT, extra: '' }],
    ['a key in other letter case', { Tenant: 'acme', purpose: 'invoice' }],
    ['one entry dropped', { tenant: 'acme' }],
    ['bytes moved from a value into its key', { tenanta: 'cme', purpose: 'invoice' }],
    ['a trailing space in a value', { tenant: 'acme ', purpose: 'invoice' }],
  ])('refuses the context with %s', async (_, context) => {
    await expectRefusedUnchanged(client, {
      keyId,
      call: () => client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context })),
      ...INVALID,
    });
  });

  it('binds a context to its exact code points: an NFD value does not open an NFC one, and a context where none was given is refused', async () => {
    const nfc = { city: 'Besan\u00e7on' };
    const sealed = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionContext: nfc }));
    await decryptRefused(sealed.CiphertextBlob!, INVALID, { context: { city: nfc.city.normalize('NFD') } });
    const decrypted = await client.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: nfc }));
    expect(Buffer.from(decrypted.Plaintext!)).toEqual(PLAINTEXT);

    const bare = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: PLAINTEXT }));
    await decryptRefused(bare.CiphertextBlob!, INVALID, { context: { tenant: 'acme' } });
  });
});

// Encrypt, Decrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext through the SDK (SPEC §6).
import {
  DecryptCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKey, expectKmsError, keyArn, kmsClient } from './support/client';

const client = kmsClient();

async function encrypt(keyId: string, plaintext: Uint8Array, context?: Record<string, string>): Promise<Uint8Array> {
  const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: context }));
  return CiphertextBlob!;
}

describe('Encrypt and Decrypt', () => {
  it('round-trips 1 and 4096 bytes; Decrypt finds the key from the blob alone', async () => {
    const { KeyId } = await createKey(client);
    for (const size of [1, 4096]) {
      const plaintext = randomBytes(size);
      const encrypted = await client.send(new EncryptCommand({ KeyId, Plaintext: plaintext }));
      expect(encrypted).toMatchObject({ KeyId: keyArn(KeyId), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
      const decrypted = await client.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob }));
      expect(decrypted).toMatchObject({ KeyId: keyArn(KeyId), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
      expect(Buffer.from(decrypted.Plaintext!)).toEqual(plaintext);
    }
  });

  it('never returns the same ciphertext twice for the same plaintext', async () => {
    const { KeyId } = await createKey(client);
    const plaintext = Buffer.from('same message');
    const [a, b] = [await encrypt(KeyId, plaintext), await encrypt(KeyId, plaintext)];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('refuses an empty plaintext and one of 4097 bytes with ValidationException', async () => {
    const { KeyId } = await createKey(client);
    await expectKmsError(encrypt(KeyId, randomBytes(4097)), 'ValidationException');
    await expectKmsError(encrypt(KeyId, new Uint8Array(0)), 'ValidationException');
  });

  it('binds the encryption context: the same context decrypts, another or a missing one is InvalidCiphertextException', async () => {
    const { KeyId } = await createKey(client);
    const context = { tenant: 'acme', purpose: 'invoice' };
    const blob = await encrypt(KeyId, Buffer.from('bound'), context);

    // Key order does not matter: the context is a map.
    const decrypted = await client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { purpose: 'invoice', tenant: 'acme' } }));
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('bound');

    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { tenant: 'other', purpose: 'invoice' } })), 'InvalidCiphertextException');
    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob: blob })), 'InvalidCiphertextException');
  });

  it('refuses a ciphertext with one bit flipped, truncated, or extended with InvalidCiphertextException', async () => {
    const { KeyId } = await createKey(client);
    const blob = Buffer.from(await encrypt(KeyId, Buffer.from('integrity')));
    const flippedAt = (index: number) => {
      const copy = Buffer.from(blob);
      copy[index]! ^= 0x01;
      return copy;
    };
    const tampered = [flippedAt(0), flippedAt(Math.floor(blob.length / 2)), flippedAt(blob.length - 1), blob.subarray(0, blob.length - 1), Buffer.concat([blob, Buffer.from([0])])];
    for (const candidate of tampered) {
      await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob: candidate })), 'InvalidCiphertextException');
    }
    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob: randomBytes(200) })), 'InvalidCiphertextException');
  });

  it('refuses a disabled key with DisabledException for Encrypt and Decrypt, and works again once enabled', async () => {
    const { KeyId } = await createKey(client);
    const blob = await encrypt(KeyId, Buffer.from('before disabling'));
    await client.send(new DisableKeyCommand({ KeyId }));
    await expectKmsError(encrypt(KeyId, Buffer.from('x')), 'DisabledException');
    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob: blob })), 'DisabledException');
    await expectKmsError(client.send(new GenerateDataKeyCommand({ KeyId, KeySpec: 'AES_256' })), 'DisabledException');
    await client.send(new EnableKeyCommand({ KeyId }));
    const decrypted = await client.send(new DecryptCommand({ CiphertextBlob: blob }));
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('before disabling');
  });

  it('refuses a key pending deletion with KMSInvalidStateException for Encrypt and Decrypt', async () => {
    const { KeyId } = await createKey(client);
    const blob = await encrypt(KeyId, Buffer.from('doomed'));
    await client.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
    await expectKmsError(encrypt(KeyId, Buffer.from('x')), 'KMSInvalidStateException');
    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob: blob })), 'KMSInvalidStateException');
  });

  it('refuses to encrypt under an EXTERNAL key without material with KMSInvalidStateException', async () => {
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    await expectKmsError(encrypt(KeyId, Buffer.from('x')), 'KMSInvalidStateException');
  });
});

describe('a ciphertext decrypts only with its key', () => {
  it('refuses a blob of key A when the caller names key B (IncorrectKeyException), and decrypts it under A', async () => {
    const [a, b] = await Promise.all([createKey(client), createKey(client)]);
    const blob = await encrypt(a.KeyId, Buffer.from('for A only'));
    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: b.KeyId })), 'IncorrectKeyException');
    const decrypted = await client.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: a.KeyId }));
    expect(decrypted.KeyId).toBe(keyArn(a.KeyId));
  });
});

describe('GenerateDataKey and GenerateDataKeyWithoutPlaintext', () => {
  it('returns AES_256 (32 bytes), AES_128 (16 bytes) and NumberOfBytes data keys whose blob decrypts to the plaintext', async () => {
    const { KeyId } = await createKey(client);
    const cases = [
      { input: { KeySpec: 'AES_256' as const }, bytes: 32 },
      { input: { KeySpec: 'AES_128' as const }, bytes: 16 },
      { input: { NumberOfBytes: 1 }, bytes: 1 },
      { input: { NumberOfBytes: 1024 }, bytes: 1024 },
    ];
    for (const { input, bytes } of cases) {
      const generated = await client.send(new GenerateDataKeyCommand({ KeyId, ...input, EncryptionContext: { use: 'disk' } }));
      expect(generated.KeyId).toBe(keyArn(KeyId));
      expect(generated.Plaintext).toHaveLength(bytes);
      const decrypted = await client.send(new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: { use: 'disk' } }));
      expect(Buffer.from(decrypted.Plaintext!)).toEqual(Buffer.from(generated.Plaintext!));
    }
  });

  it('returns no plaintext from GenerateDataKeyWithoutPlaintext; the blob decrypts to a fresh 32-byte key', async () => {
    const { KeyId } = await createKey(client);
    const generated = await client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId, KeySpec: 'AES_256' }));
    expect(generated.KeyId).toBe(keyArn(KeyId));
    expect(generated.CiphertextBlob!.length).toBeGreaterThan(32);
    expect('Plaintext' in generated && generated.Plaintext !== undefined).toBe(false);
    const decrypted = await client.send(new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob }));
    expect(decrypted.Plaintext).toHaveLength(32);
  });

  it('refuses both KeySpec and NumberOfBytes, neither, or NumberOfBytes 0 and 1025 with ValidationException', async () => {
    const { KeyId } = await createKey(client);
    const refused = [{ KeySpec: 'AES_256' as const, NumberOfBytes: 32 }, {}, { NumberOfBytes: 0 }, { NumberOfBytes: 1025 }];
    for (const input of refused) {
      await expectKmsError(client.send(new GenerateDataKeyCommand({ KeyId, ...input })), 'ValidationException');
      await expectKmsError(client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId, ...input })), 'ValidationException');
    }
  });
});

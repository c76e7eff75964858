// Bring your own key through the SDK, wrapping with openssl as users do (SPEC §2–§5).
import {
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { createPublicKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKey, expectKmsError, keyArn, kmsClient, waitUntil } from './support/client';
import { importWithOpenssl, opensslRandomMaterial, wrapWithOpenssl } from './support/openssl';

const client = kmsClient();

async function describeKey(keyId: string) {
  return (await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
}

async function parametersFor(keyId: string, wrappingAlgorithm: 'RSAES_OAEP_SHA_256' | 'RSAES_OAEP_SHA_1' = 'RSAES_OAEP_SHA_256') {
  const parameters = await client.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: wrappingAlgorithm, WrappingKeySpec: 'RSA_2048' }));
  return { importToken: parameters.ImportToken!, publicKey: parameters.PublicKey! };
}

describe('bring your own key with openssl', () => {
  it('imports openssl-wrapped material, encrypts and decrypts; after deleting the material decrypt is KMSInvalidStateException; re-importing the same material makes old ciphertexts decrypt again', async () => {
    const material = opensslRandomMaterial();
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL', Description: 'byok' });

    const before = Date.now();
    const parameters = await client.send(new GetParametersForImportCommand({ KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    expect(parameters.KeyId).toBe(keyArn(KeyId));
    const publicKey = createPublicKey({ key: Buffer.from(parameters.PublicKey!), format: 'der', type: 'spki' });
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(parameters.ImportToken!.length).toBeGreaterThanOrEqual(16);
    const validTo = parameters.ParametersValidTo!.getTime();
    expect(validTo).toBeGreaterThanOrEqual(before + 24 * 3_600_000 - 2_000);
    expect(validTo).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000 + 2_000);

    const wrapped = wrapWithOpenssl({ publicKeyDer: parameters.PublicKey!, material });
    await client.send(
      new ImportKeyMaterialCommand({ KeyId, ImportToken: parameters.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
    );
    const imported = await describeKey(KeyId);
    expect(imported).toMatchObject({ KeyState: 'Enabled', Enabled: true, Origin: 'EXTERNAL', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    expect(imported.ValidTo).toBeUndefined();
    expect(imported.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);

    const plaintext = Buffer.from('encrypted under my own material');
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId, Plaintext: plaintext }));
    const decrypted = await client.send(new DecryptCommand({ CiphertextBlob }));
    expect(Buffer.from(decrypted.Plaintext!)).toEqual(plaintext);

    await client.send(new DeleteImportedKeyMaterialCommand({ KeyId }));
    expect(await describeKey(KeyId)).toMatchObject({ KeyState: 'PendingImport', Enabled: false });
    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob })), 'KMSInvalidStateException');
    await expectKmsError(client.send(new EncryptCommand({ KeyId, Plaintext: plaintext })), 'KMSInvalidStateException');

    await importWithOpenssl(client, { keyId: KeyId, material });
    const reimported = await describeKey(KeyId);
    expect(reimported.KeyState).toBe('Enabled');
    expect(reimported.CurrentKeyMaterialId).toBe(imported.CurrentKeyMaterialId);
    const again = await client.send(new DecryptCommand({ CiphertextBlob }));
    expect(Buffer.from(again.Plaintext!)).toEqual(plaintext);
  });

  it('refuses different material for a key bound to its first material (IncorrectKeyMaterialException) and keeps the key working', async () => {
    const material = randomBytes(32);
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    await importWithOpenssl(client, { keyId: KeyId, material });
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('kept') }));

    await expectKmsError(importWithOpenssl(client, { keyId: KeyId, material: randomBytes(32) }), 'IncorrectKeyMaterialException');
    await client.send(new DeleteImportedKeyMaterialCommand({ KeyId }));
    await expectKmsError(importWithOpenssl(client, { keyId: KeyId, material: randomBytes(32) }), 'IncorrectKeyMaterialException');
    expect((await describeKey(KeyId)).KeyState).toBe('PendingImport');

    await importWithOpenssl(client, { keyId: KeyId, material });
    const decrypted = await client.send(new DecryptCommand({ CiphertextBlob }));
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('kept');
  });

  it('refuses material that is not 32 bytes with IncorrectKeyMaterialException', async () => {
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    await expectKmsError(importWithOpenssl(client, { keyId: KeyId, material: randomBytes(16) }), 'IncorrectKeyMaterialException');
    expect((await describeKey(KeyId)).KeyState).toBe('PendingImport');
  });

  it('imports with RSAES_OAEP_SHA_1 wrapping done by openssl', async () => {
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    const { importToken, publicKey } = await parametersFor(KeyId, 'RSAES_OAEP_SHA_1');
    const wrapped = wrapWithOpenssl({ publicKeyDer: publicKey, material: randomBytes(32), oaepHash: 'sha1' });
    await client.send(new ImportKeyMaterialCommand({ KeyId, ImportToken: importToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
    expect((await describeKey(KeyId)).KeyState).toBe('Enabled');
  });

  it('refuses RSAES_PKCS1_V1_5 wrapping with ValidationException', async () => {
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    await expectKmsError(
      client.send(new GetParametersForImportCommand({ KeyId, WrappingAlgorithm: 'RSAES_PKCS1_V1_5', WrappingKeySpec: 'RSA_2048' })),
      'ValidationException',
    );
  });

  it('keeps an earlier unexpired token valid after new parameters are issued', async () => {
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    const first = await parametersFor(KeyId);
    await parametersFor(KeyId);
    const wrapped = wrapWithOpenssl({ publicKeyDer: first.publicKey, material: randomBytes(32) });
    await client.send(new ImportKeyMaterialCommand({ KeyId, ImportToken: first.importToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
    expect((await describeKey(KeyId)).KeyState).toBe('Enabled');
  });

  it('refuses a token used once already, and a token of another key, with InvalidImportTokenException', async () => {
    const material = randomBytes(32);
    const [a, b] = await Promise.all([createKey(client, { Origin: 'EXTERNAL' }), createKey(client, { Origin: 'EXTERNAL' })]);
    const { importToken, publicKey } = await parametersFor(a.KeyId);
    const wrapped = wrapWithOpenssl({ publicKeyDer: publicKey, material });
    const input = { ImportToken: importToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' as const };

    await expectKmsError(client.send(new ImportKeyMaterialCommand({ KeyId: b.KeyId, ...input })), 'InvalidImportTokenException');
    await client.send(new ImportKeyMaterialCommand({ KeyId: a.KeyId, ...input }));
    await expectKmsError(client.send(new ImportKeyMaterialCommand({ KeyId: a.KeyId, ...input })), 'InvalidImportTokenException');
    expect((await describeKey(b.KeyId)).KeyState).toBe('PendingImport');
  });

  it('refuses import operations on a generated key with UnsupportedOperationException', async () => {
    const { KeyId } = await createKey(client);
    await expectKmsError(client.send(new GetParametersForImportCommand({ KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })), 'UnsupportedOperationException');
    await expectKmsError(client.send(new DeleteImportedKeyMaterialCommand({ KeyId })), 'UnsupportedOperationException');
  });

  it('refuses to delete material of a key without material, and to import into a key pending deletion, with KMSInvalidStateException', async () => {
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    await expectKmsError(client.send(new DeleteImportedKeyMaterialCommand({ KeyId })), 'KMSInvalidStateException');
    const { importToken, publicKey } = await parametersFor(KeyId);
    await client.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
    const wrapped = wrapWithOpenssl({ publicKeyDer: publicKey, material: randomBytes(32) });
    await expectKmsError(
      client.send(new ImportKeyMaterialCommand({ KeyId, ImportToken: importToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })),
      'KMSInvalidStateException',
    );
  });

  it('keeps a disabled key disabled when its same material is re-imported', async () => {
    const material = randomBytes(32);
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    await importWithOpenssl(client, { keyId: KeyId, material });
    await client.send(new DisableKeyCommand({ KeyId }));
    await importWithOpenssl(client, { keyId: KeyId, material });
    expect((await describeKey(KeyId)).KeyState).toBe('Disabled');
  });
});

/** The key ID as the blob may carry it: 16 raw UUID bytes, or the UUID text. */
function keyIdEncodings(keyId: string): Buffer[] {
  return [Buffer.from(keyId.replaceAll('-', ''), 'hex'), Buffer.from(keyId, 'utf8')];
}

/** Replaces every occurrence of `from` in `blob` with `to` (same length); returns how many were replaced. */
function replaceBytes(blob: Buffer, from: Buffer, to: Buffer): number {
  let count = 0;
  for (let at = blob.indexOf(from); at !== -1; at = blob.indexOf(from, at + from.length)) {
    to.copy(blob, at);
    count += 1;
  }
  return count;
}

describe('a ciphertext decrypts only with its key, even where two keys hold the same material', () => {
  it('refuses a blob of key A named as key B (IncorrectKeyException) and relabelled as B (InvalidCiphertextException)', async () => {
    const material = randomBytes(32);
    const [a, b] = await Promise.all([createKey(client, { Origin: 'EXTERNAL' }), createKey(client, { Origin: 'EXTERNAL' })]);
    await importWithOpenssl(client, { keyId: a.KeyId, material });
    await importWithOpenssl(client, { keyId: b.KeyId, material });
    const blob = Buffer.from((await client.send(new EncryptCommand({ KeyId: a.KeyId, Plaintext: Buffer.from('A only') }))).CiphertextBlob!);

    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: b.KeyId })), 'IncorrectKeyException');

    // Rewrite the header as if B had sealed it: B's key ID and, where carried, B's material id.
    const relabelled = Buffer.from(blob);
    const [fromIds, toIds] = [keyIdEncodings(a.KeyId), keyIdEncodings(b.KeyId)];
    const replaced = fromIds.reduce((sum, from, i) => sum + replaceBytes(relabelled, from, toIds[i]!), 0);
    expect(replaced, 'the blob should carry its key ID (SPEC §6)').toBeGreaterThan(0);
    const [materialA, materialB] = [(await describeKey(a.KeyId)).CurrentKeyMaterialId!, (await describeKey(b.KeyId)).CurrentKeyMaterialId!];
    replaceBytes(relabelled, Buffer.from(materialA, 'hex'), Buffer.from(materialB, 'hex'));
    replaceBytes(relabelled, Buffer.from(materialA, 'utf8'), Buffer.from(materialB, 'utf8'));

    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob: relabelled })), 'InvalidCiphertextException');
    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob: relabelled, KeyId: b.KeyId })), 'InvalidCiphertextException');
    const genuine = await client.send(new DecryptCommand({ CiphertextBlob: blob }));
    expect(Buffer.from(genuine.Plaintext!).toString()).toBe('A only');
  });
});

describe('ImportKeyMaterial expiration model', () => {
  it('defaults ExpirationModel to KEY_MATERIAL_EXPIRES, which requires ValidTo (ValidationException without it)', async () => {
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    const { importToken, publicKey } = await parametersFor(KeyId);
    const wrapped = wrapWithOpenssl({ publicKeyDer: publicKey, material: randomBytes(32) });
    await expectKmsError(client.send(new ImportKeyMaterialCommand({ KeyId, ImportToken: importToken, EncryptedKeyMaterial: wrapped })), 'ValidationException');
    // A refused import changes nothing: the same token still imports.
    const validTo = new Date(Date.now() + 3 * 86_400_000);
    await client.send(new ImportKeyMaterialCommand({ KeyId, ImportToken: importToken, EncryptedKeyMaterial: wrapped, ValidTo: validTo }));
    const metadata = await describeKey(KeyId);
    expect(metadata).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_EXPIRES' });
    // The JS SDK sends fractional epoch seconds; the instant survives to the second.
    expect(Math.abs(metadata.ValidTo!.getTime() - validTo.getTime())).toBeLessThan(1_000);
  });

  it('refuses ValidTo with KEY_MATERIAL_DOES_NOT_EXPIRE, and a ValidTo in the past, with ValidationException', async () => {
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    const { importToken, publicKey } = await parametersFor(KeyId);
    const wrapped = wrapWithOpenssl({ publicKeyDer: publicKey, material: randomBytes(32) });
    const base = { KeyId, ImportToken: importToken, EncryptedKeyMaterial: wrapped };
    await expectKmsError(
      client.send(new ImportKeyMaterialCommand({ ...base, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ValidTo: new Date(Date.now() + 86_400_000) })),
      'ValidationException',
    );
    await expectKmsError(
      client.send(new ImportKeyMaterialCommand({ ...base, ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(Date.now() - 60_000) })),
      'ValidationException',
    );
    expect((await describeKey(KeyId)).KeyState).toBe('PendingImport');
  });

  it('makes material unusable from its ValidTo instant on: PendingImport and KMSInvalidStateException within 1 s of expiry', async () => {
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    const { importToken, publicKey } = await parametersFor(KeyId);
    const wrapped = wrapWithOpenssl({ publicKeyDer: publicKey, material: randomBytes(32) });
    // Long enough that the import and one Encrypt finish first even on a loaded machine.
    const validTo = new Date(Date.now() + 5_000);
    await client.send(
      new ImportKeyMaterialCommand({ KeyId, ImportToken: importToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo }),
    );
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('short-lived') }));

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, validTo.getTime() - Date.now())));
    const refused = async () => {
      try {
        await client.send(new DecryptCommand({ CiphertextBlob }));
        return false;
      } catch (error) {
        return (error as Error).name === 'KMSInvalidStateException';
      }
    };
    await waitUntil(refused, { withinMs: 1_000 });
    expect((await describeKey(KeyId)).KeyState).toBe('PendingImport');
    await expectKmsError(client.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('x') })), 'KMSInvalidStateException');
  });
});

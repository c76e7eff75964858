// Material versions of imported keys through the real @aws-sdk/client-kms, wrapping with openssl (SPEC §11):
// NEW_KEY_MATERIAL, rotation on demand to it, deleting and re-importing a named version.
import {
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  EncryptCommand,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { createKey, expectKmsError, keyArn, kmsClient } from './support/client';
import { opensslRandomMaterial } from './support/openssl';
import { allVersions, describeKey, importVersion } from './support/material-versions';

const client = kmsClient();
const NEW = { ImportType: 'NEW_KEY_MATERIAL' } as const;

async function importedKey() {
  const material = opensslRandomMaterial();
  const { KeyId } = await createKey(client, { Origin: 'EXTERNAL', Description: 'material versions' });
  const first = await importVersion(client, { keyId: KeyId, material });
  return { keyId: KeyId, material, firstMaterialId: first.KeyMaterialId! };
}

const states = async (keyId: string) => (await allVersions(client, keyId)).map((v) => [v.KeyMaterialId, v.KeyMaterialState, v.ImportState]);

async function decryptsAs(CiphertextBlob: Uint8Array, expected: { plaintext: Buffer; materialId: string }) {
  const opened = await client.send(new DecryptCommand({ CiphertextBlob }));
  expect({ plaintext: Buffer.from(opened.Plaintext!), materialId: opened.KeyMaterialId }).toEqual(expected);
}

describe('NEW_KEY_MATERIAL on an imported key', () => {
  it('adds one PENDING_ROTATION version and leaves the CURRENT one in use', async () => {
    const { keyId, firstMaterialId } = await importedKey();
    expect((await describeKey(client, keyId)).CurrentKeyMaterialId).toBe(firstMaterialId);

    const added = await importVersion(client, { keyId, material: opensslRandomMaterial(), overrides: { ...NEW, KeyMaterialDescription: 'next year' } });
    expect(added.KeyId).toBe(keyArn(keyId));
    expect(added.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    const versions = await allVersions(client, keyId);
    expect(versions.map((v) => [v.KeyMaterialId, v.KeyMaterialState, v.ImportState, v.KeyMaterialDescription])).toEqual([
      [firstMaterialId, 'CURRENT', 'IMPORTED', ''],
      [added.KeyMaterialId, 'PENDING_ROTATION', 'IMPORTED', 'next year'],
    ]);
    // Not a rotation yet: ROTATIONS_ONLY lists none, and Encrypt still uses the first version.
    expect((await client.send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations).toEqual([]);
    expect((await describeKey(client, keyId)).CurrentKeyMaterialId).toBe(firstMaterialId);
  });

  it('refuses material the key already holds (IncorrectKeyMaterialException), a second pending version (KMSInvalidStateException) and a KeyMaterialId with NEW (ValidationException)', async () => {
    const { keyId, material, firstMaterialId } = await importedKey();
    await expectKmsError(importVersion(client, { keyId, material, overrides: NEW }), 'IncorrectKeyMaterialException');
    const pending = await importVersion(client, { keyId, material: opensslRandomMaterial(), overrides: NEW });
    await expectKmsError(importVersion(client, { keyId, material: opensslRandomMaterial(), overrides: NEW }), 'KMSInvalidStateException');
    await expectKmsError(
      importVersion(client, { keyId, material: opensslRandomMaterial(), overrides: { ...NEW, KeyMaterialId: firstMaterialId } }),
      'ValidationException',
    );
    expect(await states(keyId)).toEqual([
      [firstMaterialId, 'CURRENT', 'IMPORTED'],
      [pending.KeyMaterialId, 'PENDING_ROTATION', 'IMPORTED'],
    ]);
  });
});

describe('rotating an imported key, then deleting and re-importing a named version', () => {
  it('keeps every ciphertext decryptable with its own version once each version is imported again', async () => {
    const { keyId, material: firstMaterial, firstMaterialId } = await importedKey();
    const plaintext = Buffer.from('one key, two materials');
    const sealedFirst = (await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))).CiphertextBlob!;

    const secondMaterial = opensslRandomMaterial();
    const second = (await importVersion(client, { keyId, material: secondMaterial, overrides: NEW })).KeyMaterialId!;
    expect(await client.send(new RotateKeyOnDemandCommand({ KeyId: keyId }))).toMatchObject({ KeyId: keyId });
    expect((await describeKey(client, keyId)).CurrentKeyMaterialId).toBe(second);
    const rotations = (await client.send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations!;
    expect(rotations).toEqual([expect.objectContaining({ KeyMaterialId: second, KeyMaterialState: 'CURRENT', RotationType: 'ON_DEMAND', ImportState: 'IMPORTED' })]);
    const sealedSecond = (await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))).CiphertextBlob!;
    await decryptsAs(sealedSecond, { plaintext, materialId: second });
    await decryptsAs(sealedFirst, { plaintext, materialId: firstMaterialId });

    // Deleting the NON_CURRENT version makes the key Pending import, and nothing decrypts.
    const deleted = await client.send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId, KeyMaterialId: firstMaterialId }));
    expect(deleted).toMatchObject({ KeyId: keyArn(keyId), KeyMaterialId: firstMaterialId });
    expect((await describeKey(client, keyId)).KeyState).toBe('PendingImport');
    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob: sealedFirst })), 'KMSInvalidStateException');
    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob: sealedSecond })), 'KMSInvalidStateException');
    const afterDeletion = await states(keyId);
    expect(afterDeletion).toEqual([
      [firstMaterialId, 'NON_CURRENT', 'PENDING_IMPORT'],
      [second, 'CURRENT', 'IMPORTED'],
    ]);

    // The other version's material, named as the deleted one: refused, and nothing changes.
    await expectKmsError(
      importVersion(client, { keyId, material: secondMaterial, overrides: { KeyMaterialId: firstMaterialId } }),
      'IncorrectKeyMaterialException',
    );
    expect((await describeKey(client, keyId)).KeyState).toBe('PendingImport');
    expect(await states(keyId)).toEqual(afterDeletion);

    const reimported = await importVersion(client, { keyId, material: firstMaterial, overrides: { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: firstMaterialId } });
    expect(reimported.KeyMaterialId).toBe(firstMaterialId);
    expect(await describeKey(client, keyId)).toMatchObject({ KeyState: 'Enabled', CurrentKeyMaterialId: second });
    await decryptsAs(sealedFirst, { plaintext, materialId: firstMaterialId });
    await decryptsAs(sealedSecond, { plaintext, materialId: second });
  });
});

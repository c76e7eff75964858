// Rotation of generated keys through the real @aws-sdk/client-kms (SPEC §11): automatic rotation settings,
// rotation on demand, the versions a ciphertext names, ListKeyRotations and its refusals.
import {
  DecryptCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GetKeyRotationStatusCommand,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKey, expectKmsError, keyArn, kmsClient } from './support/client';
import { importWithOpenssl } from './support/openssl';
import { describeKey } from './support/material-versions';

const client = kmsClient();
const DAY_MS = 86_400_000;

const rotationStatus = (KeyId: string) => client.send(new GetKeyRotationStatusCommand({ KeyId }));
const rotate = (KeyId: string) => client.send(new RotateKeyOnDemandCommand({ KeyId }));

describe('automatic rotation settings of a generated key', () => {
  it('is off by default; EnableKeyRotation without a period rotates every 365 days from now; DisableKeyRotation turns it off', async () => {
    const { KeyId } = await createKey(client);
    const off = await rotationStatus(KeyId);
    expect(off).toMatchObject({ KeyRotationEnabled: false, KeyId: keyArn(KeyId) });
    expect(off.RotationPeriodInDays).toBeUndefined();
    expect(off.NextRotationDate).toBeUndefined();
    expect(off.OnDemandRotationStartDate).toBeUndefined();

    const before = Date.now();
    await client.send(new EnableKeyRotationCommand({ KeyId }));
    const after = Date.now();
    const on = await rotationStatus(KeyId);
    expect(on).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
    // Epoch seconds with milliseconds as fractions: the instant EnableKeyRotation ran, a period on.
    expect(on.NextRotationDate!.getTime()).toBeGreaterThanOrEqual(before + 365 * DAY_MS);
    expect(on.NextRotationDate!.getTime()).toBeLessThanOrEqual(after + 365 * DAY_MS);

    await client.send(new DisableKeyRotationCommand({ KeyId }));
    const disabled = await rotationStatus(KeyId);
    expect(disabled.KeyRotationEnabled).toBe(false);
    expect(disabled.RotationPeriodInDays).toBeUndefined();
    expect(disabled.NextRotationDate).toBeUndefined();
  });

  it('accepts RotationPeriodInDays 90 and 2560, and refuses 89 and 2561 with ValidationException, keeping the period set before', async () => {
    const { KeyId } = await createKey(client);
    for (const period of [90, 2560]) {
      await client.send(new EnableKeyRotationCommand({ KeyId, RotationPeriodInDays: period }));
      expect((await rotationStatus(KeyId)).RotationPeriodInDays).toBe(period);
    }
    for (const period of [89, 2561]) {
      await expectKmsError(client.send(new EnableKeyRotationCommand({ KeyId, RotationPeriodInDays: period })), 'ValidationException');
    }
    expect(await rotationStatus(KeyId)).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 2560 });
  });
});

describe('rotation on demand', () => {
  it('moves Encrypt and data keys to new material; ciphertexts made before still decrypt, naming their own KeyMaterialId', async () => {
    const { KeyId, CurrentKeyMaterialId: first } = await createKey(client);
    const plaintext = Buffer.from('sealed before the rotation');
    const before = await client.send(new EncryptCommand({ KeyId, Plaintext: plaintext }));
    expect(before).not.toHaveProperty('KeyMaterialId');

    expect(await rotate(KeyId)).toMatchObject({ KeyId });
    const second = (await describeKey(client, KeyId)).CurrentKeyMaterialId!;
    expect(second).toMatch(/^[0-9a-f]{64}$/);
    expect(second).not.toBe(first);

    const after = await client.send(new EncryptCommand({ KeyId, Plaintext: plaintext }));
    const openedAfter = await client.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob }));
    expect({ material: openedAfter.KeyMaterialId, plaintext: Buffer.from(openedAfter.Plaintext!) }).toEqual({ material: second, plaintext });
    const openedBefore = await client.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }));
    expect({ material: openedBefore.KeyMaterialId, plaintext: Buffer.from(openedBefore.Plaintext!) }).toEqual({ material: first, plaintext });

    const dataKey = await client.send(new GenerateDataKeyCommand({ KeyId, KeySpec: 'AES_256' }));
    const sealedOnly = await client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId, KeySpec: 'AES_256' }));
    expect([dataKey.KeyMaterialId, sealedOnly.KeyMaterialId]).toEqual([second, second]);
  });

  it('lists rotations only (ROTATIONS_ONLY, the default) or every version (ALL_KEY_MATERIAL), paged by Limit and Marker', async () => {
    const { KeyId, CurrentKeyMaterialId: first } = await createKey(client);
    const rotated: string[] = [];
    for (let i = 0; i < 3; i++) {
      await rotate(KeyId);
      rotated.push((await describeKey(client, KeyId)).CurrentKeyMaterialId!);
    }
    const only = await client.send(new ListKeyRotationsCommand({ KeyId }));
    expect(only.Truncated).toBe(false);
    expect(only.NextMarker).toBeUndefined();
    expect(only.Rotations!.map((entry) => entry.KeyMaterialId)).toEqual(rotated);
    expect(only.Rotations!.map((entry) => entry.KeyMaterialState)).toEqual(['NON_CURRENT', 'NON_CURRENT', 'CURRENT']);
    for (const entry of only.Rotations!) {
      expect(entry).toMatchObject({ KeyId: keyArn(KeyId), RotationType: 'ON_DEMAND' });
      expect(entry.RotationDate).toBeInstanceOf(Date);
      expect(entry.ImportState).toBeUndefined();
      expect(entry.ExpirationModel).toBeUndefined();
    }

    const pages: string[][] = [];
    let marker: string | undefined;
    do {
      const page = await client.send(new ListKeyRotationsCommand({ KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL', Limit: 3, Marker: marker }));
      pages.push(page.Rotations!.map((entry) => entry.KeyMaterialId!));
      expect(page.Truncated).toBe(page.NextMarker !== undefined);
      marker = page.NextMarker;
    } while (marker);
    expect(pages).toEqual([[first, ...rotated.slice(0, 2)], [rotated[2]]]);
  });

  it('refuses a disabled key with DisabledException (RotateKeyOnDemand and EnableKeyRotation)', async () => {
    const { KeyId, CurrentKeyMaterialId } = await createKey(client);
    await client.send(new DisableKeyCommand({ KeyId }));
    await expectKmsError(rotate(KeyId), 'DisabledException');
    await expectKmsError(client.send(new EnableKeyRotationCommand({ KeyId })), 'DisabledException');
    expect((await describeKey(client, KeyId)).CurrentKeyMaterialId).toBe(CurrentKeyMaterialId);
  });

  it('refuses EnableKeyRotation on an imported key (UnsupportedOperationException), and RotateKeyOnDemand with nothing pending (KMSInvalidStateException)', async () => {
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    await importWithOpenssl(client, { keyId: KeyId, material: randomBytes(32) });
    await expectKmsError(client.send(new EnableKeyRotationCommand({ KeyId })), 'UnsupportedOperationException');
    await expectKmsError(rotate(KeyId), 'KMSInvalidStateException');
    expect((await rotationStatus(KeyId)).KeyRotationEnabled).toBe(false);
  });

  it('refuses a key pending deletion with KMSInvalidStateException, an imported key DisableKeyRotation with UnsupportedOperationException, and an unknown key with NotFoundException', async () => {
    const { KeyId } = await createKey(client);
    await client.send(new EnableKeyRotationCommand({ KeyId }));
    await client.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
    await expectKmsError(rotate(KeyId), 'KMSInvalidStateException');
    await expectKmsError(client.send(new EnableKeyRotationCommand({ KeyId })), 'KMSInvalidStateException');
    await expectKmsError(client.send(new DisableKeyRotationCommand({ KeyId })), 'KMSInvalidStateException');
    // AWS reports rotation off while the key waits for deletion.
    expect((await rotationStatus(KeyId)).KeyRotationEnabled).toBe(false);

    const imported = await createKey(client, { Origin: 'EXTERNAL' });
    await expectKmsError(client.send(new DisableKeyRotationCommand({ KeyId: imported.KeyId })), 'UnsupportedOperationException');
    const unknown = '00000000-0000-4000-8000-000000000000';
    await expectKmsError(rotate(unknown), 'NotFoundException');
    await expectKmsError(rotationStatus(unknown), 'NotFoundException');
    await expectKmsError(client.send(new ListKeyRotationsCommand({ KeyId: unknown })), 'NotFoundException');
  });

  it('refuses the 26th rotation on demand of a key with LimitExceededException, keeping the 25th CURRENT', async () => {
    const { KeyId } = await createKey(client);
    for (let i = 0; i < 25; i++) await rotate(KeyId);
    const last = (await describeKey(client, KeyId)).CurrentKeyMaterialId;
    await expectKmsError(rotate(KeyId), 'LimitExceededException');
    expect((await describeKey(client, KeyId)).CurrentKeyMaterialId).toBe(last);
    const { Rotations } = await client.send(new ListKeyRotationsCommand({ KeyId, Limit: 1000 }));
    expect(Rotations).toHaveLength(25);
  });
});

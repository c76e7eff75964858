// Rotation and roles through the real SDK (SPEC §9): key managers rotate and configure rotation, with no
// fresh authentication to give (an access key signs every request afresh); key users and auditors read the
// rotation status and history and are refused the rest with AccessDeniedException, each refusal audited.
import {
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  GetKeyRotationStatusCommand,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, expectKmsError, kmsClient } from './support/client';
import { createRoleAccessKey, openInProcess, type InProcessKeyfort } from './support/domain';
import { describeKey } from './support/material-versions';

let keyfort: InProcessKeyfort;
let keyId: string;

beforeAll(async () => {
  keyfort = await openInProcess();
  keyId = (await createKey(kmsClient(), { Description: 'rotation roles' })).KeyId;
});
afterAll(async () => {
  await keyfort?.close();
});

describe('who may rotate', () => {
  it('KEY_MANAGER rotates on demand and turns automatic rotation on and off', async () => {
    const client = kmsClient(await createRoleAccessKey(keyfort, 'KEY_MANAGER'));
    const before = (await describeKey(client, keyId)).CurrentKeyMaterialId;
    await client.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    expect((await describeKey(client, keyId)).CurrentKeyMaterialId).not.toBe(before);
    await client.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 180 }));
    expect((await client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).RotationPeriodInDays).toBe(180);
    await client.send(new DisableKeyRotationCommand({ KeyId: keyId }));
    expect((await client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(false);
  });

  it.each(['KEY_USER', 'AUDITOR'] as const)('%s reads rotation status and history, and is refused rotating and configuring it', async (role) => {
    const credentials = await createRoleAccessKey(keyfort, role);
    const client = kmsClient(credentials);
    expect((await client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(false);
    expect((await client.send(new ListKeyRotationsCommand({ KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }))).Rotations!.length).toBeGreaterThan(0);
    const before = (await describeKey(client, keyId)).CurrentKeyMaterialId;

    const refused = [
      { action: 'RotateKeyOnDemand', call: () => client.send(new RotateKeyOnDemandCommand({ KeyId: keyId })) },
      { action: 'EnableKeyRotation', call: () => client.send(new EnableKeyRotationCommand({ KeyId: keyId })) },
      { action: 'DisableKeyRotation', call: () => client.send(new DisableKeyRotationCommand({ KeyId: keyId })) },
    ];
    for (const { action, call } of refused) {
      await expectKmsError(call(), 'AccessDeniedException');
      const page = await keyfort.ctx.store.listAudit({ action, keyId, page: 1, pageSize: 100 });
      const record = page.items.find((event) => event.accessKeyId === credentials.accessKeyId);
      expect(record, action).toMatchObject({ result: 'FAILURE', errorCode: 'FORBIDDEN', actorType: 'access-key' });
    }
    expect((await describeKey(client, keyId)).CurrentKeyMaterialId).toBe(before);
    expect((await client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(false);
  });
});

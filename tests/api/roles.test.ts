// Roles through the real SDK: an access key acts with its role (SPEC §9), a refusal is AccessDeniedException,
// and every record a call writes, allowed or refused, names the access key that signed it.
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  ListKeysCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '@/lib/kms/types';
import { createKey, expectKmsError, kmsClient } from './support/client';
import { createRoleAccessKey, openInProcess, type InProcessKeyfort } from './support/domain';

let keyfort: InProcessKeyfort;
let keyId: string;
let externalKeyId: string;

beforeAll(async () => {
  keyfort = await openInProcess();
  const administrator = kmsClient();
  keyId = (await createKey(administrator, { Description: 'roles: a key to use' })).KeyId;
  externalKeyId = (await createKey(administrator, { Description: 'roles: awaiting import', Origin: 'EXTERNAL' })).KeyId;
});
afterAll(async () => {
  await keyfort?.close();
});

/** The newest record of `action` on `key` (null: a record without a key) signed with `accessKeyId`. */
async function lastRecord(options: { action: string; key: string | null; accessKeyId: string }): Promise<AuditEvent | undefined> {
  const page = await keyfort.ctx.store.listAudit({ action: options.action, keyId: options.key ?? undefined, page: 1, pageSize: 100 });
  return page.items.find((event) => event.accessKeyId === options.accessKeyId && (options.key !== null || event.keyId === null));
}

async function expectAuditedRefusal(options: { call: Promise<unknown>; action: string; key: string | null; accessKeyId: string }) {
  await expectKmsError(options.call, 'AccessDeniedException');
  expect(await lastRecord(options)).toMatchObject({ result: 'FAILURE', errorCode: 'FORBIDDEN', actorType: 'access-key', accessKeyId: options.accessKeyId });
}

describe('an access key acts with its role', () => {
  it('records the signing access key, the address and the user agent of an SDK call', async () => {
    const credentials = await createRoleAccessKey(keyfort, 'KEY_MANAGER');
    const { KeyMetadata } = await kmsClient(credentials).send(new CreateKeyCommand({ Description: 'roles: source' }));
    const record = await lastRecord({ action: 'CreateKey', key: KeyMetadata!.KeyId!, accessKeyId: credentials.accessKeyId });
    expect(record).toMatchObject({ result: 'SUCCESS', accessKeyId: credentials.accessKeyId, sourceAddress: '127.0.0.1' });
    expect(record?.userAgent).toMatch(/aws-sdk-js/);
  });

  it('KEY_USER encrypts, decrypts and describes, and is refused lifecycle and import, each refusal audited', async () => {
    const credentials = await createRoleAccessKey(keyfort, 'KEY_USER');
    const client = kmsClient(credentials);
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('for key users') }));
    const { Plaintext } = await client.send(new DecryptCommand({ CiphertextBlob }));
    expect(Buffer.from(Plaintext!).toString()).toBe('for key users');
    expect((await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyId).toBe(keyId);

    const { accessKeyId } = credentials;
    await expectAuditedRefusal({ call: client.send(new CreateKeyCommand({})), action: 'CreateKey', key: null, accessKeyId });
    await expectAuditedRefusal({
      call: client.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 })),
      action: 'ScheduleKeyDeletion',
      key: keyId,
      accessKeyId,
    });
    await expectAuditedRefusal({
      call: client.send(
        new ImportKeyMaterialCommand({
          KeyId: externalKeyId,
          ImportToken: randomBytes(64),
          EncryptedKeyMaterial: randomBytes(256),
          ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
        }),
      ),
      action: 'ImportKeyMaterial',
      key: externalKeyId,
      accessKeyId,
    });
    // The key is untouched by the refusals.
    expect((await kmsClient().send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState).toBe('Enabled');
  });

  it('AUDITOR only describes and lists: no crypto, no lifecycle, no import', async () => {
    const credentials = await createRoleAccessKey(keyfort, 'AUDITOR');
    const client = kmsClient(credentials);
    expect((await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyId).toBe(keyId);
    expect((await client.send(new ListKeysCommand({ Limit: 1 }))).Keys).toHaveLength(1);

    const { accessKeyId } = credentials;
    await expectAuditedRefusal({ call: client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('no') })), action: 'Encrypt', key: keyId, accessKeyId });
    await expectAuditedRefusal({ call: client.send(new CreateKeyCommand({})), action: 'CreateKey', key: null, accessKeyId });
    await expectAuditedRefusal({
      call: client.send(new GetParametersForImportCommand({ KeyId: externalKeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })),
      action: 'GetParametersForImport',
      key: externalKeyId,
      accessKeyId,
    });
  });
});

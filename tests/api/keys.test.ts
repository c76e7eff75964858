// Key lifecycle through the real @aws-sdk/client-kms: AWS field names and shapes (SPEC §8).
import {
  CancelKeyDeletionCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { describe, expect, inject, it } from 'vitest';
import { createKey, expectKmsError, keyArn, kmsClient, REGION } from './support/client';

const client = kmsClient();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DAY_MS = 86_400_000;

async function describeKey(keyId: string) {
  const { KeyMetadata: metadata } = await client.send(new DescribeKeyCommand({ KeyId: keyId }));
  if (!metadata) throw new Error('DescribeKey returned no KeyMetadata');
  return metadata;
}

describe('CreateKey and DescribeKey', () => {
  it('creates an AWS_KMS key that is Enabled, with every KeyMetadata field of SPEC §8 in AWS shape', async () => {
    const before = Date.now();
    const created = await createKey(client, { Description: 'api tests: generated key' });
    expect(created.KeyId).toMatch(UUID);

    const metadata = await describeKey(created.KeyId);
    expect(metadata).toMatchObject({
      KeyId: created.KeyId,
      Arn: keyArn(created.KeyId),
      Enabled: true,
      Description: 'api tests: generated key',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    });
    expect(metadata.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    expect(metadata.DeletionDate).toBeUndefined();
    expect(metadata.ValidTo).toBeUndefined();
    // Epoch seconds on the wire: the SDK turns them into Dates; seconds precision is enough here.
    expect(metadata.CreationDate).toBeInstanceOf(Date);
    expect(metadata.CreationDate!.getTime()).toBeGreaterThanOrEqual(before - 2_000);
    expect(metadata.CreationDate!.getTime()).toBeLessThanOrEqual(Date.now() + 2_000);
    expect(created).toMatchObject({ KeyId: created.KeyId, Arn: metadata.Arn, KeyState: 'Enabled' });
  });

  it('creates an EXTERNAL key in PendingImport, not enabled, without material or expiry', async () => {
    const created = await createKey(client, { Origin: 'EXTERNAL', Description: 'api tests: external key' });
    const metadata = await describeKey(created.KeyId);
    expect(metadata).toMatchObject({ KeyState: 'PendingImport', Enabled: false, Origin: 'EXTERNAL', Description: 'api tests: external key' });
    expect(metadata.ValidTo).toBeUndefined();
  });

  it('accepts the explicit symmetric defaults KeySpec SYMMETRIC_DEFAULT and KeyUsage ENCRYPT_DECRYPT', async () => {
    const created = await createKey(client, { KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' });
    expect((await describeKey(created.KeyId)).KeyState).toBe('Enabled');
  });

  it('stores the tags given to CreateKey with the key', async () => {
    const tags = [
      { TagKey: 'team', TagValue: 'payments' },
      { TagKey: 'env', TagValue: '' },
    ];
    const created = await createKey(client, { Tags: tags });
    const listed = await client.send(new ListResourceTagsCommand({ KeyId: created.KeyId }));
    expect(listed.Tags).toEqual(expect.arrayContaining(tags));
    expect(listed.Tags).toHaveLength(2);
  });

  it('puts the region of the request signature into the key ARN', async () => {
    const elsewhere = kmsClient({ region: 'ap-southeast-2' });
    const created = await createKey(elsewhere);
    const { KeyMetadata } = await elsewhere.send(new DescribeKeyCommand({ KeyId: created.KeyId }));
    expect(KeyMetadata?.Arn).toBe(keyArn(created.KeyId, 'ap-southeast-2'));
    expect(REGION).not.toBe('ap-southeast-2');
  });

  it('refuses a description longer than 255 characters with ValidationException', async () => {
    await expectKmsError(createKey(client, { Description: 'x'.repeat(256) }), 'ValidationException');
  });
});

describe('endpoint paths', () => {
  it('answers the SDK on the listener root path / exactly as on /api/aws', async () => {
    const atRoot = kmsClient({ endpoint: `${inject('keyfort').origin}/` });
    const created = await createKey(atRoot, { Description: 'via /' });
    expect(await describeKey(created.KeyId)).toMatchObject({ KeyId: created.KeyId, Description: 'via /' });
  });
});

describe('ListKeys', () => {
  it('pages with Limit and Marker, Truncated until the last page, and lists every key exactly once', async () => {
    const created = await Promise.all([createKey(client), createKey(client), createKey(client)]);
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await client.send(new ListKeysCommand({ Limit: 2, Marker: marker }));
      pages += 1;
      expect(page.Keys!.length).toBeLessThanOrEqual(2);
      for (const entry of page.Keys ?? []) {
        expect(entry.KeyArn).toBe(keyArn(entry.KeyId!));
        seen.push(entry.KeyId!);
      }
      if (!page.Truncated) {
        expect(page.NextMarker).toBeUndefined();
        break;
      }
      expect(page.NextMarker).toBeTruthy();
      marker = page.NextMarker;
      if (pages > 1000) throw new Error('ListKeys never stopped paging');
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(created.map((key) => key.KeyId)));
  });

  it('refuses Limit 0 and Limit 1001 with ValidationException', async () => {
    await expectKmsError(client.send(new ListKeysCommand({ Limit: 0 })), 'ValidationException');
    await expectKmsError(client.send(new ListKeysCommand({ Limit: 1001 })), 'ValidationException');
  });
});

describe('UpdateKeyDescription, EnableKey, DisableKey', () => {
  it('replaces the description, Unicode included', async () => {
    const { KeyId } = await createKey(client, { Description: 'old' });
    await client.send(new UpdateKeyDescriptionCommand({ KeyId, Description: 'nouvelle clé — 新密钥' }));
    expect((await describeKey(KeyId)).Description).toBe('nouvelle clé — 新密钥');
  });

  it('disables and re-enables a key, Enabled following KeyState', async () => {
    const { KeyId } = await createKey(client);
    await client.send(new DisableKeyCommand({ KeyId }));
    expect(await describeKey(KeyId)).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    await client.send(new EnableKeyCommand({ KeyId }));
    expect(await describeKey(KeyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true });
  });
});

describe('ScheduleKeyDeletion and CancelKeyDeletion', () => {
  it('schedules deletion after the requested window, then cancelling leaves the key Disabled', async () => {
    const { KeyId } = await createKey(client);
    const before = Date.now();
    const scheduled = await client.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
    expect(scheduled).toMatchObject({ KeyId: keyArn(KeyId), KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    const deletionDate = scheduled.DeletionDate!.getTime();
    expect(deletionDate).toBeGreaterThanOrEqual(before + 7 * DAY_MS - 2_000);
    expect(deletionDate).toBeLessThanOrEqual(Date.now() + 7 * DAY_MS + 2_000);
    expect(await describeKey(KeyId)).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false, DeletionDate: scheduled.DeletionDate });

    const cancelled = await client.send(new CancelKeyDeletionCommand({ KeyId }));
    expect(cancelled.KeyId).toBe(keyArn(KeyId));
    const metadata = await describeKey(KeyId);
    expect(metadata).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(metadata.DeletionDate).toBeUndefined();
  });

  it('defaults the deletion window to 30 days', async () => {
    const { KeyId } = await createKey(client);
    const scheduled = await client.send(new ScheduleKeyDeletionCommand({ KeyId }));
    expect(scheduled.PendingWindowInDays).toBe(30);
    expect(Math.round((scheduled.DeletionDate!.getTime() - Date.now()) / DAY_MS)).toBe(30);
  });

  it('refuses windows of 6 and 1097 days with ValidationException and leaves the key Enabled', async () => {
    const { KeyId } = await createKey(client);
    await expectKmsError(client.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 6 })), 'ValidationException');
    await expectKmsError(client.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 1097 })), 'ValidationException');
    expect((await describeKey(KeyId)).KeyState).toBe('Enabled');
  });

  it('refuses to cancel the deletion of a key that is not pending deletion (KMSInvalidStateException)', async () => {
    const { KeyId } = await createKey(client);
    await expectKmsError(client.send(new CancelKeyDeletionCommand({ KeyId })), 'KMSInvalidStateException');
  });
});

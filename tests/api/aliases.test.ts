// Aliases, and every form AWS accepts for KeyId: key ID, key ARN, alias/<name>, alias ARN.
import {
  CreateAliasCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  EncryptCommand,
  ListAliasesCommand,
  type AliasListEntry,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { aliasArn, createKey, expectKmsError, keyArn, kmsClient, uniqueName } from './support/client';

const client = kmsClient();

async function aliasesOf(keyId: string): Promise<AliasListEntry[]> {
  const { Aliases } = await client.send(new ListAliasesCommand({ KeyId: keyId }));
  return Aliases ?? [];
}

describe('CreateAlias, ListAliases, DeleteAlias', () => {
  it('creates an alias for a key ID and lists it with AliasName, AliasArn and TargetKeyId', async () => {
    const { KeyId } = await createKey(client);
    const aliasName = `alias/${uniqueName('orders')}`;
    await client.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: KeyId }));

    const [entry, ...others] = await aliasesOf(KeyId);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ AliasName: aliasName, AliasArn: aliasArn(aliasName), TargetKeyId: KeyId });
    expect(entry?.CreationDate).toBeInstanceOf(Date);
  });

  it('creates an alias whose target is given as a key ARN', async () => {
    const { KeyId } = await createKey(client);
    const aliasName = `alias/${uniqueName('by-arn')}`;
    await client.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: keyArn(KeyId) }));
    expect((await aliasesOf(KeyId)).map((alias) => alias.AliasName)).toEqual([aliasName]);
  });

  it('lists several aliases of one key, and deleting one leaves the key and the other alias', async () => {
    const { KeyId } = await createKey(client);
    const first = `alias/${uniqueName('first')}`;
    const second = `alias/${uniqueName('second')}`;
    await client.send(new CreateAliasCommand({ AliasName: first, TargetKeyId: KeyId }));
    await client.send(new CreateAliasCommand({ AliasName: second, TargetKeyId: KeyId }));
    expect((await aliasesOf(KeyId)).map((alias) => alias.AliasName).sort()).toEqual([first, second].sort());

    await client.send(new DeleteAliasCommand({ AliasName: first }));
    expect((await aliasesOf(KeyId)).map((alias) => alias.AliasName)).toEqual([second]);
    const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId }));
    expect(KeyMetadata?.KeyState).toBe('Enabled');
    await expectKmsError(client.send(new DescribeKeyCommand({ KeyId: first })), 'NotFoundException');
  });

  it('pages ListAliases with Limit and Marker until Truncated is false, each alias once', async () => {
    const { KeyId } = await createKey(client);
    const names = [0, 1, 2].map((i) => `alias/${uniqueName(`page-${i}`)}`);
    for (const name of names) await client.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: KeyId }));

    const seen: string[] = [];
    let marker: string | undefined;
    for (let page = 0; ; page++) {
      const listed = await client.send(new ListAliasesCommand({ KeyId, Limit: 2, Marker: marker }));
      expect(listed.Aliases!.length).toBeLessThanOrEqual(2);
      seen.push(...(listed.Aliases ?? []).map((alias) => alias.AliasName!));
      if (!listed.Truncated) break;
      expect(listed.NextMarker).toBeTruthy();
      marker = listed.NextMarker;
      if (page > 10) throw new Error('ListAliases never stopped paging');
    }
    expect(seen.sort()).toEqual([...names].sort());
  });

  it('lists aliases of every key when no KeyId is given', async () => {
    const { KeyId } = await createKey(client);
    const aliasName = `alias/${uniqueName('all')}`;
    await client.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: KeyId }));
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const listed = await client.send(new ListAliasesCommand({ Limit: 100, Marker: marker }));
      names.push(...(listed.Aliases ?? []).map((alias) => alias.AliasName!));
      marker = listed.Truncated ? listed.NextMarker : undefined;
    } while (marker);
    expect(names).toContain(aliasName);
  });

  it('refuses an alias name that is taken with AlreadyExistsException', async () => {
    const [a, b] = await Promise.all([createKey(client), createKey(client)]);
    const aliasName = `alias/${uniqueName('taken')}`;
    await client.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: a.KeyId }));
    await expectKmsError(client.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: b.KeyId })), 'AlreadyExistsException');
    expect((await aliasesOf(b.KeyId)).length).toBe(0);
  });

  it('refuses alias names reserved for AWS or malformed with ValidationException', async () => {
    const { KeyId } = await createKey(client);
    for (const aliasName of [`alias/aws/${uniqueName('reserved')}`, `alias/${uniqueName('x')}/default`, 'alias/has space', 'alias/']) {
      await expectKmsError(client.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: KeyId })), 'ValidationException');
    }
  });

  it('refuses to delete an alias that does not exist with NotFoundException', async () => {
    await expectKmsError(client.send(new DeleteAliasCommand({ AliasName: `alias/${uniqueName('missing')}` })), 'NotFoundException');
  });
});

describe('KeyId as key ID, key ARN, alias/name and alias ARN', () => {
  it('resolves all four forms to the same key in DescribeKey', async () => {
    const { KeyId } = await createKey(client);
    const aliasName = `alias/${uniqueName('forms')}`;
    await client.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: KeyId }));
    for (const form of [KeyId, keyArn(KeyId), aliasName, aliasArn(aliasName)]) {
      const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: form }));
      expect(KeyMetadata?.KeyId, form).toBe(KeyId);
    }
  });

  it('encrypts under every form and decrypts with every form as the expected KeyId', async () => {
    const { KeyId } = await createKey(client);
    const aliasName = `alias/${uniqueName('crypto-forms')}`;
    await client.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: KeyId }));
    const forms = [KeyId, keyArn(KeyId), aliasName, aliasArn(aliasName)];
    for (const [i, form] of forms.entries()) {
      const plaintext = Buffer.from(`secret via ${form}`);
      const encrypted = await client.send(new EncryptCommand({ KeyId: form, Plaintext: plaintext }));
      expect(encrypted.KeyId, form).toBe(keyArn(KeyId));
      const decryptForm = forms[(i + 1) % forms.length];
      const decrypted = await client.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, KeyId: decryptForm }));
      expect(Buffer.from(decrypted.Plaintext!)).toEqual(plaintext);
      expect(decrypted.KeyId).toBe(keyArn(KeyId));
    }
  });

  it('refuses ARNs naming another account, unknown keys and unknown aliases with NotFoundException', async () => {
    const { KeyId } = await createKey(client);
    const aliasName = `alias/${uniqueName('acct')}`;
    await client.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: KeyId }));
    const unknown = [
      `arn:aws:kms:eu-west-3:111122223333:key/${KeyId}`,
      `arn:aws:kms:eu-west-3:111122223333:${aliasName}`,
      '0b7f4a2e-9c1d-4e5f-8a6b-3c2d1e0f9a8b',
      `alias/${uniqueName('never-created')}`,
    ];
    for (const keyIdForm of unknown) {
      await expectKmsError(client.send(new DescribeKeyCommand({ KeyId: keyIdForm })), 'NotFoundException');
    }
  });
});

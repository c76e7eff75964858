// Hostile and unhonoured request members against the running listener, as clients send them: encryption
// context keys named like Object.prototype members (raw signed JSON for "__proto__", which the SDK's own
// serialiser may drop), CreateAlias targets, and AWS members Keyfort refuses rather than ignores.
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  ListAliasesCommand,
  ListKeysCommand,
} from '@aws-sdk/client-kms';
import { describe, expect, inject, it } from 'vitest';
import { aliasArn, createKey, expectKmsError, keyArn, kmsClient, uniqueName } from './support/client';
import { rawKmsRequest } from './support/raw-http';

const client = kmsClient();
const keyfort = inject('keyfort');
const raw = (operation: string, body: string) =>
  rawKmsRequest({ endpoint: keyfort.endpoint, operation, body, credentials: { accessKeyId: keyfort.accessKeyId, secretAccessKey: keyfort.secretAccessKey } });

describe('encryption context keys named like Object.prototype members', () => {
  const plaintext = Buffer.from('bound').toString('base64');

  it('binds "__proto__" (raw signed JSON): decrypts only with the same key and value', async () => {
    const { KeyId } = await createKey(client);
    const encrypted = await raw('Encrypt', `{"KeyId":"${KeyId}","Plaintext":"${plaintext}","EncryptionContext":{"__proto__":"x"}}`);
    expect(encrypted.status, encrypted.text).toBe(200);
    const blob = encrypted.json!.CiphertextBlob as string;
    const decrypt = (context: string | null) => raw('Decrypt', `{"CiphertextBlob":"${blob}"${context === null ? '' : `,"EncryptionContext":${context}`}}`);
    for (const context of [null, '{}', '{"__proto__":"y"}', '{"__proto__":"x","extra":"1"}']) {
      const refused = await decrypt(context);
      expect({ status: refused.status, type: refused.json?.__type }, String(context)).toEqual({ status: 400, type: 'InvalidCiphertextException' });
    }
    const opened = await decrypt('{"__proto__":"x"}');
    expect(opened.json).toMatchObject({ Plaintext: plaintext, KeyId: keyArn(KeyId, 'us-east-1') });
  });

  it.each(['constructor', 'toString', 'hasOwnProperty'])('binds %j through the SDK', async (name) => {
    const { KeyId } = await createKey(client);
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('bound'), EncryptionContext: { [name]: 'x' } }));
    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob })), 'InvalidCiphertextException');
    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { [name]: 'y' } })), 'InvalidCiphertextException');
    const opened = await client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { [name]: 'x' } }));
    expect(Buffer.from(opened.Plaintext!).toString()).toBe('bound');
  });
});

describe('CreateAlias TargetKeyId', () => {
  it('accepts a key ID and a key ARN; refuses an alias name and an alias ARN with ValidationException, adding nothing', async () => {
    const { KeyId } = await createKey(client);
    const first = `alias/${uniqueName('target')}`;
    await client.send(new CreateAliasCommand({ AliasName: first, TargetKeyId: KeyId }));
    const second = `alias/${uniqueName('target')}`;
    await client.send(new CreateAliasCommand({ AliasName: second, TargetKeyId: keyArn(KeyId) }));
    for (const target of [first, aliasArn(first)]) {
      const error = await expectKmsError(client.send(new CreateAliasCommand({ AliasName: `alias/${uniqueName('chain')}`, TargetKeyId: target })), 'ValidationException');
      expect(error.message).toContain('Aliases must refer to keys');
    }
    const { Aliases } = await client.send(new ListAliasesCommand({ KeyId }));
    expect(Aliases!.map((alias) => alias.AliasName).sort()).toEqual([first, second].sort());
  });
});

describe('AWS members Keyfort does not honour', () => {
  const keyCount = async () => {
    let count = 0;
    let Marker: string | undefined;
    do {
      const page = await client.send(new ListKeysCommand({ Marker }));
      count += page.Keys!.length;
      Marker = page.NextMarker;
    } while (Marker);
    return count;
  };

  it('refuses CreateKey with a Policy or BypassPolicyLockoutSafetyCheck, and creates no key', async () => {
    const before = await keyCount();
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }] });
    const withPolicy = await expectKmsError(client.send(new CreateKeyCommand({ Policy: policy })), 'UnsupportedOperationException');
    expect(withPolicy.message).toContain('key policies');
    const bypass = await expectKmsError(client.send(new CreateKeyCommand({ BypassPolicyLockoutSafetyCheck: true })), 'UnsupportedOperationException');
    expect(bypass.message).toContain('BypassPolicyLockoutSafetyCheck');
    expect(await keyCount()).toBe(before);
  });

  it('refuses Recipient on Decrypt and GenerateDataKey instead of answering in clear', async () => {
    const { KeyId } = await createKey(client);
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('for an enclave only') }));
    const Recipient = { KeyEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' as const, AttestationDocument: Buffer.from('not an attestation') };
    const decrypt = await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob, Recipient })), 'UnsupportedOperationException');
    expect(decrypt.message).toContain('Recipient');
    await expectKmsError(client.send(new GenerateDataKeyCommand({ KeyId, KeySpec: 'AES_256', Recipient })), 'UnsupportedOperationException');
    // The key is untouched and still decrypts without Recipient.
    expect((await client.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata?.KeyState).toBe('Enabled');
    expect(Buffer.from((await client.send(new DecryptCommand({ CiphertextBlob }))).Plaintext!).toString()).toBe('for an enclave only');
  });
});

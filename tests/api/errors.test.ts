// Every exception name of SPEC §7, provoked once through the real SDK. Other files cover each in context;
// this one is the checklist. Access keys with lesser roles and an aged import token come from the domain
// core in this process, on the server's own data folder (support/domain.ts): the API offers neither.
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  ListKeysCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, expectKmsError, kmsClient, uniqueName } from './support/client';
import { createRoleAccessKey, expiredImportParameters, openInProcess, type InProcessKeyfort } from './support/domain';
import { importWithOpenssl, wrapWithOpenssl } from './support/openssl';

const client = kmsClient();
let keyfort: InProcessKeyfort;

beforeAll(async () => {
  keyfort = await openInProcess();
});
afterAll(async () => {
  await keyfort?.close();
});

async function importParameters(keyId: string) {
  const parameters = await client.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
  return { ImportToken: parameters.ImportToken!, PublicKey: parameters.PublicKey! };
}

describe('every SPEC §7 exception through @aws-sdk/client-kms', () => {
  it('NotFoundException: no such key', async () => {
    await expectKmsError(client.send(new DescribeKeyCommand({ KeyId: randomUUID() })), 'NotFoundException');
  });

  it('ValidationException: out-of-range deletion window', async () => {
    const { KeyId } = await createKey(client);
    await expectKmsError(client.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 1 })), 'ValidationException');
  });

  it('AlreadyExistsException: alias taken', async () => {
    const { KeyId } = await createKey(client);
    const AliasName = `alias/${uniqueName('errors')}`;
    await client.send(new CreateAliasCommand({ AliasName, TargetKeyId: KeyId }));
    await expectKmsError(client.send(new CreateAliasCommand({ AliasName, TargetKeyId: KeyId })), 'AlreadyExistsException');
  });

  it('KMSInvalidStateException: scheduling deletion twice', async () => {
    const { KeyId } = await createKey(client);
    await client.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
    await expectKmsError(client.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 })), 'KMSInvalidStateException');
  });

  it('DisabledException: encrypting under a disabled key', async () => {
    const { KeyId } = await createKey(client);
    await client.send(new DisableKeyCommand({ KeyId }));
    await expectKmsError(client.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('x') })), 'DisabledException');
  });

  it('UnsupportedOperationException: import parameters for a generated key', async () => {
    const { KeyId } = await createKey(client);
    await expectKmsError(
      client.send(new GetParametersForImportCommand({ KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })),
      'UnsupportedOperationException',
    );
  });

  it('ExpiredImportTokenException: a genuine token issued more than 24 h ago', async () => {
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    const expired = await expiredImportParameters(keyfort, KeyId);
    expect(expired.parametersValidTo.getTime()).toBeLessThan(Date.now());
    const wrapped = wrapWithOpenssl({ publicKeyDer: expired.publicKeyDer, material: randomBytes(32) });
    await expectKmsError(
      client.send(new ImportKeyMaterialCommand({ KeyId, ImportToken: expired.importToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })),
      'ExpiredImportTokenException',
    );
  });

  it('InvalidImportTokenException: a token Keyfort never issued', async () => {
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    const { PublicKey } = await importParameters(KeyId);
    const wrapped = wrapWithOpenssl({ publicKeyDer: PublicKey, material: randomBytes(32) });
    await expectKmsError(
      client.send(new ImportKeyMaterialCommand({ KeyId, ImportToken: randomBytes(48), EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })),
      'InvalidImportTokenException',
    );
  });

  it('InvalidCiphertextException (wrap): wrapped material that does not unwrap', async () => {
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    const { ImportToken } = await importParameters(KeyId);
    await expectKmsError(
      client.send(new ImportKeyMaterialCommand({ KeyId, ImportToken, EncryptedKeyMaterial: randomBytes(256), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })),
      'InvalidCiphertextException',
    );
  });

  it('InvalidCiphertextException (blob): a tampered ciphertext blob', async () => {
    const { KeyId } = await createKey(client);
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('x') }));
    const tampered = Buffer.from(CiphertextBlob!);
    tampered[tampered.length - 1]! ^= 0x80;
    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob: tampered })), 'InvalidCiphertextException');
  });

  it('IncorrectKeyMaterialException: material other than the bound one', async () => {
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    await importWithOpenssl(client, { keyId: KeyId, material: randomBytes(32) });
    await expectKmsError(importWithOpenssl(client, { keyId: KeyId, material: randomBytes(32) }), 'IncorrectKeyMaterialException');
  });

  it('IncorrectKeyException: decrypting with another key named', async () => {
    const [a, b] = await Promise.all([createKey(client), createKey(client)]);
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: a.KeyId, Plaintext: Buffer.from('x') }));
    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob, KeyId: b.KeyId })), 'IncorrectKeyException');
  });

  it('UnrecognizedClientException: an access key ID Keyfort does not know', async () => {
    const stranger = kmsClient({ accessKeyId: 'KFUNKNOWN0000000000X', secretAccessKey: randomBytes(30).toString('base64') });
    await expectKmsError(stranger.send(new ListKeysCommand({})), 'UnrecognizedClientException');
  });

  it('InvalidSignatureException: a known access key ID signed with the wrong secret', async () => {
    const forger = kmsClient({ secretAccessKey: randomBytes(30).toString('base64') });
    await expectKmsError(forger.send(new ListKeysCommand({})), 'InvalidSignatureException');
  });

  it('AccessDeniedException: a key-user access key may use keys but not create them; an auditor may not encrypt', async () => {
    const { KeyId } = await createKey(client);
    const keyUser = kmsClient(await createRoleAccessKey(keyfort, 'KEY_USER'));
    const encrypted = await keyUser.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('allowed') }));
    expect(encrypted.CiphertextBlob!.length).toBeGreaterThan(0);
    await expectKmsError(keyUser.send(new CreateKeyCommand({})), 'AccessDeniedException');
    await expectKmsError(keyUser.send(new DisableKeyCommand({ KeyId })), 'AccessDeniedException');

    const auditor = kmsClient(await createRoleAccessKey(keyfort, 'AUDITOR'));
    await auditor.send(new DescribeKeyCommand({ KeyId }));
    await expectKmsError(auditor.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('x') })), 'AccessDeniedException');
    await expectKmsError(auditor.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob })), 'AccessDeniedException');
  });
});

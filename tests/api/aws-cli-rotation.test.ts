// Rotation through the AWS CLI v2 (Debian's /usr/bin/aws, 2.9.19): the rotation commands it knows, and its
// ImportKeyMaterial, which predates material versions and sends no ImportType, on a rotated imported key.
// What that CLI cannot ask for (NEW_KEY_MATERIAL, RotateKeyOnDemand) is done with the SDK.
import { DeleteImportedKeyMaterialCommand, RotateKeyOnDemandCommand } from '@aws-sdk/client-kms';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { awsCliShell, type CliShell } from './support/aws-cli';
import { kmsClient, REGION } from './support/client';
import { allVersions, describeKey, importVersion } from './support/material-versions';
import './support/provided';

let shell: CliShell;
const client = kmsClient();

beforeAll(() => {
  const keyfort = inject('keyfort');
  shell = awsCliShell({ endpoint: keyfort.endpoint, accessKeyId: keyfort.accessKeyId, secretAccessKey: keyfort.secretAccessKey, region: REGION });
});

afterAll(() => shell?.dispose());

const rotationEnabled = (keyId: string) =>
  shell.run(`aws kms get-key-rotation-status --endpoint-url "$ENDPOINT" --key-id ${keyId} --query KeyRotationEnabled --output text`).trim();

/** The AWS walk-through's import of `materialFile` (no --import-type: this CLI has none), as an attempt. */
function cliImport(keyId: string, materialFile: string) {
  shell.run(
    `aws kms get-parameters-for-import --endpoint-url "$ENDPOINT" --key-id ${keyId} --wrapping-algorithm RSAES_OAEP_SHA_256 ` +
      '--wrapping-key-spec RSA_2048 --query "[PublicKey,ImportToken]" --output text > ImportParameters.txt',
  );
  shell.run('cut -f1 ImportParameters.txt | base64 -d > PublicKey.bin && cut -f2 ImportParameters.txt | base64 -d > ImportToken.bin');
  shell.run(
    `openssl pkeyutl -encrypt -in ${materialFile} -out EncryptedKeyMaterial.bin -inkey PublicKey.bin -keyform DER -pubin ` +
      '-pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256',
  );
  return shell.attempt(
    `aws kms import-key-material --endpoint-url "$ENDPOINT" --key-id ${keyId} --encrypted-key-material fileb://EncryptedKeyMaterial.bin ` +
      '--import-token fileb://ImportToken.bin --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE',
  );
}

describe('AWS CLI v2 and rotation', () => {
  it('enables, reads and disables automatic rotation of a generated key', () => {
    const keyId = shell.run('aws kms create-key --endpoint-url "$ENDPOINT" --query KeyMetadata.KeyId --output text').trim();
    expect(rotationEnabled(keyId)).toBe('False');
    shell.run(`aws kms enable-key-rotation --endpoint-url "$ENDPOINT" --key-id ${keyId}`);
    expect(rotationEnabled(keyId)).toBe('True');
    shell.run(`aws kms disable-key-rotation --endpoint-url "$ENDPOINT" --key-id ${keyId}`);
    expect(rotationEnabled(keyId)).toBe('False');
  });

  it('shows UnsupportedOperationException for enable-key-rotation on an imported key', () => {
    const keyId = shell.run('aws kms create-key --endpoint-url "$ENDPOINT" --origin EXTERNAL --query KeyMetadata.KeyId --output text').trim();
    shell.run('openssl rand -out Material.bin 32');
    expect(cliImport(keyId, 'Material.bin').status).toBe(0);
    const refused = shell.attempt(`aws kms enable-key-rotation --endpoint-url "$ENDPOINT" --key-id ${keyId}`);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('(UnsupportedOperationException)');
  });

  it('re-imports the CURRENT version when import-key-material names no version on a rotated key', async () => {
    const keyId = shell.run('aws kms create-key --endpoint-url "$ENDPOINT" --origin EXTERNAL --query KeyMetadata.KeyId --output text').trim();
    shell.run('openssl rand -out FirstMaterial.bin 32 && openssl rand -out SecondMaterial.bin 32');
    expect(cliImport(keyId, 'FirstMaterial.bin').status).toBe(0);
    const first = (await describeKey(client, keyId)).CurrentKeyMaterialId!;
    const secondMaterial = readFileSync(path.join(shell.dir, 'SecondMaterial.bin'));
    const second = (await importVersion(client, { keyId, material: secondMaterial, overrides: { ImportType: 'NEW_KEY_MATERIAL' } })).KeyMaterialId!;
    await client.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    // Without KeyMaterialId, the CURRENT (second) version's material goes.
    expect((await client.send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId }))).KeyMaterialId).toBe(second);

    const older = cliImport(keyId, 'FirstMaterial.bin');
    expect(older.status).not.toBe(0);
    expect(older.stderr).toContain('(IncorrectKeyMaterialException)');
    expect((await describeKey(client, keyId)).KeyState).toBe('PendingImport');

    expect(cliImport(keyId, 'SecondMaterial.bin').status).toBe(0);
    expect(await describeKey(client, keyId)).toMatchObject({ KeyState: 'Enabled', CurrentKeyMaterialId: second });
    expect((await allVersions(client, keyId)).map((v) => [v.KeyMaterialId, v.KeyMaterialState, v.ImportState])).toEqual([
      [first, 'NON_CURRENT', 'IMPORTED'],
      [second, 'CURRENT', 'IMPORTED'],
    ]);
  });
});

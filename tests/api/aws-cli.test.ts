// The AWS CLI v2 (Debian's /usr/bin/aws) with openssl, importing key material exactly as the AWS KMS
// documentation walks a user through it, with only --endpoint-url added. The CLI signs four headers and
// sends no x-amz-content-sha256, unlike the JS SDK: this is the other client Keyfort must verify.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { awsCliShell, type CliShell } from './support/aws-cli';
import { REGION } from './support/client';
import './support/provided';

let shell: CliShell;

beforeAll(() => {
  const keyfort = inject('keyfort');
  shell = awsCliShell({ endpoint: keyfort.endpoint, accessKeyId: keyfort.accessKeyId, secretAccessKey: keyfort.secretAccessKey, region: REGION });
});

afterAll(() => shell?.dispose());

describe('AWS CLI v2', () => {
  it('is the CLI v2 from /usr/bin, whatever else is on PATH', () => {
    expect(shell.run('command -v aws').trim()).toBe('/usr/bin/aws');
    expect(shell.run('aws --version')).toMatch(/^aws-cli\/2\./);
  });

  it('imports openssl-wrapped material following the AWS walk-through, then encrypts and decrypts with fileb://', () => {
    // Step 1: a key without key material.
    const keyId = shell.run('aws kms create-key --endpoint-url "$ENDPOINT" --origin EXTERNAL --query KeyMetadata.KeyId --output text').trim();
    expect(keyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(shell.run(`aws kms describe-key --endpoint-url "$ENDPOINT" --key-id ${keyId} --query KeyMetadata.KeyState --output text`).trim()).toBe(
      'PendingImport',
    );

    // Step 2: key material: 256 bits of symmetric key material.
    shell.run('openssl rand -out PlaintextKeyMaterial.bin 32');

    // Step 3: the public key and import token, base64 in the CLI's text output, decoded into binary files.
    shell.run(
      `aws kms get-parameters-for-import --endpoint-url "$ENDPOINT" --key-id ${keyId} ` +
        '--wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_2048 ' +
        '--query "[PublicKey,ImportToken]" --output text > ImportParameters.txt',
    );
    shell.run('cut -f1 ImportParameters.txt | base64 -d > PublicKey.bin');
    shell.run('cut -f2 ImportParameters.txt | base64 -d > ImportToken.bin');

    // Step 4: encrypt the key material with the public key.
    shell.run(
      'openssl pkeyutl -encrypt -in PlaintextKeyMaterial.bin -out EncryptedKeyMaterial.bin -inkey PublicKey.bin ' +
        '-keyform DER -pubin -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256',
    );

    // Step 5: import it.
    shell.run(
      `aws kms import-key-material --endpoint-url "$ENDPOINT" --key-id ${keyId} ` +
        '--encrypted-key-material fileb://EncryptedKeyMaterial.bin --import-token fileb://ImportToken.bin ' +
        '--expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE',
    );
    const described = JSON.parse(shell.run(`aws kms describe-key --endpoint-url "$ENDPOINT" --key-id ${keyId} --output json`)) as {
      KeyMetadata: Record<string, unknown>;
    };
    expect(described.KeyMetadata).toMatchObject({ KeyId: keyId, KeyState: 'Enabled', Enabled: true, Origin: 'EXTERNAL', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });

    // Use it: encrypt a file, decrypt the ciphertext blob file, compare.
    writeFileSync(path.join(shell.dir, 'Plaintext.txt'), 'hello from the AWS CLI\n');
    shell.run(
      `aws kms encrypt --endpoint-url "$ENDPOINT" --key-id ${keyId} --plaintext fileb://Plaintext.txt ` +
        '--encryption-context purpose=cli-test --query CiphertextBlob --output text | base64 -d > Ciphertext.bin',
    );
    shell.run(
      'aws kms decrypt --endpoint-url "$ENDPOINT" --ciphertext-blob fileb://Ciphertext.bin ' +
        '--encryption-context purpose=cli-test --query Plaintext --output text | base64 -d > Decrypted.txt',
    );
    expect(readFileSync(path.join(shell.dir, 'Decrypted.txt'), 'utf8')).toBe('hello from the AWS CLI\n');
  });

  it('shows Keyfort refusals the way the CLI shows AWS errors, with the exception name', () => {
    const result = shell.attempt('aws kms describe-key --endpoint-url "$ENDPOINT" --key-id alias/does-not-exist-in-keyfort');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('(NotFoundException)');
  });

  it('is refused with the wrong secret (InvalidSignatureException)', () => {
    const result = shell.attempt('AWS_SECRET_ACCESS_KEY=wrong-secret-wrong-secret-wrong aws kms list-keys --endpoint-url "$ENDPOINT"');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('(InvalidSignatureException)');
  });

  it('works against the / path of the API listener too', () => {
    const out = shell.run('aws kms list-keys --endpoint-url "${ENDPOINT%/api/aws}/" --max-items 1 --output json');
    expect(JSON.parse(out)).toHaveProperty('Keys');
  });
});

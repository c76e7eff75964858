import {
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  type ImportKeyMaterialCommandInput,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordSecret } from '../../support/test-logs.mjs';

/** Runs `body` in a fresh temp folder that is removed afterwards (material never outlives the test). */
export function inTempDir<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyfort-api-openssl-'));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Wraps key material the way users do: `openssl pkeyutl` with RSAES-OAEP (SHA-256, MGF1-SHA-256 by default),
 * the public key as handed out by GetParametersForImport (DER SubjectPublicKeyInfo).
 */
export function wrapWithOpenssl(options: { publicKeyDer: Uint8Array; material: Uint8Array; oaepHash?: 'sha256' | 'sha1' }): Buffer {
  const hash = options.oaepHash ?? 'sha256';
  recordSecret('key-material', options.material);
  return inTempDir((dir) => {
    const publicKey = path.join(dir, 'PublicKey.bin');
    const plaintext = path.join(dir, 'PlaintextKeyMaterial.bin');
    const wrapped = path.join(dir, 'EncryptedKeyMaterial.bin');
    writeFileSync(publicKey, options.publicKeyDer);
    writeFileSync(plaintext, options.material, { mode: 0o600 });
    execFileSync('openssl', [
      'pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', publicKey, '-in', plaintext, '-out', wrapped,
      '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${hash}`, '-pkeyopt', `rsa_mgf1_md:${hash}`,
    ]);
    return readFileSync(wrapped);
  });
}

/** 32 random bytes from `openssl rand`, as the AWS import guide generates key material. */
export function opensslRandomMaterial(): Buffer {
  const material = execFileSync('openssl', ['rand', '32']);
  recordSecret('key-material', material);
  return material;
}

/**
 * Bring your own key through the SDK: GetParametersForImport (RSAES_OAEP_SHA_256, RSA_2048), wrap with
 * openssl, ImportKeyMaterial (never expires unless overridden).
 */
export async function importWithOpenssl(
  client: KMSClient,
  options: { keyId: string; material: Uint8Array; overrides?: Partial<ImportKeyMaterialCommandInput> },
): Promise<void> {
  const parameters = await client.send(
    new GetParametersForImportCommand({ KeyId: options.keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
  );
  if (!parameters.PublicKey || !parameters.ImportToken) throw new Error('GetParametersForImport returned no PublicKey/ImportToken');
  const wrapped = wrapWithOpenssl({ publicKeyDer: parameters.PublicKey, material: options.material });
  await client.send(
    new ImportKeyMaterialCommand({
      KeyId: options.keyId,
      ImportToken: parameters.ImportToken,
      EncryptedKeyMaterial: wrapped,
      ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      ...options.overrides,
    }),
  );
}

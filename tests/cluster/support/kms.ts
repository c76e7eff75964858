// What the cluster tests do through the AWS SDK, and how they read its refusals.
import {
  CreateKeyCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  type ImportKeyMaterialCommandInput,
  type KMSClient,
  KMSServiceException,
} from '@aws-sdk/client-kms';
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';

/** An answer the way a test compares outcomes: 'OK' or the exception name (with its HTTP status). */
export interface TOutcome {
  result: string;
  status?: number;
  message?: string;
}

export async function outcomeOf(call: Promise<unknown>): Promise<TOutcome> {
  try {
    await call;
    return { result: 'OK' };
  } catch (error) {
    if (error instanceof KMSServiceException) return { result: error.name, status: error.$metadata.httpStatusCode, message: error.message };
    // No HTTP answer at all (connection refused or reset, aborted): named by its code or class.
    const code = (error as { code?: unknown }).code;
    return { result: typeof code === 'string' ? code : (error as Error).name, message: (error as Error).message };
  }
}

export async function createExternalKey(kms: KMSClient, description = 'cluster tests'): Promise<string> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL', Description: description }));
  return KeyMetadata!.KeyId!;
}

export async function createKey(kms: KMSClient, description = 'cluster tests'): Promise<string> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: description }));
  return KeyMetadata!.KeyId!;
}

export interface TImportParameters {
  importToken: Uint8Array;
  publicKey: Uint8Array;
}

export async function importParameters(kms: KMSClient, keyId: string): Promise<TImportParameters> {
  const parameters = await kms.send(
    new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
  );
  return { importToken: parameters.ImportToken!, publicKey: parameters.PublicKey! };
}

/** RSAES-OAEP with SHA-256 under the import's public key, as `openssl pkeyutl` wraps it for AWS. */
export function wrapMaterial(publicKeyDer: Uint8Array, material: Buffer): Buffer {
  return publicEncrypt(
    {
      key: createPublicKey({ key: Buffer.from(publicKeyDer), format: 'der', type: 'spki' }),
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
    },
    material,
  );
}

export const newMaterial = (): Buffer => randomBytes(32);

export function importCommand(
  keyId: string,
  parameters: TImportParameters,
  material: Buffer,
  overrides: Partial<ImportKeyMaterialCommandInput> = {},
): ImportKeyMaterialCommand {
  return new ImportKeyMaterialCommand({
    KeyId: keyId,
    ImportToken: parameters.importToken,
    EncryptedKeyMaterial: wrapMaterial(parameters.publicKey, material),
    ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    ...overrides,
  });
}

/** Parameters from `kms`, then the import through the same instance. */
export async function importMaterial(kms: KMSClient, keyId: string, material: Buffer, overrides: Partial<ImportKeyMaterialCommandInput> = {}): Promise<void> {
  await kms.send(importCommand(keyId, await importParameters(kms, keyId), material, overrides));
}

/** Polls `probe` until it returns true; resolves with the elapsed milliseconds, or throws past `withinMs`. */
export async function waitUntil(probe: () => Promise<boolean>, options: { withinMs: number; everyMs?: number; what: string }): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await probe()) return performance.now() - started;
    const elapsed = performance.now() - started;
    if (elapsed > options.withinMs) throw new Error(`${options.what}: not within ${options.withinMs} ms (waited ${Math.round(elapsed)} ms)`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 25));
  }
}

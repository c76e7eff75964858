// Import attempts that must fail without harm. A failed unwrap counts against its token (the fifth burns it,
// SPEC §3), so hostile wraps are spread over fresh tokens, each proved still alive afterwards by importing
// the key's genuine material with it.
import {
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  type KMSClient,
  type WrappingKeySpec,
} from '@aws-sdk/client-kms';
import { createCipheriv, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { recordSecret } from '../../support/test-logs.mjs';
import { wrapWithOpenssl } from './openssl';
import { expectRefused, keySnapshot, type TRefusal } from './refusals';

export type TOaepAlgorithm = 'RSAES_OAEP_SHA_256' | 'RSAES_OAEP_SHA_1';
export type TWrappingAlgorithm = TOaepAlgorithm | 'RSA_AES_KEY_WRAP_SHA_256';
export const OPENSSL_HASH = { RSAES_OAEP_SHA_256: 'sha256', RSAES_OAEP_SHA_1: 'sha1' } as const;
// RFC 5649's alternative initial value; OpenSSL appends the length indicator itself.
const KWP_IV = Buffer.from('a65959a6', 'hex');

/**
 * RSA_AES_KEY_WRAP_SHA_256 (SPEC §3): the ephemeral AES-256 key under RSA-OAEP-SHA-256, followed by the
 * material under that key with AES key wrap with padding. `aesPart` replaces the second half as given.
 */
export function rsaAesKeyWrap(options: { publicKeyDer: Uint8Array; ephemeral: Uint8Array; material?: Uint8Array; aesPart?: Uint8Array }): Buffer {
  const rsaPart = wrapWithOpenssl({ publicKeyDer: options.publicKeyDer, material: options.ephemeral });
  const cipher = createCipheriv('id-aes256-wrap-pad', options.ephemeral, KWP_IV);
  const aesPart = options.aesPart ?? Buffer.concat([cipher.update(options.material ?? Buffer.alloc(0)), cipher.final()]);
  return Buffer.concat([rsaPart, aesPart]);
}

/** The genuine material wrapped as `algorithm` prescribes. */
export function genuineWrap(options: { publicKeyDer: Uint8Array; material: Uint8Array; algorithm: TWrappingAlgorithm }): Buffer {
  recordSecret('key-material', options.material);
  const { algorithm } = options;
  if (algorithm === 'RSA_AES_KEY_WRAP_SHA_256') return rsaAesKeyWrap({ ...options, ephemeral: randomBytes(32) });
  return wrapWithOpenssl({ publicKeyDer: options.publicKeyDer, material: options.material, oaepHash: OPENSSL_HASH[algorithm] });
}

/** Below MAX_FAILED_UNWRAPS (5): a token that has failed this often still imports. */
export const FAILURES_A_TOKEN_SURVIVES = 4;

export interface TImportParameters {
  importToken: Uint8Array;
  publicKey: Uint8Array;
}

export async function importParameters(
  client: KMSClient,
  keyId: string,
  options: { algorithm?: TWrappingAlgorithm; keySpec?: WrappingKeySpec } = {},
): Promise<TImportParameters> {
  const parameters = await client.send(
    new GetParametersForImportCommand({
      KeyId: keyId,
      WrappingAlgorithm: options.algorithm ?? 'RSAES_OAEP_SHA_256',
      WrappingKeySpec: options.keySpec ?? 'RSA_2048',
    }),
  );
  if (!parameters.ImportToken || !parameters.PublicKey) throw new Error('GetParametersForImport returned no token or public key');
  return { importToken: parameters.ImportToken, publicKey: parameters.PublicKey };
}

/** ImportKeyMaterial: never expires unless `validTo` is given. */
export function sendImport(
  client: KMSClient,
  options: { keyId: string; importToken: Uint8Array; wrapped: Uint8Array; validTo?: Date },
): Promise<unknown> {
  const expiration = options.validTo
    ? { ExpirationModel: 'KEY_MATERIAL_EXPIRES' as const, ValidTo: options.validTo }
    : { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' as const };
  return client.send(
    new ImportKeyMaterialCommand({ KeyId: options.keyId, ImportToken: options.importToken, EncryptedKeyMaterial: options.wrapped, ...expiration }),
  );
}

export interface THostileWrap extends TRefusal {
  name: string;
  /** The bytes to send as EncryptedKeyMaterial, made for the token's public key. */
  wrap: (parameters: TImportParameters) => Uint8Array;
}

/**
 * Sends each hostile wrap for `keyId` (which holds `material`, imported with `validTo`), at most
 * FAILURES_A_TOKEN_SURVIVES per token. Each must be refused as stated and leave the key as it was; then
 * every token still imports the genuine material, and the key still reads the same.
 */
export async function expectHostileWrapsRefused(
  client: KMSClient,
  options: { keyId: string; material: Uint8Array; validTo?: Date; algorithm?: TWrappingAlgorithm; wraps: THostileWrap[] },
): Promise<void> {
  const { keyId, algorithm = 'RSAES_OAEP_SHA_256' } = options;
  const before = await keySnapshot(client, keyId);
  for (let start = 0; start < options.wraps.length; start += FAILURES_A_TOKEN_SURVIVES) {
    const parameters = await importParameters(client, keyId, { algorithm });
    for (const hostile of options.wraps.slice(start, start + FAILURES_A_TOKEN_SURVIVES)) {
      const wrapped = hostile.wrap(parameters);
      await expectRefused(sendImport(client, { keyId, importToken: parameters.importToken, wrapped, validTo: options.validTo }), hostile).catch(
        (error: Error) => {
          throw new Error(`${hostile.name}: ${error.message}`);
        },
      );
      expect(await keySnapshot(client, keyId), hostile.name).toEqual(before);
    }
    const genuine = genuineWrap({ publicKeyDer: parameters.publicKey, material: options.material, algorithm });
    await sendImport(client, { keyId, importToken: parameters.importToken, wrapped: genuine, validTo: options.validTo });
    expect(await keySnapshot(client, keyId)).toEqual(before);
  }
}

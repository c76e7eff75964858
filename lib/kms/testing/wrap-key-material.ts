import { constants, createCipheriv, createPublicKey, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import type { TWrappingAlgorithm } from '../crypto/wrapping';

// What a user's tooling (OpenSSL, an AWS SDK, an HSM) produces from the import parameters. Test-only:
// Keyfort itself never wraps material.

const KWP_IV = Buffer.from('a65959a6', 'hex');

export function oaepWrap(options: { publicKey: KeyObject; hash: 'sha1' | 'sha256'; data: Uint8Array }): Buffer {
  return publicEncrypt({ key: options.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: options.hash }, options.data);
}

/** AES key wrap with padding (RFC 5649), as `openssl enc -id-aes256-wrap-pad -iv A65959A6`. */
export function kwpWrap(options: { kek: Uint8Array; data: Uint8Array }): Buffer {
  const cipher = createCipheriv(`id-aes${options.kek.length * 8}-wrap-pad`, options.kek, KWP_IV);
  return Buffer.concat([cipher.update(options.data), cipher.final()]);
}

export interface TWrapKeyMaterialOptions {
  /** A KeyObject, or the DER SubjectPublicKeyInfo that getImportParameters returns. */
  publicKey: KeyObject | Uint8Array;
  algorithm: TWrappingAlgorithm;
  material: Uint8Array;
  /** RSA_AES_KEY_WRAP_SHA_256 only; random by default. */
  ephemeralKey?: Uint8Array;
}

export function wrapKeyMaterial(options: TWrapKeyMaterialOptions): Buffer {
  const publicKey =
    options.publicKey instanceof Uint8Array
      ? createPublicKey({ key: Buffer.from(options.publicKey), format: 'der', type: 'spki' })
      : options.publicKey;
  const { algorithm, material } = options;
  if (algorithm === 'RSAES_OAEP_SHA_256') return oaepWrap({ publicKey, hash: 'sha256', data: material });
  if (algorithm === 'RSAES_OAEP_SHA_1') return oaepWrap({ publicKey, hash: 'sha1', data: material });
  const ephemeralKey = options.ephemeralKey ?? randomBytes(32);
  return Buffer.concat([oaepWrap({ publicKey, hash: 'sha256', data: ephemeralKey }), kwpWrap({ kek: ephemeralKey, data: material })]);
}

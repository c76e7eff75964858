import {
  constants,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { KmsError, isKmsError } from '../errors';

// Import of external key material (SPEC §3–§4): the user wraps 32 bytes under the public half of an
// import token's RSA key pair; Keyfort unwraps with the private half.

export const WRAPPING_ALGORITHMS = ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256'] as const;
export type TWrappingAlgorithm = (typeof WRAPPING_ALGORITHMS)[number];
export const DEFAULT_WRAPPING_ALGORITHM: TWrappingAlgorithm = 'RSAES_OAEP_SHA_256';

// PKCS #1 v1.5 encryption is a Bleichenbacher padding oracle waiting to happen; it is never offered.
export const REFUSED_WRAPPING_ALGORITHMS = ['RSAES_PKCS1_V1_5'] as const;

export const WRAPPING_KEY_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096'] as const;
export type TWrappingKeySpec = (typeof WRAPPING_KEY_SPECS)[number];
export const DEFAULT_WRAPPING_KEY_SPEC: TWrappingKeySpec = 'RSA_3072';
export const WRAPPING_KEY_MODULUS_BITS = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 } as const satisfies Record<
  TWrappingKeySpec,
  number
>;

export type TOaepHash = 'sha256' | 'sha1';

const EPHEMERAL_AES_KEY_BYTES = 32;
// RFC 5649 §3 alternative initial value; OpenSSL appends the 32-bit length indicator itself.
const KWP_IV = Buffer.from('a65959a6', 'hex');
const KWP_CIPHERS: Record<number, string> = { 16: 'id-aes128-wrap-pad', 24: 'id-aes192-wrap-pad', 32: 'id-aes256-wrap-pad' };

export function isWrappingAlgorithm(value: unknown): value is TWrappingAlgorithm {
  return (WRAPPING_ALGORITHMS as readonly unknown[]).includes(value);
}

export function isWrappingKeySpec(value: unknown): value is TWrappingKeySpec {
  return (WRAPPING_KEY_SPECS as readonly unknown[]).includes(value);
}

export function parseWrappingAlgorithm(value: unknown): TWrappingAlgorithm {
  if (value === 'RSAES_PKCS1_V1_5') {
    throw new KmsError(
      'VALIDATION',
      'The wrapping algorithm RSAES_PKCS1_V1_5 is not supported because it is open to padding-oracle attacks. Use RSAES_OAEP_SHA_256.',
    );
  }
  if (!isWrappingAlgorithm(value)) {
    throw new KmsError('VALIDATION', `The wrapping algorithm must be one of ${WRAPPING_ALGORITHMS.join(', ')}.`);
  }
  return value;
}

export function parseWrappingKeySpec(value: unknown): TWrappingKeySpec {
  if (!isWrappingKeySpec(value)) {
    throw new KmsError('VALIDATION', `The wrapping key spec must be one of ${WRAPPING_KEY_SPECS.join(', ')}.`);
  }
  return value;
}

// Every unwrap failure looks the same: which check failed (length, OAEP decoding, KWP integrity) is
// exactly what a padding oracle needs, and OpenSSL's reason strings say it.
function wrapInvalid(): KmsError {
  return new KmsError('WRAP_INVALID', 'The wrapped key material could not be unwrapped with this import token.');
}

/** The token's private key as stored (PKCS #8 DER, once unsealed). A malformed key is an internal fault. */
export function loadWrappingPrivateKey(pkcs8Der: Buffer): KeyObject {
  return createPrivateKey({ key: pkcs8Der, format: 'der', type: 'pkcs8' });
}

export function exportPublicKeyDer(publicKey: KeyObject): Buffer {
  return publicKey.export({ type: 'spki', format: 'der' });
}

export function publicKeyDerToPem(spkiDer: Buffer): string {
  return createPublicKey({ key: spkiDer, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }).toString();
}

function modulusBytes(privateKey: KeyObject): number {
  const bits = privateKey.asymmetricKeyDetails?.modulusLength;
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'rsa' || !bits) {
    throw new TypeError('An RSA private key is required to unwrap key material');
  }
  return Math.ceil(bits / 8);
}

/** RSAES-OAEP decryption, MGF1 with the same hash, empty label (Keyfort never uses labels). */
export function rsaOaepDecrypt(options: { privateKey: KeyObject; hash: TOaepHash; ciphertext: Uint8Array }): Buffer {
  // RFC 8017 §7.1.2 step 1: a ciphertext that is not exactly k bytes is a decryption error, not a number to pad.
  if (options.ciphertext.length !== modulusBytes(options.privateKey)) throw wrapInvalid();
  try {
    return privateDecrypt(
      { key: options.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: options.hash },
      options.ciphertext,
    );
  } catch {
    throw wrapInvalid();
  }
}

/** AES key wrap with padding (RFC 5649) under a 128/192/256-bit KEK; Keyfort itself only uses 256. */
export function aesKeyUnwrapWithPadding(options: { kek: Uint8Array; wrapped: Uint8Array }): Buffer {
  const cipher = KWP_CIPHERS[options.kek.length];
  if (!cipher) throw new RangeError('The key-encryption key must be 16, 24 or 32 bytes');
  // OpenSSL returns an empty plaintext for an empty input instead of failing; RFC 5649 output is ≥ 2 blocks.
  if (options.wrapped.length < 16 || options.wrapped.length % 8 !== 0) throw wrapInvalid();
  let head: Buffer | undefined;
  let tail: Buffer | undefined;
  try {
    const decipher = createDecipheriv(cipher, options.kek, KWP_IV);
    head = decipher.update(options.wrapped);
    tail = decipher.final();
    return Buffer.concat([head, tail]);
  } catch {
    throw wrapInvalid();
  } finally {
    head?.fill(0);
    tail?.fill(0);
  }
}

function unwrapRsaAesKeyWrap(privateKey: KeyObject, wrapped: Uint8Array): Buffer {
  const rsaBytes = modulusBytes(privateKey);
  let ephemeral: Buffer | undefined;
  let rsaPartValid = true;
  try {
    ephemeral = rsaOaepDecrypt({ privateKey, hash: 'sha256', ciphertext: wrapped.subarray(0, rsaBytes) });
  } catch (error) {
    if (!isKmsError(error)) throw error;
    rsaPartValid = false;
  }
  try {
    // A 16-byte key would silently downgrade to AES-128; the spec says AES-256, so anything else is refused.
    if (!ephemeral || ephemeral.length !== EPHEMERAL_AES_KEY_BYTES) {
      ephemeral?.fill(0);
      ephemeral = randomBytes(EPHEMERAL_AES_KEY_BYTES);
      rsaPartValid = false;
    }
    // On an invalid RSA part the AES part is still unwrapped (under a random key) so both failures take
    // the same path and time, as TLS does against Bleichenbacher: no oracle on OAEP validity.
    const material = aesKeyUnwrapWithPadding({ kek: ephemeral, wrapped: wrapped.subarray(rsaBytes) });
    if (!rsaPartValid) {
      material.fill(0);
      throw wrapInvalid();
    }
    return material;
  } finally {
    ephemeral?.fill(0);
  }
}

export interface TUnwrapKeyMaterialOptions {
  /** As recorded with the import token, never as claimed by the request. */
  algorithm: TWrappingAlgorithm;
  /** The token's private key: a KeyObject or its PKCS #8 DER (the caller zeroes its own copy). */
  privateKey: KeyObject | Buffer;
  wrapped: Uint8Array;
}

/** Returns the unwrapped material; the caller owns the Buffer and must zero it after use. */
export function unwrapKeyMaterial(options: TUnwrapKeyMaterialOptions): Buffer {
  // Re-checked here so a corrupted or hand-edited token record can never reach PKCS #1 v1.5 decryption.
  const algorithm = parseWrappingAlgorithm(options.algorithm);
  const privateKey = Buffer.isBuffer(options.privateKey) ? loadWrappingPrivateKey(options.privateKey) : options.privateKey;
  switch (algorithm) {
    case 'RSAES_OAEP_SHA_256':
      return rsaOaepDecrypt({ privateKey, hash: 'sha256', ciphertext: options.wrapped });
    case 'RSAES_OAEP_SHA_1':
      return rsaOaepDecrypt({ privateKey, hash: 'sha1', ciphertext: options.wrapped });
    case 'RSA_AES_KEY_WRAP_SHA_256':
      return unwrapRsaAesKeyWrap(privateKey, options.wrapped);
  }
}

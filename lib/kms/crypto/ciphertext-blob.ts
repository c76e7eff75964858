import { randomFillSync } from 'node:crypto';
import { GCM_NONCE_BYTES, GCM_TAG_BYTES, aesGcmDecrypt, aesGcmEncrypt, hmacSha256 } from './primitives';

// Layout of version 1 (all fixed-size fields, so the header needs no length prefixes):
//   0   1   version 0x01
//   1  16   key ID (the UUID's 16 raw bytes)
//  17  32   material id (the 64-hex id's 32 raw bytes)
//  49  16   HKDF salt (random)
//  65  12   GCM nonce (random)
//  77   n   ciphertext (n = plaintext length)
//  77+n 16  GCM tag
// AAD = bytes 0..76 ‖ canonical encryption context, so every header byte and the context are authenticated.
//
// Nonce reuse: each message is sealed under its own key, HKDF-SHA256 of the material and the salt (see
// messageKey), with a random nonce on top. A repeated (key, nonce) pair needs a 128-bit salt collision AND a
// 96-bit nonce collision, and the per-message key also lifts GCM's 2^32-random-nonces-per-key limit.
export const CIPHERTEXT_BLOB_V1 = 0x01;
export const KEY_ID_BYTES = 16;
export const MATERIAL_ID_BYTES = 32;
const SALT_BYTES = 16;
const SALT_OFFSET = 1 + KEY_ID_BYTES + MATERIAL_ID_BYTES;
const HEADER_BYTES = SALT_OFFSET + SALT_BYTES + GCM_NONCE_BYTES;
/** The largest plaintext any operation seals (Encrypt's 4096 bytes; data keys are at most 1024). */
export const MAX_SEALED_PLAINTEXT_BYTES = 4096;
export const MIN_CIPHERTEXT_BLOB_BYTES = HEADER_BYTES + 1 + GCM_TAG_BYTES;
export const MAX_CIPHERTEXT_BLOB_BYTES = HEADER_BYTES + MAX_SEALED_PLAINTEXT_BYTES + GCM_TAG_BYTES;
const HKDF_INFO_LABEL = Buffer.from('keyfort ciphertext v1', 'utf8');
const HKDF_FIRST_BLOCK = 0x01;
/** info ‖ counter as HKDF-Expand hashes it: label ‖ salt ‖ 0x01, the salt written in per message. */
const HKDF_INFO_INPUT = Buffer.alloc(HKDF_INFO_LABEL.length + SALT_BYTES + 1);
HKDF_INFO_LABEL.copy(HKDF_INFO_INPUT, 0);
HKDF_INFO_INPUT[HKDF_INFO_INPUT.length - 1] = HKDF_FIRST_BLOCK;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// Key IDs recently sealed under, as header bytes: a key encrypts many messages, and IDs are not secret.
const keyIdBytes = new Map<string, Buffer>();
const MAX_REMEMBERED_KEY_IDS = 1024;

function keyIdToBytes(keyId: string): Buffer {
  const known = keyIdBytes.get(keyId);
  if (known) return known;
  if (!UUID_PATTERN.test(keyId)) throw new RangeError('A ciphertext blob needs a lowercase UUID key ID');
  const bytes = Buffer.from(keyId.replaceAll('-', ''), 'hex');
  if (keyIdBytes.size >= MAX_REMEMBERED_KEY_IDS) keyIdBytes.clear();
  keyIdBytes.set(keyId, bytes);
  return bytes;
}

function bytesToKeyId(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The message key: HKDF-SHA256-Expand(PRK = material, info = label ‖ salt, L = 32), i.e. one HMAC. The
 * Extract step is left out on purpose (RFC 5869 §3.3): the material already is a uniformly random 256-bit
 * key (generated, or imported AES-256 material whose strength AES relies on anyway), so Extract would add no
 * entropy, only a second HMAC on the data plane's hot path. Distinct salts give independent keys (HMAC is a PRF).
 */
export function messageKey(material: Uint8Array, salt: Uint8Array): Buffer {
  if (salt.length !== SALT_BYTES) throw new RangeError(`A message salt is ${SALT_BYTES} bytes`);
  // One contiguous input, one update: each update is a crossing into C++ on the hot path. The buffer is
  // reused (synchronous code, nothing interleaves) and holds nothing secret: a label and a public salt.
  HKDF_INFO_INPUT.set(salt, HKDF_INFO_LABEL.length);
  return hmacSha256({ key: material, data: [HKDF_INFO_INPUT] });
}

// Salt and nonce (adjacent in the header) come from a pool filled by one CSPRNG call per 256 messages:
// a randomFillSync per message cost more than the AES-GCM itself. Each pool byte is used once, and the
// pool is per process (cluster workers are fresh processes, not forks sharing memory). Neither value is secret.
const RANDOM_PER_MESSAGE = SALT_BYTES + GCM_NONCE_BYTES;
const randomPool = Buffer.alloc(RANDOM_PER_MESSAGE * 256);
let randomOffset = randomPool.length;

function takeRandom(target: Buffer, offset: number): void {
  if (randomOffset === randomPool.length) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  randomPool.copy(target, offset, randomOffset, randomOffset + RANDOM_PER_MESSAGE);
  randomOffset += RANDOM_PER_MESSAGE;
}

function aadOf(header: Buffer, encodedContext: Uint8Array): Buffer {
  // The empty context encodes to no bytes: the common case authenticates the header view without a copy.
  return encodedContext.length === 0 ? header : Buffer.concat([header, encodedContext]);
}

export interface TSealBlobOptions {
  keyId: string;
  /** The 32 raw bytes of the key's material id. */
  materialId: Uint8Array;
  material: Uint8Array;
  plaintext: Uint8Array;
  /** From encodeEncryptionContext; empty for no context. */
  encodedContext: Uint8Array;
}

export function sealCiphertextBlob(options: TSealBlobOptions): Buffer {
  const { plaintext } = options;
  if (plaintext.length < 1 || plaintext.length > MAX_SEALED_PLAINTEXT_BYTES) throw new RangeError('Plaintext size out of range');
  if (options.materialId.length !== MATERIAL_ID_BYTES) throw new RangeError(`A material id is ${MATERIAL_ID_BYTES} bytes`);
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header[0] = CIPHERTEXT_BLOB_V1;
  keyIdToBytes(options.keyId).copy(header, 1);
  header.set(options.materialId, 1 + KEY_ID_BYTES);
  takeRandom(header, SALT_OFFSET);
  const salt = header.subarray(SALT_OFFSET, SALT_OFFSET + SALT_BYTES);
  const nonce = header.subarray(SALT_OFFSET + SALT_BYTES);
  const key = messageKey(options.material, salt);
  try {
    const { ciphertext, tag } = aesGcmEncrypt({ key, nonce, plaintext, aad: aadOf(header, options.encodedContext) });
    return Buffer.concat([header, ciphertext, tag], HEADER_BYTES + ciphertext.length + GCM_TAG_BYTES);
  } finally {
    key.fill(0);
  }
}

/** A blob whose structure is sound; nothing in it is authenticated yet. Fields are views into the blob. */
export interface TParsedBlob {
  keyId: string;
  materialId: Buffer;
  header: Buffer;
  salt: Buffer;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/** Null when the bytes cannot be a version-1 blob: wrong size, version or key ID shape. No copies. */
export function parseCiphertextBlob(blob: Uint8Array): TParsedBlob | null {
  if (blob.length < MIN_CIPHERTEXT_BLOB_BYTES || blob.length > MAX_CIPHERTEXT_BLOB_BYTES) return null;
  if (blob[0] !== CIPHERTEXT_BLOB_V1) return null;
  const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.length);
  // Keyfort only issues v4 UUIDs (version nibble 4, variant bits 10); anything else was never written by it.
  // Checked on the bytes: the same test as UUID_PATTERN on the lowercase hex they format to, without a regex.
  if (bytes[1 + 6]! >> 4 !== 4 || (bytes[1 + 8]! & 0xc0) !== 0x80) return null;
  return {
    keyId: bytesToKeyId(bytes.subarray(1, 1 + KEY_ID_BYTES)),
    materialId: bytes.subarray(1 + KEY_ID_BYTES, SALT_OFFSET),
    header: bytes.subarray(0, HEADER_BYTES),
    salt: bytes.subarray(SALT_OFFSET, SALT_OFFSET + SALT_BYTES),
    nonce: bytes.subarray(HEADER_BYTES - GCM_NONCE_BYTES, HEADER_BYTES),
    ciphertext: bytes.subarray(HEADER_BYTES, bytes.length - GCM_TAG_BYTES),
    tag: bytes.subarray(bytes.length - GCM_TAG_BYTES),
  };
}

/** Returns the plaintext (the caller owns and zeroes it) or throws CryptoAuthError. */
export function openCiphertextBlob(options: { parsed: TParsedBlob; material: Uint8Array; encodedContext: Uint8Array }): Buffer {
  const { parsed } = options;
  const key = messageKey(options.material, parsed.salt);
  try {
    return aesGcmDecrypt({
      key,
      nonce: parsed.nonce,
      ciphertext: parsed.ciphertext,
      tag: parsed.tag,
      aad: aadOf(parsed.header, options.encodedContext),
    });
  } finally {
    key.fill(0);
  }
}

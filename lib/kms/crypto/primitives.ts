import { createCipheriv, createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

// The only symmetric primitives Keyfort uses, kept tiny so the Wycheproof vectors exercise exactly what
// production runs. Sizes are fixed on purpose: a wrong-sized key, nonce or tag is a programming error,
// never something to "make work".
export const AES_256_KEY_BYTES = 32;
export const GCM_NONCE_BYTES = 12;
export const GCM_TAG_BYTES = 16;

export class CryptoAuthError extends Error {
  constructor() {
    // Deliberately says nothing about the data: callers decide what the failure means.
    super('AES-GCM authentication failed');
    this.name = 'CryptoAuthError';
  }
}

function assertSize(name: string, value: Uint8Array, bytes: number): void {
  if (value.length !== bytes) throw new RangeError(`${name} must be ${bytes} bytes, got ${value.length}`);
}

export interface TAesGcmEncryptOptions {
  key: Uint8Array;
  nonce: Uint8Array;
  plaintext: Uint8Array;
  aad: Uint8Array;
}

export function aesGcmEncrypt(options: TAesGcmEncryptOptions): { ciphertext: Buffer; tag: Buffer } {
  assertSize('AES-256 key', options.key, AES_256_KEY_BYTES);
  assertSize('GCM nonce', options.nonce, GCM_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', options.key, options.nonce, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(options.aad);
  // GCM is a stream mode: update() returns every ciphertext byte and final() none, so no concatenation.
  const ciphertext = cipher.update(options.plaintext);
  const rest = cipher.final();
  return { ciphertext: rest.length === 0 ? ciphertext : Buffer.concat([ciphertext, rest]), tag: cipher.getAuthTag() };
}

export interface TAesGcmDecryptOptions {
  key: Uint8Array;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
  aad: Uint8Array;
}

/** Returns the plaintext or throws CryptoAuthError; never returns unauthenticated bytes. */
export function aesGcmDecrypt(options: TAesGcmDecryptOptions): Buffer {
  assertSize('AES-256 key', options.key, AES_256_KEY_BYTES);
  assertSize('GCM nonce', options.nonce, GCM_NONCE_BYTES);
  // A short tag would silently weaken authentication (Node accepts 4..16 bytes), so only 16 passes.
  if (options.tag.length !== GCM_TAG_BYTES) throw new CryptoAuthError();
  const decipher = createDecipheriv('aes-256-gcm', options.key, options.nonce, { authTagLength: GCM_TAG_BYTES });
  decipher.setAAD(options.aad);
  decipher.setAuthTag(options.tag);
  // GCM releases all plaintext from update(); final() only verifies the tag, so nothing is copied.
  const plaintext = decipher.update(options.ciphertext);
  try {
    decipher.final();
  } catch {
    plaintext.fill(0);
    throw new CryptoAuthError();
  }
  return plaintext;
}

export interface THkdfOptions {
  ikm: Uint8Array;
  salt: Uint8Array;
  info: Uint8Array;
  length: number;
}

/** HKDF-SHA256 (RFC 5869). Throws for lengths above 255 * 32 bytes, as the RFC requires. */
export function hkdfSha256(options: THkdfOptions): Buffer {
  return Buffer.from(hkdfSync('sha256', options.ikm, options.salt, options.info, options.length));
}

export function hmacSha256(options: { key: Uint8Array; data: Uint8Array[] }): Buffer {
  const mac = createHmac('sha256', options.key);
  for (const part of options.data) mac.update(part);
  return mac.digest();
}

/**
 * Constant-time equality for secrets and secret-derived values (check values, material ids, MACs).
 * Length is not secret here, so unequal lengths return false early.
 */
export function constantTimeEqual(a: Uint8Array | string, b: Uint8Array | string): boolean {
  const left = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
  const right = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

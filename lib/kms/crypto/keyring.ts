import { randomBytes } from 'node:crypto';
import {
  AES_256_KEY_BYTES,
  GCM_NONCE_BYTES,
  GCM_TAG_BYTES,
  aesGcmDecrypt,
  aesGcmEncrypt,
  hkdfSha256,
  hmacSha256,
} from './primitives';

/** What a sealed value is for. Each purpose has its own derived key and is bound into the AAD. */
export const SEAL_PURPOSES = ['key-material', 'import-private-key', 'access-key-secret'] as const;
export type SealPurpose = (typeof SEAL_PURPOSES)[number];

/** Secrets handed to other components (e.g. session signing): derived, so the root key never leaves here. */
export const DERIVED_SECRET_NAMES = ['auth-secret'] as const;
export type DerivedSecretName = (typeof DERIVED_SECRET_NAMES)[number];

const HKDF_SALT = Buffer.from('keyfort/root-key/v1', 'utf8');
const SEALED_V1 = 0x01;
const SEALED_MIN_BYTES = 1 + GCM_NONCE_BYTES + GCM_TAG_BYTES;
const CHECK_LABEL = Buffer.from('keyfort root key check value', 'utf8');

export class SealedDataError extends Error {
  constructor(purpose: SealPurpose, keyId: string) {
    // An internal fault (wrong root key or altered row), never a user error; the message names no secret.
    super(`Sealed ${purpose} for key ${keyId} did not open: wrong root key or altered data`);
    this.name = 'SealedDataError';
  }
}

export interface TSealOptions {
  purpose: SealPurpose;
  keyId: string;
  plaintext: Uint8Array;
  /** Extra context the caller binds (e.g. an import token id); must be given again to open. */
  bind?: string;
}

export interface TOpenOptions {
  purpose: SealPurpose;
  keyId: string;
  sealed: Uint8Array;
  bind?: string;
}

export interface Keyring {
  /** Output: version byte 0x01 ‖ 12-byte random nonce ‖ ciphertext ‖ 16-byte tag. */
  seal(options: TSealOptions): Buffer;
  /** The caller owns the returned plaintext and should zero it once used. */
  open(options: TOpenOptions): Buffer;
  /** HMAC-SHA256 of (key id, material) under a dedicated key, 64 lowercase hex characters. */
  materialId(options: { keyId: string; material: Uint8Array }): string;
  /** Stored at first start; a different root key yields a different value. */
  checkValue(): string;
  deriveSecret(options: { name: DerivedSecretName }): Buffer;
}

function derive(rootKey: Uint8Array, label: string): Buffer {
  return hkdfSha256({ ikm: rootKey, salt: HKDF_SALT, info: Buffer.from(`keyfort v1 ${label}`, 'utf8'), length: 32 });
}

/** Length-prefixed so that no two different field lists encode to the same bytes. */
function lengthPrefixed(parts: Uint8Array[]): Uint8Array[] {
  return parts.flatMap((part) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(part.length);
    return [length, part];
  });
}

function sealAad(purpose: SealPurpose, keyId: string, bind: string | undefined): Buffer {
  const fields = [Buffer.from([SEALED_V1]), ...[purpose, keyId, bind ?? ''].map((f) => Buffer.from(f, 'utf8'))];
  return Buffer.concat(lengthPrefixed(fields));
}

export function createKeyring(options: { rootKey: Uint8Array }): Keyring {
  if (options.rootKey.length !== AES_256_KEY_BYTES) {
    throw new RangeError(`The root key must be ${AES_256_KEY_BYTES} bytes, got ${options.rootKey.length}`);
  }
  // Held in this closure only, so serialising or logging the keyring object shows no key bytes.
  const sealKeys = new Map(SEAL_PURPOSES.map((purpose) => [purpose, derive(options.rootKey, `seal ${purpose}`)]));
  const materialIdKey = derive(options.rootKey, 'material-id');
  const checkKey = derive(options.rootKey, 'check-value');
  const secrets = new Map(DERIVED_SECRET_NAMES.map((name) => [name, derive(options.rootKey, `secret ${name}`)]));

  const sealKey = (purpose: SealPurpose): Buffer => {
    const key = sealKeys.get(purpose);
    if (!key) throw new RangeError(`Unknown seal purpose: ${String(purpose)}`);
    return key;
  };

  return {
    seal({ purpose, keyId, plaintext, bind }) {
      const nonce = randomBytes(GCM_NONCE_BYTES);
      const aad = sealAad(purpose, keyId, bind);
      const { ciphertext, tag } = aesGcmEncrypt({ key: sealKey(purpose), nonce, plaintext, aad });
      return Buffer.concat([Buffer.from([SEALED_V1]), nonce, ciphertext, tag]);
    },
    open({ purpose, keyId, sealed, bind }) {
      const key = sealKey(purpose);
      if (sealed.length < SEALED_MIN_BYTES || sealed[0] !== SEALED_V1) throw new SealedDataError(purpose, keyId);
      const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
      try {
        return aesGcmDecrypt({
          key,
          nonce: bytes.subarray(1, 1 + GCM_NONCE_BYTES),
          ciphertext: bytes.subarray(1 + GCM_NONCE_BYTES, bytes.length - GCM_TAG_BYTES),
          tag: bytes.subarray(bytes.length - GCM_TAG_BYTES),
          aad: sealAad(purpose, keyId, bind),
        });
      } catch {
        throw new SealedDataError(purpose, keyId);
      }
    },
    materialId({ keyId, material }) {
      // Fed to the MAC piecewise so the material is never copied into a concatenated buffer.
      const data = lengthPrefixed([Buffer.from(keyId, 'utf8'), material]);
      return hmacSha256({ key: materialIdKey, data }).toString('hex');
    },
    checkValue() {
      return `v1:${hmacSha256({ key: checkKey, data: [CHECK_LABEL] }).toString('hex')}`;
    },
    deriveSecret({ name }) {
      const secret = secrets.get(name);
      if (!secret) throw new RangeError(`Unknown derived secret: ${String(name)}`);
      return Buffer.from(secret);
    },
  };
}

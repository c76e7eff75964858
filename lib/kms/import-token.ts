import { createHash, randomBytes } from 'node:crypto';
import type { Keyring } from './crypto/keyring';
import { KmsError } from './errors';
import type { ImportTokenRecord } from './types';

// The import token (SPEC §3): opaque random bytes handed to the caller once. Keyfort stores only its
// SHA-256, so a database reader cannot present it; the token is long enough that the hash needs no salt.

/** 256 bits (SPEC asks for at least 128). */
export const IMPORT_TOKEN_BYTES = 32;
/** Exactly 24 h (SPEC §3). */
export const IMPORT_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** The fifth failed unwrap destroys the token's private key (SPEC §3). */
export const MAX_FAILED_UNWRAPS = 5;

type TBoundFields = Pick<ImportTokenRecord, 'id' | 'tokenHash' | 'keyId' | 'wrappingAlgorithm' | 'wrappingKeySpec' | 'expiresAt'>;

export function newImportToken(): Buffer {
  return randomBytes(IMPORT_TOKEN_BYTES);
}

export function hashImportToken(token: Uint8Array): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Bound into the sealed private key's AAD (the keyring adds the key ID): a row whose token hash, algorithm
 * or expiry was edited, or a sealed key copied to another row, no longer opens. Without the hash, someone
 * able to write the database could point a real token's private key at a token they know.
 */
function binding(token: TBoundFields): string {
  const expiresAt = token.expiresAt.toISOString();
  return JSON.stringify(['import-token/v1', token.id, token.tokenHash, token.wrappingAlgorithm, token.wrappingKeySpec, expiresAt]);
}

export function sealTokenPrivateKey(options: { keyring: Keyring; token: TBoundFields; privateKeyDer: Uint8Array }): Buffer {
  const { keyring, token } = options;
  return keyring.seal({ purpose: 'import-private-key', keyId: token.keyId, plaintext: options.privateKeyDer, bind: binding(token) });
}

/** PKCS #8 DER of the token's private key; the caller zeroes it. A row that does not open is an internal fault. */
export function openTokenPrivateKey(options: { keyring: Keyring; token: TBoundFields; sealed: Uint8Array }): Buffer {
  const { keyring, token } = options;
  return keyring.open({ purpose: 'import-private-key', keyId: token.keyId, sealed: options.sealed, bind: binding(token) });
}

export type TUsableToken = ImportTokenRecord & { privateKeyCiphertext: Uint8Array };

/**
 * SPEC §4's token checks, in order: valid for this key (TOKEN_INVALID), then not expired (TOKEN_EXPIRED).
 * Used and burned tokens are invalid whatever their age; a token whose private key the sweeper destroyed
 * because it expired is reported as expired, which is what the user needs to hear.
 */
export function assertTokenUsable(options: { token: ImportTokenRecord | null; keyId: string; now: Date }): TUsableToken {
  const { token, now } = options;
  const invalid = () =>
    new KmsError(
      'TOKEN_INVALID',
      'The import token is not valid for this key (unknown, already used, issued for another key, or blocked after too many failed attempts).',
    );
  if (!token || token.keyId !== options.keyId || token.usedAt !== null || token.failedAttempts >= MAX_FAILED_UNWRAPS) throw invalid();
  // The instant itself counts as expired, as for key material.
  if (token.expiresAt.getTime() <= now.getTime()) {
    throw new KmsError('TOKEN_EXPIRED', 'The import token has expired (tokens are valid for 24 hours).');
  }
  const { privateKeyCiphertext } = token;
  if (privateKeyCiphertext === null) throw invalid();
  return { ...token, privateKeyCiphertext };
}

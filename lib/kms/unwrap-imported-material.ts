import type { KmsContext } from './context';
import { unwrapKeyMaterial } from './crypto/wrapping';
import { KmsError, isKmsError } from './errors';
import { assertTokenUsable, openTokenPrivateKey, type TUsableToken } from './import-token';
import { KEY_MATERIAL_BYTES, sealMaterial, type TSealedMaterial } from './seal-material';
import type { KeyStoreTx } from './store';
import type { KeyRecord } from './types';

export interface TUnwrapImportedMaterialOptions {
  ctx: KmsContext;
  tx: KeyStoreTx;
  /** As read in this transaction, after its state allowed the import. */
  key: KeyRecord;
  now: Date;
  tokenHash: string;
  encryptedKeyMaterial: Uint8Array;
  /** Told which token failed to unwrap, so the caller can count it after the rollback. */
  onUnwrapFailure: (tokenId: string) => void;
}

export interface TUnwrappedMaterial {
  tokenId: string;
  sealed: TSealedMaterial;
}

/** The unwrapped material, or WRAP_INVALID; the private key's plaintext is zeroed either way. */
function unwrap(options: TUnwrapImportedMaterialOptions, token: TUsableToken): Buffer {
  const privateKeyDer = openTokenPrivateKey({ keyring: options.ctx.keyring, token, sealed: token.privateKeyCiphertext });
  try {
    return unwrapKeyMaterial({ algorithm: token.wrappingAlgorithm, privateKey: privateKeyDer, wrapped: options.encryptedKeyMaterial });
  } catch (error) {
    if (isKmsError(error) && error.code === 'WRAP_INVALID') options.onUnwrapFailure(token.id);
    throw error;
  } finally {
    privateKeyDer.fill(0);
  }
}

/**
 * SPEC §4's checks after the state, in order: token valid for this key → not expired → unwraps (with the
 * algorithm recorded with the token, never one the request names) → 32 bytes. Returns the material sealed,
 * with its id and key check value; the plaintext exists only inside this function. Whether the key accepts
 * this material (the binding) is plan-material-import.ts's question, asked next.
 */
export async function unwrapImportedMaterial(options: TUnwrapImportedMaterialOptions): Promise<TUnwrappedMaterial> {
  const { ctx, key, now } = options;
  const token = assertTokenUsable({ token: await options.tx.findImportTokenByHash(options.tokenHash), keyId: key.id, now });
  const material = unwrap(options, token);
  try {
    if (material.length !== KEY_MATERIAL_BYTES) {
      throw new KmsError('MATERIAL_INCORRECT', `The key material must be exactly ${KEY_MATERIAL_BYTES} bytes (AES-256).`, 'wrong-length');
    }
    return { tokenId: token.id, sealed: sealMaterial(ctx.keyring, key.id, material) };
  } finally {
    material.fill(0);
  }
}

import type { KmsContext } from './context';
import { constantTimeEqual } from './crypto/primitives';
import { unwrapKeyMaterial } from './crypto/wrapping';
import { KEY_MATERIAL_BYTES } from './create-key';
import { KmsError, isKmsError } from './errors';
import { assertTokenUsable, openTokenPrivateKey, type TUsableToken } from './import-token';
import type { KeyPatch, KeyStoreTx } from './store';
import type { KeyRecord } from './types';

export interface TUnwrapAndBindOptions {
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

export interface TAcceptedMaterial {
  tokenId: string;
  patch: Pick<KeyPatch, 'materialCiphertext' | 'materialId'>;
}

/** The unwrapped material, or WRAP_INVALID; the private key's plaintext is zeroed either way. */
function unwrap(options: TUnwrapAndBindOptions, token: TUsableToken): Buffer {
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
 * algorithm recorded with the token, never one the request names) → 32 bytes → same material as bound.
 * Returns the sealed material and its ID; the plaintext exists only inside this function.
 */
export async function unwrapAndBind(options: TUnwrapAndBindOptions): Promise<TAcceptedMaterial> {
  const { ctx, key, now } = options;
  const token = assertTokenUsable({ token: await options.tx.findImportTokenByHash(options.tokenHash), keyId: key.id, now });
  const material = unwrap(options, token);
  try {
    if (material.length !== KEY_MATERIAL_BYTES) {
      throw new KmsError('MATERIAL_INCORRECT', `The key material must be exactly ${KEY_MATERIAL_BYTES} bytes (AES-256).`, 'wrong-length');
    }
    const materialId = ctx.keyring.materialId({ keyId: key.id, material });
    // The first import binds the key for good; afterwards only material with the same ID is accepted.
    if (key.materialId !== null && !constantTimeEqual(materialId, key.materialId)) {
      throw new KmsError('MATERIAL_INCORRECT', 'This key only accepts the key material first imported into it.', 'different-material');
    }
    const materialCiphertext = ctx.keyring.seal({ purpose: 'key-material', keyId: key.id, plaintext: material });
    return { tokenId: token.id, patch: { materialCiphertext, materialId } };
  } finally {
    material.fill(0);
  }
}

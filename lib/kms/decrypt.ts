import { z } from 'zod';
import { rethrowAudited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { openCiphertextBlob, parseCiphertextBlob } from './crypto/ciphertext-blob';
import { constantTimeEqual, CryptoAuthError } from './crypto/primitives';
import { ZOptionalEncryptionContext } from './encryption-context';
import { KmsError } from './errors';
import { keyIdOfRef, keyRefDetail } from './key-ref';
import { plainBytes, plainEncryptionContext, plainKeyRef } from './plain-input';
import { MAX_CIPHERTEXT_BLOB_INPUT_BYTES } from './public-limits';
import type { Principal } from './types';
import { cachedUsableKey, storedUsableKey } from './usable-key';
import { ZKeyId, ZKeyRef, parseInput } from './validation';


export const ZDecryptInput = z.object({
  ciphertextBlob: z
    .custom<Uint8Array>((v) => v instanceof Uint8Array, 'Bytes expected.')
    .refine((v) => v.length >= 1 && v.length <= MAX_CIPHERTEXT_BLOB_INPUT_BYTES, `1–${MAX_CIPHERTEXT_BLOB_INPUT_BYTES} bytes.`),
  keyRef: ZKeyRef.optional(),
  encryptionContext: ZOptionalEncryptionContext,
});

/** ZDecryptInput's output for well-formed input, without zod (plain-input.ts); undefined: the schema decides. */
export function plainDecryptInput(options: TDecryptOptions): z.output<typeof ZDecryptInput> | undefined {
  const ciphertextBlob = plainBytes(options.ciphertextBlob, 1, MAX_CIPHERTEXT_BLOB_INPUT_BYTES);
  const keyRef = options.keyRef === undefined ? undefined : plainKeyRef(options.keyRef);
  if (!ciphertextBlob || (options.keyRef !== undefined && !keyRef)) return undefined;
  const encryptionContext = plainEncryptionContext(options.encryptionContext);
  return encryptionContext && { ciphertextBlob, keyRef, encryptionContext };
}

export interface TDecryptOptions {
  actor: Principal;
  ciphertextBlob: Uint8Array;
  /** Optional: when given and naming another key than the blob's, INCORRECT_KEY. */
  keyRef?: string;
  encryptionContext?: Record<string, string>;
}

export interface TDecryptResult {
  keyId: string;
  /** The material version the blob was sealed under (AWS KeyMaterialId). */
  materialId: string;
  /** The caller owns it (and should zero it once sent). */
  plaintext: Buffer;
}

// Every way a blob can be wrong gives this one message, so failures reveal nothing about which check failed.
const invalid = () => new KmsError('CIPHERTEXT_INVALID', 'The ciphertext is not valid for this key and encryption context.');

/**
 * Decrypt (SPEC §6), in this order: blob structure → caller's keyRef against the blob's key → key state →
 * material id → authentication. A blob naming a key that does not exist is CIPHERTEXT_INVALID, not
 * NOT_FOUND: a flipped key-ID byte must read as tampering. Only failures are audited (see encrypt.ts).
 */
export async function decrypt(ctx: KmsContext, options: TDecryptOptions): Promise<TDecryptResult> {
  // Parsed once, up front, so a failure record can name the key the blob claims (it is a well-formed ID).
  const parsed = options.ciphertextBlob instanceof Uint8Array ? parseCiphertextBlob(options.ciphertextBlob) : null;
  try {
    authorize(options.actor, 'keys:use');
    const input = plainDecryptInput(options) ?? parseInput({ schema: ZDecryptInput, input: options });
    if (!parsed) throw invalid();
    if (input.keyRef && (input.keyRef.keyId ?? (await keyIdOfRef(ctx.store, input.keyRef, ctx))) !== parsed.keyId) {
      throw new KmsError('INCORRECT_KEY', 'The ciphertext was encrypted under a different key than the one given.');
    }
    const wanted = { keyId: parsed.keyId, missing: 'CIPHERTEXT_INVALID', materialId: parsed.materialId } as const;
    const key = cachedUsableKey(ctx, wanted) ?? (await storedUsableKey(ctx, wanted));
    try {
      if (!constantTimeEqual(key.materialId, parsed.materialId)) throw invalid();
      const plaintext = openCiphertextBlob({ parsed, material: key.material, encodedContext: input.encryptionContext });
      return { keyId: key.id, materialId: key.materialIdHex, plaintext };
    } catch (error) {
      throw error instanceof CryptoAuthError ? invalid() : error;
    } finally {
      key.material.fill(0);
    }
  } catch (error) {
    return rethrowAudited(
      {
        ctx,
        actor: options.actor,
        action: 'Decrypt',
        keyId: ZKeyId.safeParse(options.keyRef).success ? options.keyRef : parsed?.keyId,
        details: keyRefDetail(options.keyRef),
        failures: 'all',
      },
      error,
    );
  }
}

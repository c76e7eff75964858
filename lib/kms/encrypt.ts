import { z } from 'zod';
import type { AuditAction } from './audit-actions';
import { rethrowAudited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { sealCiphertextBlob } from './crypto/ciphertext-blob';
import { ZOptionalEncryptionContext } from './encryption-context';
import { keyIdOfRef, keyRefDetail, type TKeyRef } from './key-ref';
import { plainBytes, plainEncryptionContext, plainKeyRef } from './plain-input';
import { MAX_PLAINTEXT_BYTES } from './public-limits';
import type { Principal } from './types';
import { cachedUsableKey, storedUsableKey } from './usable-key';
import { ZKeyRef, parseInput } from './validation';


export const ZPlaintext = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array, 'Bytes expected.')
  .refine((v) => v.length >= 1 && v.length <= MAX_PLAINTEXT_BYTES, `The plaintext must be 1–${MAX_PLAINTEXT_BYTES} bytes.`);

export const ZEncryptInput = z.object({
  keyRef: ZKeyRef,
  plaintext: ZPlaintext,
  encryptionContext: ZOptionalEncryptionContext,
});

/** ZEncryptInput's output for well-formed input, without zod (plain-input.ts); undefined: the schema decides. */
export function plainEncryptInput(options: TEncryptOptions): z.output<typeof ZEncryptInput> | undefined {
  const keyRef = plainKeyRef(options.keyRef);
  const plaintext = keyRef && plainBytes(options.plaintext, 1, MAX_PLAINTEXT_BYTES);
  const encryptionContext = plaintext && plainEncryptionContext(options.encryptionContext);
  return encryptionContext && { keyRef: keyRef!, plaintext: plaintext!, encryptionContext };
}

export interface TEncryptOptions {
  actor: Principal;
  /** A key ID, or an alias name with or without `alias/`. */
  keyRef: string;
  plaintext: Uint8Array;
  /** Bound as AAD: the same map must be given to decrypt. `{}` is the same as none. */
  encryptionContext?: Record<string, string>;
}

export interface TEncryptResult {
  keyId: string;
  /** The CURRENT material version the blob was sealed under, which the blob names (AWS KeyMaterialId). */
  materialId: string;
  ciphertextBlob: Buffer;
}

/** Seals validated input under the key a ref names, if usable now. Shared with the data-key operations. */
export async function sealUnderKeyRef(
  ctx: KmsContext,
  options: { keyRef: TKeyRef; plaintext: Uint8Array; encodedContext: Buffer },
): Promise<TEncryptResult> {
  // A key ID needs no lookup, nor a turn of the microtask queue: the data plane's common case.
  const keyId = options.keyRef.keyId ?? (await keyIdOfRef(ctx.store, options.keyRef, ctx));
  const wanted = { keyId, missing: 'NOT_FOUND' } as const;
  const key = cachedUsableKey(ctx, wanted) ?? (await storedUsableKey(ctx, wanted));
  try {
    const ciphertextBlob = sealCiphertextBlob({
      keyId: key.id,
      materialId: key.materialId,
      material: key.material,
      plaintext: options.plaintext,
      encodedContext: options.encodedContext,
    });
    return { keyId: key.id, materialId: key.materialIdHex, ciphertextBlob };
  } finally {
    key.material.fill(0);
  }
}

/** Audits a failure of an operation that names its key by keyRef (encrypt, data keys), as audited() would. */
export function rethrowKeyRefFailure(
  ctx: KmsContext,
  options: { actor: Principal; keyRef: unknown },
  action: AuditAction,
  error: unknown,
): Promise<never> {
  return rethrowAudited({ ctx, actor: options.actor, action, keyId: options.keyRef, details: keyRefDetail(options.keyRef), failures: 'all' }, error);
}

/**
 * Encrypt (SPEC §6). Only failures are audited: a success record would be a database write on every
 * data-plane request, defeating the key cache and the throughput the API needs, and SPEC §9 asks for
 * crypto-operation failures (refusals included), not successes.
 */
export async function encrypt(ctx: KmsContext, options: TEncryptOptions): Promise<TEncryptResult> {
  try {
    authorize(options.actor, 'keys:use');
    const input = plainEncryptInput(options) ?? parseInput({ schema: ZEncryptInput, input: options });
    return await sealUnderKeyRef(ctx, { keyRef: input.keyRef, plaintext: input.plaintext, encodedContext: input.encryptionContext });
  } catch (error) {
    return rethrowKeyRefFailure(ctx, options, 'Encrypt', error);
  }
}

import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AuditAction } from './audit-actions';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { rethrowKeyRefFailure, sealUnderKeyRef, type TEncryptResult } from './encrypt';
import { ZOptionalEncryptionContext } from './encryption-context';
import type { Principal } from './types';
import { plainEncryptionContext, plainKeyRef } from './plain-input';
import { ZKeyRef, parseInput } from './validation';

export const DATA_KEY_SPEC_BYTES = { AES_256: 32, AES_128: 16 } as const;
export type TDataKeySpec = keyof typeof DATA_KEY_SPEC_BYTES;
export const MAX_DATA_KEY_BYTES = 1024;

export const ZGenerateDataKeyInput = z
  .object({
    keyRef: ZKeyRef,
    keySpec: z.enum(['AES_256', 'AES_128']).optional(),
    numberOfBytes: z.int().min(1).max(MAX_DATA_KEY_BYTES).optional(),
    encryptionContext: ZOptionalEncryptionContext,
  })
  .refine((v) => (v.keySpec === undefined) !== (v.numberOfBytes === undefined), 'Give exactly one of keySpec or numberOfBytes.');

/** ZGenerateDataKeyInput's output for well-formed input, without zod (plain-input.ts); undefined: the schema decides. */
export function plainGenerateDataKeyInput(options: TGenerateDataKeyOptions): z.output<typeof ZGenerateDataKeyInput> | undefined {
  const keyRef = plainKeyRef(options.keyRef);
  const { keySpec, numberOfBytes } = options;
  const sized =
    numberOfBytes === undefined
      ? keySpec === 'AES_256' || keySpec === 'AES_128'
      : keySpec === undefined && Number.isSafeInteger(numberOfBytes) && numberOfBytes >= 1 && numberOfBytes <= MAX_DATA_KEY_BYTES;
  const encryptionContext = keyRef && sized ? plainEncryptionContext(options.encryptionContext) : undefined;
  if (!encryptionContext) return undefined;
  return { keyRef: keyRef!, encryptionContext, ...(keySpec === undefined ? {} : { keySpec }), ...(numberOfBytes === undefined ? {} : { numberOfBytes }) };
}

export interface TGenerateDataKeyOptions {
  actor: Principal;
  /** A key ID, or an alias name with or without `alias/`. */
  keyRef: string;
  keySpec?: TDataKeySpec;
  /** 1–1024; exactly one of keySpec and numberOfBytes. */
  numberOfBytes?: number;
  encryptionContext?: Record<string, string>;
}

export interface TGenerateDataKeyResult extends TEncryptResult {
  /** The data key in clear. The caller owns it and zeroes it once handed over. */
  plaintext: Buffer;
}

async function generate(ctx: KmsContext, options: TGenerateDataKeyOptions, action: AuditAction): Promise<TGenerateDataKeyResult> {
  // Failures only, as encrypt.ts explains.
  try {
    authorize(options.actor, 'keys:use');
    const input = plainGenerateDataKeyInput(options) ?? parseInput({ schema: ZGenerateDataKeyInput, input: options });
    const plaintext = randomBytes(input.keySpec ? DATA_KEY_SPEC_BYTES[input.keySpec] : (input.numberOfBytes as number));
    try {
      const sealed = await sealUnderKeyRef(ctx, { keyRef: input.keyRef, plaintext, encodedContext: input.encryptionContext });
      return { ...sealed, plaintext };
    } catch (error) {
      plaintext.fill(0);
      throw error;
    }
  } catch (error) {
    return rethrowKeyRefFailure(ctx, options, action, error);
  }
}

/** GenerateDataKey (SPEC §6): fresh random bytes, returned in clear and sealed under the key. */
export async function generateDataKey(ctx: KmsContext, options: TGenerateDataKeyOptions): Promise<TGenerateDataKeyResult> {
  return generate(ctx, options, 'GenerateDataKey');
}

/** GenerateDataKeyWithoutPlaintext: the same, but the clear data key is zeroed here and never returned. */
export async function generateDataKeyWithoutPlaintext(ctx: KmsContext, options: TGenerateDataKeyOptions): Promise<TEncryptResult> {
  const { plaintext, ...sealed } = await generate(ctx, options, 'GenerateDataKeyWithoutPlaintext');
  plaintext.fill(0);
  return sealed;
}

import { z } from 'zod';
import { MAX_CIPHERTEXT_BLOB_INPUT_BYTES, MAX_ENCRYPTION_CONTEXT_BYTES, MAX_PLAINTEXT_BYTES } from '@/lib/kms';
import { ZKeyId } from '@/lib/kms';
import { ZBase64Bytes } from './import-input';

// The online tool's inputs as they cross into the server. Text travels as a string and becomes UTF-8 bytes
// here (SPEC §6: 1–4096 bytes, counted in UTF-8, the form in which it is encrypted); ciphertext travels as
// canonical base64. The domain applies its own rules again (sizes, context).

/** The domain bounds the context's total size; these only keep the request itself bounded. */
const MAX_CONTEXT_PAIRS = 64;
const MAX_CONTEXT_TEXT = MAX_ENCRYPTION_CONTEXT_BYTES;

/**
 * Rows as the form has them (an array keeps their order, so an error can point at a row by position).
 * A key given twice is refused instead of the later row silently winning.
 */
const ZEncryptionContextPairs = z
  .array(z.object({ key: z.string().min(1).max(MAX_CONTEXT_TEXT), value: z.string().max(MAX_CONTEXT_TEXT) }))
  .max(MAX_CONTEXT_PAIRS)
  .default([])
  .superRefine((pairs, ctx) => {
    const seen = new Set<string>();
    pairs.forEach(({ key }, index) => {
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index, 'key'], message: 'Each key may appear only once.' });
      seen.add(key);
    });
  })
  // Object.fromEntries defines own properties, so a key such as "__proto__" stays an ordinary pair.
  // No pairs means no context: AWS treats an empty context and none alike.
  .transform((pairs) => (pairs.length === 0 ? undefined : Object.fromEntries(pairs.map(({ key, value }) => [key, value]))));

const ZPlaintextText = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    if (Buffer.byteLength(text, 'utf8') > MAX_PLAINTEXT_BYTES) {
      ctx.addIssue({ code: 'too_big', origin: 'string', maximum: MAX_PLAINTEXT_BYTES, inclusive: true, input: text, message: `At most ${MAX_PLAINTEXT_BYTES} bytes of UTF-8.` });
    }
  })
  .transform((text) => Buffer.from(text, 'utf8'));

export const ZEncryptTextAction = z.object({
  keyId: ZKeyId,
  plaintext: ZPlaintextText,
  encryptionContext: ZEncryptionContextPairs,
});

export const ZDecryptTextAction = z.object({
  keyId: ZKeyId,
  ciphertextBlob: ZBase64Bytes(MAX_CIPHERTEXT_BLOB_INPUT_BYTES),
  encryptionContext: ZEncryptionContextPairs,
});

import { z } from 'zod';
import {
  decodeBase64,
  IMPORT_TYPES,
  MAX_IMPORT_TOKEN_BYTES,
  MAX_WRAPPED_MATERIAL_BYTES,
  WRAPPING_KEY_SPECS,
  ZKeyId,
  ZMaterialDescription,
  ZMaterialId,
  ZWrappingAlgorithm,
} from '@/lib/kms';

// The import wizard's inputs as they cross into the server. Files travel as base64 text (a server action
// takes JSON-like values); they are decoded here, strictly, before any domain code sees them.


/**
 * Canonical, padded base64 only: no whitespace, no URL-safe alphabet, no stray bits in the last character
 * (Node's decoder would silently skip or ignore all of those). The length is bounded before decoding.
 */
export function ZBase64Bytes(maxBytes: number) {
  return z
    .string()
    .min(1)
    .max(Math.ceil(maxBytes / 3) * 4)
    .transform((text, ctx) => {
      const bytes = decodeBase64(text);
      if (bytes === null) {
        ctx.addIssue({ code: 'custom', message: 'Not canonical base64.' });
        return z.NEVER;
      }
      return bytes;
    })
    .refine((bytes) => bytes.length >= 1 && bytes.length <= maxBytes, `1–${maxBytes} bytes.`);
}

export const ZGetImportParametersAction = z.object({
  keyId: ZKeyId,
  wrappingAlgorithm: ZWrappingAlgorithm,
  wrappingKeySpec: z.enum(WRAPPING_KEY_SPECS),
});

/**
 * The browser converts the chosen local date-time to a UTC ISO instant; it must be later than now. The
 * domain checks that again against its own clock, which is the one that counts.
 */
const ZValidTo = z.iso
  .datetime()
  .transform((text) => new Date(text))
  .refine((date) => date.getTime() > Date.now(), 'The expiry must be later than now.');

export const ZImportKeyMaterialAction = z.object({
  keyId: ZKeyId,
  importToken: ZBase64Bytes(MAX_IMPORT_TOKEN_BYTES),
  encryptedKeyMaterial: ZBase64Bytes(MAX_WRAPPED_MATERIAL_BYTES),
  expiration: z.discriminatedUnion('model', [
    z.object({ model: z.literal('KEY_MATERIAL_DOES_NOT_EXPIRE') }),
    z.object({ model: z.literal('KEY_MATERIAL_EXPIRES'), validTo: ZValidTo }),
  ]),
  /** SPEC §11: new material for a rotation, or a version's own material again (`materialId`; default CURRENT). */
  importType: z.enum(IMPORT_TYPES).optional(),
  materialId: ZMaterialId.optional(),
  description: ZMaterialDescription.optional(),
});

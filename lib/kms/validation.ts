import { z } from 'zod';
import { AUDIT_ACTIONS } from './audit-actions';
import {
  DEFAULT_WRAPPING_ALGORITHM,
  DEFAULT_WRAPPING_KEY_SPEC,
  REFUSED_WRAPPING_ALGORITHMS,
  WRAPPING_ALGORITHMS,
  WRAPPING_KEY_SPECS,
} from './crypto/wrapping';
import { KmsError } from './errors';
import { KEY_ORIGINS, KEY_STATES } from './types';

// Boundary schemas, shared with the console and the API so every edge applies the same rules.
// Lengths count Unicode code points ("characters" as a person counts them: an emoji is one), not UTF-16
// units; alias names are ASCII-only, where the two agree.

export const MAX_TEXT_CODE_POINTS = 255;

/**
 * Refused in free text: C0/C1 controls and DEL (Cc), format characters (Cf: bidi overrides such as U+202E,
 * zero-width U+200B/U+200D/U+FEFF, …) because they make text render differently from what it is, lone
 * surrogates (Cs: not Unicode, not storable as UTF-8) and line/paragraph separators (Zl/Zp). Cost: emoji
 * ZWJ sequences and ZWNJ-dependent scripts cannot be written; plain characters of every script can.
 */
const UNSAFE_TEXT = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

function codePointsAtMost(value: string, max: number): boolean {
  if (value.length <= max) return true; // each code point is at least one UTF-16 unit
  if (value.length > max * 2) return false; // … and at most two
  return [...value].length <= max;
}

const ZSafeText = z
  .string()
  .refine((v) => codePointsAtMost(v, MAX_TEXT_CODE_POINTS), `At most ${MAX_TEXT_CODE_POINTS} characters.`)
  .refine((v) => !UNSAFE_TEXT.test(v), 'Control, format (bidi, zero-width) and separator characters are not allowed.');

export const ZDescription = ZSafeText;

export const ALIAS_NAME_PATTERN = /^[a-zA-Z0-9:/_-]{1,255}$/;

/** A bare alias name (SPEC §1); the AWS API's `alias/` prefix is stripped by the edge before this. */
export const ZAlias = z
  .string()
  .regex(ALIAS_NAME_PATTERN, '1–255 characters: letters, digits, ":", "/", "_" and "-".')
  .refine((v) => !v.endsWith('/default'), 'An alias must not end with "/default".')
  .refine((v) => !v.startsWith('aws/'), 'Aliases starting with "aws/" are reserved.')
  // Otherwise "alias/x" would name two different aliases: the bare "alias/x" and, via the prefix, "x".
  .refine((v) => !v.startsWith('alias/'), 'Give the alias name without the "alias/" prefix.');

/** Key IDs are lowercase UUID v4 (SPEC §1). */
export const ZKeyId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'A key ID is a lowercase UUID.');

/** A key ID, or an alias name with or without `alias/`. Lookup only: reserved names simply are not found. */
export const ZKeyRef = z.union([
  ZKeyId.transform((keyId) => ({ keyId, alias: null })),
  z
    .string()
    .transform((v) => (v.startsWith('alias/') ? v.slice('alias/'.length) : v))
    .pipe(z.string().regex(ALIAS_NAME_PATTERN, 'Give a key ID or an alias name.'))
    .transform((alias) => ({ keyId: null, alias })),
]);

export const ZPendingWindowInDays = z.int().min(7).max(1096);

export const ZPage = z.int().min(1).max(1_000_000).default(1);
export const ZPageSize = z.int().min(1).max(100).default(20);

export const ZCreateKeyInput = z.object({
  alias: ZAlias,
  description: ZDescription.default(''),
  origin: z.enum(KEY_ORIGINS),
});

export const ZListKeysInput = z.object({
  search: ZSafeText.transform((v) => v.trim() || undefined).optional(),
  state: z.enum(KEY_STATES).optional(),
  origin: z.enum(KEY_ORIGINS).optional(),
  sort: z.enum(['createdAt:desc', 'createdAt:asc']).default('createdAt:desc'),
  page: ZPage,
  pageSize: ZPageSize,
});

export const ZListAuditEventsInput = z.object({
  keyId: ZKeyId.optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  result: z.enum(['SUCCESS', 'FAILURE']).optional(),
  page: ZPage,
  pageSize: ZPageSize,
});

export const ZScheduleKeyDeletionInput = z.object({
  keyId: ZKeyId,
  pendingWindowInDays: ZPendingWindowInDays.default(30),
});

export const ZPurgeDueKeysInput = z.object({ limit: z.int().min(1).max(1000).default(100) });

/** PKCS #1 v1.5 gets its own reason: it is known and refused on purpose, not a typo. */
export const ZWrappingAlgorithm = z
  .string()
  .refine(
    (v) => !(REFUSED_WRAPPING_ALGORITHMS as readonly string[]).includes(v),
    'RSAES_PKCS1_V1_5 is refused (padding oracle); use RSAES_OAEP_SHA_256.',
  )
  .pipe(z.enum(WRAPPING_ALGORITHMS));

export const ZGetImportParametersInput = z.object({
  keyId: ZKeyId,
  wrappingAlgorithm: ZWrappingAlgorithm.default(DEFAULT_WRAPPING_ALGORITHM),
  wrappingKeySpec: z.enum(WRAPPING_KEY_SPECS).default(DEFAULT_WRAPPING_KEY_SPEC),
});

// AWS's bounds for ImportToken and EncryptedKeyMaterial; whatever the bytes hold is judged later, in order.
const MAX_IMPORT_BLOB_BYTES = 6144;
const ZImportBlob = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array, 'Bytes expected.')
  .refine((v) => v.length >= 1 && v.length <= MAX_IMPORT_BLOB_BYTES, `1–${MAX_IMPORT_BLOB_BYTES} bytes.`);

/** "Strictly in the future" needs the clock, so importKeyMaterial checks it right after parsing. */
export const ZKeyMaterialExpiration = z.discriminatedUnion('model', [
  // As in AWS, "never" with a date is refused rather than silently ignored.
  z.object({
    model: z.literal('KEY_MATERIAL_DOES_NOT_EXPIRE'),
    validTo: z.undefined({ error: 'Give no date when the material never expires.' }).optional(),
  }),
  z.object({ model: z.literal('KEY_MATERIAL_EXPIRES'), validTo: z.date() }),
]);

export const ZImportKeyMaterialInput = z.object({
  keyId: ZKeyId,
  importToken: ZImportBlob,
  encryptedKeyMaterial: ZImportBlob,
  expiration: ZKeyMaterialExpiration,
});

export const ZExpireKeyMaterialInput = z.object({ limit: z.int().min(1).max(1000).default(500) });

/** Turns a zod failure into VALIDATION with a developer-facing summary (paths and rules, never values). */
export function parseInput<S extends z.ZodType>(options: { schema: S; input: unknown }): z.output<S> {
  const result = options.schema.safeParse(options.input);
  if (result.success) return result.data;
  const summary = result.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`);
  throw new KmsError('VALIDATION', summary.join('; '));
}

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
import { EXPIRY_WINDOW_IDS } from './expiry-urgency';
import { MAX_MATERIAL_DESCRIPTION_CHARS, PENDING_WINDOW_DAYS, ROTATION_PERIOD_DAYS } from './public-limits';
import { KEY_ORIGINS, KEY_STATES, ROLES } from './types';

// Boundary schemas, shared with the console and the API so every edge applies the same rules.
// Lengths count Unicode code points ("characters" as a person counts them: an emoji is one), not UTF-16
// units; alias names are ASCII-only, where the two agree.

export const MAX_TEXT_CODE_POINTS = 255;

/**
 * What free text refuses (SPEC §1), each class with its own reason; everything else is accepted, so emoji
 * ZWJ sequences (👨‍👩‍👧‍👦), ZWNJ in Persian and every script's letters and marks can be written.
 * - Cc: C0/C1 controls and DEL (line breaks, tabs, terminal escape sequences).
 * - Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what follows them
 *   for display ("Trojan Source"), so text reads differently from what it is. The marks U+200E, U+200F and
 *   U+061C are accepted: they only settle the direction of neutral characters next to them, cannot reorder
 *   letters, and right-to-left writers need them to place punctuation and numbers correctly.
 * - Cs: lone surrogates, which are not Unicode and have no UTF-8 form.
 * - Zl/Zp: line and paragraph separators (U+2028, U+2029), line breaks in disguise.
 */
const UNSAFE_TEXT_CLASSES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\p{Cc}/u, 'Control characters (line breaks, tabs, escape sequences) are not allowed.'],
  [/[\u202A-\u202E\u2066-\u2069]/u, 'Bidirectional embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069) are not allowed.'],
  [/\p{Cs}/u, 'Lone surrogates are not valid Unicode text.'],
  [/[\p{Zl}\p{Zp}]/u, 'Line and paragraph separators (U+2028, U+2029) are not allowed.'],
];
/** All of the above in one pass: the common case (acceptable text) costs one test. */
const UNSAFE_TEXT = /[\p{Cc}\u202A-\u202E\u2066-\u2069\p{Cs}\p{Zl}\p{Zp}]/u;

function codePointsAtMost(value: string, max: number): boolean {
  if (value.length <= max) return true; // each code point is at least one UTF-16 unit
  if (value.length > max * 2) return false; // … and at most two
  return [...value].length <= max;
}

const safeText = (max: number) =>
  z
    .string()
    .refine((v) => codePointsAtMost(v, max), `At most ${max} characters.`)
    .superRefine((value, ctx) => {
      if (!UNSAFE_TEXT.test(value)) return;
      const [, message] = UNSAFE_TEXT_CLASSES.find(([pattern]) => pattern.test(value))!;
      ctx.addIssue({ code: 'custom', input: value, message });
    });

const ZSafeText = safeText(MAX_TEXT_CODE_POINTS);

export const ZDescription = ZSafeText;

/** SPEC §11: a material version's description, 0–256 characters (AWS KeyMaterialDescription). */
export const ZMaterialDescription = safeText(MAX_MATERIAL_DESCRIPTION_CHARS);

/** A material id as Keyfort issues it (AWS KeyMaterialId): 64 lowercase hex characters. */
export const ZMaterialId = z.string().regex(/^[0-9a-f]{64}$/, 'A key material ID is 64 lowercase hexadecimal characters.');

export const IMPORT_TYPES = ['EXISTING_KEY_MATERIAL', 'NEW_KEY_MATERIAL'] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];

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
export const KEY_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const ZKeyId = z.string().regex(KEY_ID_PATTERN, 'A key ID is a lowercase UUID.');

/** A key ID, or an alias name with or without `alias/`. Lookup only: reserved names simply are not found. */
export const ZKeyRef = z.union([
  ZKeyId.transform((keyId) => ({ keyId, alias: null })),
  z
    .string()
    .transform((v) => (v.startsWith('alias/') ? v.slice('alias/'.length) : v))
    .pipe(z.string().regex(ALIAS_NAME_PATTERN, 'Give a key ID or an alias name.'))
    .transform((alias) => ({ keyId: null, alias })),
]);

export const ZPendingWindowInDays = z.int().min(PENDING_WINDOW_DAYS.min).max(PENDING_WINDOW_DAYS.max);

export const ZPage = z.int().min(1).max(1_000_000).default(1);
export const ZPageSize = z.int().min(1).max(100).default(20);

// AWS tag rules (TagResource): lengths in characters, this character set, a reserved prefix.
export const MAX_TAGS_PER_KEY = 50;
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARACTERS_MESSAGE = 'Letters, digits, spaces and _ . : / = + - @ only.';

const ZTagKeyShape = z
  .string()
  .min(1, 'A tag key is 1–128 characters.')
  .refine((v) => codePointsAtMost(v, 128), 'A tag key is 1–128 characters.')
  .regex(TAG_CHARACTERS, TAG_CHARACTERS_MESSAGE);

/** AWS reserves `aws:` in every letter case ("aws:", "AWS:", "Aws:" …). */
export const ZTagKey = ZTagKeyShape.refine((v) => !v.toLowerCase().startsWith('aws:'), 'Tag keys starting with "aws:" are reserved.');

export const ZTagValue = z
  .string()
  .refine((v) => codePointsAtMost(v, 256), 'A tag value is 0–256 characters.')
  .regex(TAG_CHARACTERS, TAG_CHARACTERS_MESSAGE);

export const ZTag = z.object({ tagKey: ZTagKey, tagValue: ZTagValue });

/** Up to 50 tags with distinct keys (the per-key cap, counting tags already on the key, is checked in the store). */
export const ZTags = z
  .array(ZTag)
  .max(MAX_TAGS_PER_KEY, `At most ${MAX_TAGS_PER_KEY} tags per key.`)
  .refine((tags) => new Set(tags.map((t) => t.tagKey)).size === tags.length, 'A tag key may appear only once per request.');

/** `alias` is optional here (AWS CreateKey); the console's form requires one in its own schema. */
export const ZCreateKeyInput = z.object({
  alias: ZAlias.optional(),
  description: ZDescription.default(''),
  origin: z.enum(KEY_ORIGINS),
  tags: ZTags.default([]),
});

export const ZTagResourceInput = z.object({
  keyRef: ZKeyRef,
  tags: ZTags.refine((tags) => tags.length > 0, 'Give at least one tag.'),
});

export const ZUntagResourceInput = z.object({
  keyRef: ZKeyRef,
  // The reserved prefix is not refused here: such a tag cannot exist, and absent keys are ignored (AWS).
  tagKeys: z
    .array(ZTagKeyShape)
    .min(1, 'Give at least one tag key.')
    .max(MAX_TAGS_PER_KEY, `At most ${MAX_TAGS_PER_KEY} tag keys.`),
});

/**
 * A list marker: the last name of the previous page, base64url-encoded so that it is opaque, fits AWS's
 * marker alphabet whatever the name holds, and cannot smuggle anything the name schema refuses.
 */
export const encodeListMarker = (name: string): string => Buffer.from(name, 'utf8').toString('base64url');
const zListMarker = (name: RegExp) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,1024}$/, 'Pass back the marker of the previous page unchanged.')
    .transform((v) => Buffer.from(v, 'base64url').toString('utf8'))
    .pipe(z.string().min(1).regex(name, 'Pass back the marker of the previous page unchanged.'));

export const ZListResourceTagsInput = z.object({
  keyRef: ZKeyRef,
  limit: z.int().min(1).max(MAX_TAGS_PER_KEY).default(MAX_TAGS_PER_KEY),
  marker: zListMarker(TAG_CHARACTERS).optional(),
});

export const ZListAliasesInput = z.object({
  keyRef: ZKeyRef.optional(),
  limit: z.int().min(1).max(100).default(50),
  marker: zListMarker(ALIAS_NAME_PATTERN).optional(),
});

/** AWS access key ID shape: 16–128 of [A-Z0-9]. Keyfort issues `KF` + 18 base32 characters. */
export const ZAccessKeyId = z.string().regex(/^[A-Z0-9]{16,128}$/, 'An access key ID is 16–128 characters of A–Z and 0–9.');

/** Secrets chosen by an operator (bootstrap): printable ASCII without spaces, as SigV4 tools pass them. */
export const ZSecretAccessKey = z
  .string()
  .regex(/^[\x21-\x7e]{16,128}$/, 'A secret access key is 16–128 printable ASCII characters without spaces.');

export const ZCreateAccessKeyInput = z.object({
  role: z.enum(ROLES),
  description: ZDescription.default(''),
});

export const ZEnsureBootstrapAccessKeyInput = z.object({
  accessKeyId: ZAccessKeyId,
  secretAccessKey: ZSecretAccessKey,
  ownerName: ZSafeText.pipe(z.string().min(1, 'An owner name is required.')),
});

export const ZListKeysInput = z.object({
  search: ZSafeText.transform((v) => v.trim() || undefined).optional(),
  state: z.enum(KEY_STATES).optional(),
  origin: z.enum(KEY_ORIGINS).optional(),
  expiresWithin: z.enum(EXPIRY_WINDOW_IDS).optional(),
  sort: z.enum(['createdAt:desc', 'createdAt:asc', 'expiresAt:asc']).default('createdAt:desc'),
  page: ZPage,
  pageSize: ZPageSize,
});

/** An audit actor as shown (an email, an access key's owner, "Keyfort"): printable text only. */
export const ZAuditActorName = z.string().min(1).max(320).regex(/^[^\p{Cc}]+$/u);
/** An address as the audit stores it: an IPv4 or IPv6 address, or `unknown`. */
export const ZAuditSourceAddress = z.string().max(64).regex(/^(?:[0-9a-f:.]+|unknown)$/);

export const ZListAuditEventsInput = z.object({
  keyId: ZKeyId.optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  result: z.enum(['SUCCESS', 'FAILURE']).optional(),
  actorName: ZAuditActorName.optional(),
  sourceAddress: ZAuditSourceAddress.optional(),
  page: ZPage,
  pageSize: ZPageSize,
});

export const ZScheduleKeyDeletionInput = z.object({
  keyId: ZKeyId,
  pendingWindowInDays: ZPendingWindowInDays.default(PENDING_WINDOW_DAYS.default),
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

export const ZImportKeyMaterialInput = z
  .object({
    keyId: ZKeyId,
    importToken: ZImportBlob,
    encryptedKeyMaterial: ZImportBlob,
    expiration: ZKeyMaterialExpiration,
    /** SPEC §11. Absent: EXISTING_KEY_MATERIAL, except that a key's first import creates its first version either way. */
    importType: z.enum(IMPORT_TYPES).optional(),
    /** Which version an EXISTING import re-imports (default: the CURRENT one). */
    materialId: ZMaterialId.optional(),
    description: ZMaterialDescription.optional(),
  })
  .refine((input) => !(input.importType === 'NEW_KEY_MATERIAL' && input.materialId !== undefined), {
    path: ['materialId'],
    message: 'A key material ID names an existing version: give none with NEW_KEY_MATERIAL.',
  });

export const ZExpireKeyMaterialInput = z.object({ limit: z.int().min(1).max(1000).default(500) });

export const ZRotateDueKeysInput = z.object({ limit: z.int().min(1).max(1000).default(100) });

export const ZRotationPeriodInDays = z
  .int()
  .min(ROTATION_PERIOD_DAYS.min, `The rotation period is ${ROTATION_PERIOD_DAYS.min}–${ROTATION_PERIOD_DAYS.max} days.`)
  .max(ROTATION_PERIOD_DAYS.max, `The rotation period is ${ROTATION_PERIOD_DAYS.min}–${ROTATION_PERIOD_DAYS.max} days.`);

export const ZEnableKeyRotationInput = z.object({
  keyId: ZKeyId,
  rotationPeriodInDays: ZRotationPeriodInDays.default(ROTATION_PERIOD_DAYS.default),
});

export const INCLUDE_KEY_MATERIAL = ['ROTATIONS_ONLY', 'ALL_KEY_MATERIAL'] as const;

export const ZListKeyRotationsInput = z.object({
  keyId: ZKeyId,
  includeKeyMaterial: z.enum(INCLUDE_KEY_MATERIAL).default('ROTATIONS_ONLY'),
  limit: z.int().min(1).max(1000).default(100),
  /** The previous page's last sequence number, as the opaque marker the API hands out. */
  marker: z.string().regex(/^[1-9][0-9]{0,8}$/, 'Not a marker this API handed out.').optional(),
});

/** Turns a zod failure into VALIDATION with a developer-facing summary (paths and rules, never values). */
export function parseInput<S extends z.ZodType>(options: { schema: S; input: unknown }): z.output<S> {
  const result = options.schema.safeParse(options.input);
  if (result.success) return result.data;
  const summary = result.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`);
  throw new KmsError('VALIDATION', summary.join('; '));
}

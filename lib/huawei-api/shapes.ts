import { z } from 'zod';
import { decodeBase64, KmsError, ZKeyId, type KeyView } from '@/lib/kms';
import type { KeyState } from '@/lib/kms/types';
import type { THuaweiScope } from './operations/operation';
import { HuaweiApiError, type THuaweiErrorCode } from './protocol';

// Huawei KMS v1.0 encodings (SPEC §12, shared/reference/huawei-kms-v1.md): snake_case fields, numbers that
// the SDKs send as strings, dates as epoch strings, and the key details every key read answers.

/** SPEC §2's numeric codes; "1" (pending activation) is a state Keyfort keys never have. */
export const HUAWEI_KEY_STATE: Record<KeyState, string> = {
  ENABLED: '2',
  DISABLED: '3',
  PENDING_DELETION: '4',
  PENDING_IMPORT: '5',
};

/** Dates in answers: epoch milliseconds as a string, as Huawei's examples show ("1501578672000"). */
export const epochMillis = (date: Date): string => String(date.getTime());

/**
 * A count or a number of days: Huawei's SDKs send most of them as strings ("7", "512"), some as integers.
 * Both are read; anything else is refused by the field's code.
 */
export const ZIntegerLike = z.union([z.int(), z.string().regex(/^\d{1,10}$/).transform(Number)]);

/** Huawei names keys by ID only (no alias, no ARN); anything but a Keyfort key ID is KMS.0205. */
export const ZHuaweiKeyId = ZKeyId;

/**
 * The one rule for AAD (lib/huawei-api/README.md): Huawei's additional_authenticated_data string A binds as the
 * encryption context {"additional_authenticated_data": A}, so a ciphertext made through either API decrypts
 * through the other with the same value. Absent or empty means no context, as `{}` does for AWS.
 */
export const AAD_CONTEXT_KEY = 'additional_authenticated_data';
export const MAX_AAD_BYTES = 128;
export const ZAad = z
  .string()
  .refine((aad) => Buffer.byteLength(aad, 'utf8') <= MAX_AAD_BYTES, `At most ${MAX_AAD_BYTES} bytes.`)
  .optional();
export const aadContext = (aad: string | undefined): Record<string, string> | undefined =>
  aad === undefined || aad === '' ? undefined : { [AAD_CONTEXT_KEY]: aad };

/** Canonical base64, decoded; anything else is refused by the field's code rather than half-decoded. */
export const ZBase64 = z.string().transform((value, ctx) => {
  const bytes = decodeBase64(value);
  if (bytes === null || bytes.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'Not valid base64.' });
    return z.NEVER;
  }
  return bytes;
});

/** Hex as Huawei's data-key operations carry blobs and keys; anything else is refused by the field's code. */
export const ZHex = z
  .string()
  .regex(/^(?:[0-9a-fA-F]{2})+$/, 'Not an even number of hexadecimal digits.')
  .transform((hex) => Buffer.from(hex, 'hex'));

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
export const base64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** The field codes an operation gives its refusals; fields not named fall back to the domain's VALIDATION. */
export type TFieldCodes = Readonly<Record<string, THuaweiErrorCode>>;

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value = body;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/**
 * Parses a request body (or query) at the boundary. A required field that is absent (or null) is KMS.0204
 * naming it; a malformed one takes its field's Huawei code when the operation gives one (`codes`, by top-level
 * field), else the domain's VALIDATION, which the edge answers with its default code. `sequence` and fields
 * Huawei added later are ignored: zod objects strip what they do not list.
 */
export function parseHuawei<S extends z.ZodType>(schema: S, body: unknown, codes: TFieldCodes = {}): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const summary = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  const [issue] = result.error.issues;
  if (!issue) throw new KmsError('VALIDATION', summary);
  const field = issue.path.map(String).join('.') || 'body';
  // Whatever rule the field failed (type, union), absent is what the caller must hear.
  if (issue.path.length > 0 && valueAt(body, issue.path) == null) {
    throw new HuaweiApiError('KMS.0204', `Missing parameter ${field}.`);
  }
  const code = codes[String(issue.path[0])];
  if (code) throw new HuaweiApiError(code, `Invalid ${field}: ${issue.message}`);
  throw new KmsError('VALIDATION', summary);
}

/** The key details of describe-key, list-keys and create-key's neighbours. */
export function toKeyDetails(view: KeyView, scope: THuaweiScope) {
  return {
    key_id: view.id,
    domain_id: scope.domainId,
    // Huawei keys have one alias; a Keyfort key reports its first (byte order), or '' without any.
    key_alias: view.aliases[0] ?? '',
    // Huawei's region name; Keyfort has one key space and no regions.
    realm: '',
    key_spec: 'AES_256',
    key_usage: 'ENCRYPT_DECRYPT',
    key_description: view.description,
    creation_date: epochMillis(view.createdAt),
    scheduled_deletion_date: view.deletionDate ? epochMillis(view.deletionDate) : '',
    key_state: HUAWEI_KEY_STATE[view.state],
    default_key_flag: '0',
    // "1": a customer master key (Huawei's default keys, which Keyfort has none of, are other types).
    key_type: '1',
    expiration_time: view.material.expiresAt ? epochMillis(view.material.expiresAt) : '',
    origin: view.origin === 'EXTERNAL' ? 'external' : 'kms',
    key_rotation_enabled: String(view.rotationPeriodDays !== null),
  };
}

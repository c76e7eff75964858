import { z } from 'zod';

// AWS's bound for an encryption context, counted here as UTF-8 bytes of all keys and values together.
import { MAX_ENCRYPTION_CONTEXT_BYTES } from './public-limits';

/** What no (or an empty) encryption context authenticates: nothing, so `{}` and absent are the same context. */
export const EMPTY_ENCRYPTION_CONTEXT: Buffer = Buffer.alloc(0);

// A lone surrogate has no UTF-8 form: Node would encode it as U+FFFD, making two different contexts
// authenticate alike. Such strings are refused rather than silently replaced.
const LONE_SURROGATE = /\p{Cs}/u;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function uint32(value: number): Buffer {
  const bytes = Buffer.allocUnsafe(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

/**
 * Canonical bytes: pair count, then each pair sorted by the key's UTF-8 bytes, key and value each
 * length-prefixed (u32 big-endian). Keys are unique, so the order is total and no two different contexts
 * encode alike; the empty context encodes to no bytes at all.
 */
export function encodeEncryptionContext(pairs: ReadonlyArray<readonly [string, string]>): Buffer {
  if (pairs.length === 0) return EMPTY_ENCRYPTION_CONTEXT;
  const encoded = pairs
    .map(([key, value]) => [Buffer.from(key, 'utf8'), Buffer.from(value, 'utf8')] as const)
    .sort(([a], [b]) => Buffer.compare(a, b));
  const parts = [uint32(encoded.length)];
  for (const [key, value] of encoded) parts.push(uint32(key.length), key, uint32(value.length), value);
  return Buffer.concat(parts);
}

/** Why an entry is refused; the message names its position only, never its key or value. */
function entryProblem(key: string, value: unknown): string | null {
  if (key === '') return 'Encryption context keys must not be empty.';
  if (typeof value !== 'string') return 'Encryption context values must be strings.';
  if (LONE_SURROGATE.test(key) || LONE_SURROGATE.test(value)) return 'Encryption context keys and values must be valid Unicode.';
  return null;
}

const NOT_AN_OBJECT = 'The encryption context must be an object of string keys and values.';

/**
 * The context as an edge receives it (the AWS API's EncryptionContext), checked only for being an object and
 * handed to the operations as it is: they check every entry (ZEncryptionContext) and read them with
 * Object.entries from this very object. A copy (z.record assigns each key into a fresh `{}`) would turn a
 * `"__proto__"` key into a prototype change and drop it, so the context would not bind what the caller sent.
 */
export const ZEncryptionContextInput = z.custom<Record<string, string>>(isPlainObject, NOT_AN_OBJECT);

/**
 * A string→string map in, its canonical AAD bytes out. Entries are read with Object.entries from the raw
 * input, so a JSON key such as "__proto__" is bound like any other instead of vanishing in a copy. One
 * hand-written pass rather than a chain of zod schemas: it runs on every data-plane request.
 */
export const ZEncryptionContext = z.unknown().transform((input, ctx) => {
  const checked = checkEncryptionContext(input);
  if ('encoded' in checked) return checked.encoded;
  ctx.issues.push({ code: 'custom', input, message: checked.problem, ...(checked.index === undefined ? {} : { path: [checked.index] }) });
  return z.NEVER;
});

/**
 * The check and encoding behind ZEncryptionContext, callable without zod (the data plane's plain inputs,
 * lib/kms/plain-input.ts): the encoded bytes, or the first problem and the position of the entry at fault.
 */
export function checkEncryptionContext(input: unknown): { encoded: Buffer } | { problem: string; index?: number } {
  if (!isPlainObject(input)) return { problem: NOT_AN_OBJECT };
  const pairs = Object.entries(input);
  if (pairs.length === 0) return { encoded: EMPTY_ENCRYPTION_CONTEXT };
  let size = 0;
  for (const [index, [key, value]] of pairs.entries()) {
    const problem = entryProblem(key, value);
    if (problem) return { problem, index };
    size += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value as string, 'utf8');
  }
  if (size > MAX_ENCRYPTION_CONTEXT_BYTES) {
    return { problem: `The encryption context may hold at most ${MAX_ENCRYPTION_CONTEXT_BYTES} bytes of keys and values (UTF-8).` };
  }
  return { encoded: encodeEncryptionContext(pairs as Array<[string, string]>) };
}

/** The operations' field: absent and `{}` both give EMPTY_ENCRYPTION_CONTEXT. */
export const ZOptionalEncryptionContext = ZEncryptionContext.optional().transform((encoded) => encoded ?? EMPTY_ENCRYPTION_CONTEXT);

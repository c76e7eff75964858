import { checkEncryptionContext, EMPTY_ENCRYPTION_CONTEXT } from './encryption-context';
import type { TKeyRef } from './key-ref';
import { ALIAS_NAME_PATTERN, KEY_ID_PATTERN } from './validation';

// The data plane's inputs recognised without zod. Encrypt, Decrypt and the data-key operations validate
// their input again in the domain (the API layer is not trusted to have done it), and on the hot path a
// schema parse cost as much as the per-message key derivation. Each function here returns exactly what the
// operation's schema would, or undefined for anything it does not recognise, which then goes through the
// schema: the schema stays the one definition of what is valid and the only author of refusal messages.
// plain-input.test.ts holds each function to its schema over generated inputs.

const ALIAS_PREFIX = 'alias/';

/** ZKeyRef's output for a key ID or an alias name (with or without `alias/`); undefined otherwise. */
export function plainKeyRef(value: unknown): TKeyRef | undefined {
  if (typeof value !== 'string') return undefined;
  if (KEY_ID_PATTERN.test(value)) return { keyId: value, alias: null };
  const alias = value.startsWith(ALIAS_PREFIX) ? value.slice(ALIAS_PREFIX.length) : value;
  return ALIAS_NAME_PATTERN.test(alias) ? { keyId: null, alias } : undefined;
}

/** ZOptionalEncryptionContext's output (canonical AAD bytes) for an absent or valid context; undefined otherwise. */
export function plainEncryptionContext(value: unknown): Buffer | undefined {
  if (value === undefined) return EMPTY_ENCRYPTION_CONTEXT;
  const checked = checkEncryptionContext(value);
  return 'encoded' in checked ? checked.encoded : undefined;
}

/** Bytes within [min, max] in length, as the operations' byte fields require; undefined otherwise. */
export function plainBytes(value: unknown, min: number, max: number): Uint8Array | undefined {
  return value instanceof Uint8Array && value.length >= min && value.length <= max ? value : undefined;
}

// One error type for the whole domain. Only these codes ever reach a user (console or API); anything
// else thrown is an internal fault, logged server-side and shown as a generic message.
export const KMS_ERROR_CODES = [
  'NOT_FOUND',
  'VALIDATION',
  'ALIAS_EXISTS',
  'INVALID_STATE',
  'DISABLED',
  'UNSUPPORTED',
  'TOKEN_EXPIRED',
  'TOKEN_INVALID',
  'WRAP_INVALID',
  'MATERIAL_INCORRECT',
  'CIPHERTEXT_INVALID',
  'INCORRECT_KEY',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'LIMIT_EXCEEDED',
  'THROTTLED',
  /** A sensitive action (SPEC §9) needs a password or code entered within FRESH_AUTHENTICATION_MS. */
  'REAUTHENTICATION_REQUIRED',
  /** The change would leave no active Administrator. */
  'LAST_ADMINISTRATOR',
  /** Nobody changes their own role, nor disables or removes themselves. */
  'OWN_ACCOUNT',
  /** A person with this email already exists. */
  'PERSON_EXISTS',
  /** A set-password link that is unknown, already used, re-issued or older than 24 h. */
  'LINK_INVALID',
  /**
   * The database cannot be reached or stopped answering: nothing could be read or decided, so the request
   * is refused (never served from what an instance remembers past its cache bound). Retrying later works.
   */
  'UNAVAILABLE',
] as const;

export type KmsErrorCode = (typeof KMS_ERROR_CODES)[number];

/**
 * Why a refusal happened, where one code covers several causes the user must act on differently
 * (SPEC §7's MATERIAL_INCORRECT: the wrong size, or not the material the key is bound to). The edges
 * render it; they never guess it. Named `reason`, not `cause`: Error.cause is a wrapped error.
 */
export const KMS_ERROR_REASONS = {
  // different-material: not the version the import names (or the CURRENT one); existing-version: a NEW
  // import of material the key already holds as one of its versions (SPEC §11).
  MATERIAL_INCORRECT: ['wrong-length', 'different-material', 'existing-version'],
} as const satisfies Partial<Record<KmsErrorCode, readonly string[]>>;

export type KmsErrorReason = (typeof KMS_ERROR_REASONS)[keyof typeof KMS_ERROR_REASONS][number];
type ReasonOf<C extends KmsErrorCode> = C extends keyof typeof KMS_ERROR_REASONS ? (typeof KMS_ERROR_REASONS)[C][number] : never;

// Next bundles server code more than once (instrumentation, route handlers, server actions), each with its
// own copy of this module, while the context (and its stores) is one per process: an error raised by one
// copy must still be recognised by another, which `instanceof` alone would not do.
const KMS_ERROR_BRAND = Symbol.for('keyfort.kms-error');

export class KmsError extends Error {
  readonly [KMS_ERROR_BRAND] = true;
  readonly code: KmsErrorCode;
  readonly reason: KmsErrorReason | null;
  /**
   * Non-secret facts the edges may show with the message (e.g. the version a refused import expected and
   * its key check value). Never material, tokens or plaintext.
   */
  readonly params: Readonly<Record<string, string>>;

  // `message` is developer-facing English that must never contain secrets; user-facing words come
  // from the code and reason (translated at the edge).
  constructor(
    ...[code, message, reason, params]: {
      [C in KmsErrorCode]: [code: C, message: string, reason?: ReasonOf<C>, params?: Record<string, string>];
    }[KmsErrorCode]
  ) {
    super(message);
    this.name = 'KmsError';
    this.code = code;
    this.reason = reason ?? null;
    this.params = { ...params };
  }
}

export function isKmsError(error: unknown): error is KmsError {
  return error instanceof KmsError || (typeof error === 'object' && error !== null && (error as { [KMS_ERROR_BRAND]?: unknown })[KMS_ERROR_BRAND] === true);
}

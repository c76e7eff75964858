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
] as const;

export type KmsErrorCode = (typeof KMS_ERROR_CODES)[number];

export class KmsError extends Error {
  readonly code: KmsErrorCode;

  // `message` is developer-facing English that must never contain secrets; user-facing words come
  // from the code (translated at the edge).
  constructor(code: KmsErrorCode, message: string) {
    super(message);
    this.name = 'KmsError';
    this.code = code;
  }
}

export function isKmsError(error: unknown): error is KmsError {
  return error instanceof KmsError;
}

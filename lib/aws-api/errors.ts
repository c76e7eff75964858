import { randomUUID } from 'node:crypto';
import { isKmsError, type KmsErrorCode } from '@/lib/kms';
import { describeError } from '@/lib/kms';
import { AwsApiError, errorResponse, type AwsApiResponse } from './protocol';

/** SPEC §7. UNAUTHENTICATED from the domain means "no usable credentials" (signature refusals never get there). */
export const AWS_EXCEPTION_BY_CODE: Record<KmsErrorCode, string> = {
  NOT_FOUND: 'NotFoundException',
  VALIDATION: 'ValidationException',
  ALIAS_EXISTS: 'AlreadyExistsException',
  INVALID_STATE: 'KMSInvalidStateException',
  DISABLED: 'DisabledException',
  UNSUPPORTED: 'UnsupportedOperationException',
  TOKEN_EXPIRED: 'ExpiredImportTokenException',
  TOKEN_INVALID: 'InvalidImportTokenException',
  WRAP_INVALID: 'InvalidCiphertextException',
  MATERIAL_INCORRECT: 'IncorrectKeyMaterialException',
  CIPHERTEXT_INVALID: 'InvalidCiphertextException',
  INCORRECT_KEY: 'IncorrectKeyException',
  UNAUTHENTICATED: 'UnrecognizedClientException',
  FORBIDDEN: 'AccessDeniedException',
  LIMIT_EXCEEDED: 'LimitExceededException',
  THROTTLED: 'ThrottlingException',
  // Console-only refusals; the API never raises them (SigV4 authenticates every request afresh, and it has no
  // people operations), but the mapping stays total so a new code cannot slip through unmapped.
  REAUTHENTICATION_REQUIRED: 'AccessDeniedException',
  LAST_ADMINISTRATOR: 'ValidationException',
  OWN_ACCOUNT: 'ValidationException',
  PERSON_EXISTS: 'AlreadyExistsException',
  LINK_INVALID: 'ValidationException',
  // AWS KMS's answer when a dependency did not respond: "The system timed out while trying to fulfill the
  // request. You can retry the request." SDKs retry it (a server fault), as they should while the database is back.
  UNAVAILABLE: 'DependencyTimeoutException',
};

/** HTTP status of a domain refusal: the client's request was at fault (400), unless Keyfort could not serve it. */
const STATUS_BY_CODE: Partial<Record<KmsErrorCode, number>> = { UNAVAILABLE: 503 };

const INTERNAL_FAULT_MESSAGE = 'An internal error occurred.';

/** Where the AWS API's own lines go: a message and facts (IDs, names), never a value from a request. */
export type TApiLog = (line: string, fields?: Record<string, unknown>) => void;

/**
 * An internal fault: logged with an incident ID and the request's ID — the error's type and code only, never
 * its text or the request — and answered HTTP 500 KMSInternalException with a generic message carrying the
 * incident ID. `where` names what failed (an operation, or a step of the listener).
 */
export function internalFaultResponse(options: { error: unknown; where: string; log?: TApiLog; requestId?: string }): AwsApiResponse {
  const incidentId = randomUUID();
  const log = options.log ?? ((line: string) => console.error(line));
  log(`AWS API internal fault, incident ${incidentId}, ${options.where}: ${describeError(options.error)}`, {
    incidentId,
    ...(options.requestId ? { requestId: options.requestId } : {}),
    where: options.where,
    error: describeError(options.error),
  });
  return errorResponse({ type: 'KMSInternalException', message: `${INTERNAL_FAULT_MESSAGE} Incident ${incidentId}.`, status: 500 });
}

/**
 * The AWS error answer for anything a request threw. Domain and protocol refusals keep their (secret-free)
 * messages; anything else is an internal fault (internalFaultResponse).
 */
export function toErrorResponse(options: { error: unknown; operation: string; log?: TApiLog; requestId?: string }): AwsApiResponse {
  const { error } = options;
  if (isKmsError(error)) {
    return errorResponse({ type: AWS_EXCEPTION_BY_CODE[error.code], message: error.message, status: STATUS_BY_CODE[error.code] ?? 400 });
  }
  if (error instanceof AwsApiError) return errorResponse({ type: error.type, message: error.message, status: error.status });
  return internalFaultResponse({ error, where: options.operation, log: options.log, requestId: options.requestId });
}

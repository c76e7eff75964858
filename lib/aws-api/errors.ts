import { randomUUID } from 'node:crypto';
import { isKmsError, type KmsErrorCode } from '@/lib/kms/errors';
import { describeError } from '@/lib/server/describe-error';
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
};

export const INTERNAL_FAULT_MESSAGE = 'An internal error occurred.';

/** HTTP 500 KMSInternalException with the generic message, naming the incident when one was logged. */
export function internalFaultResponse(incidentId?: string): AwsApiResponse {
  const message = incidentId === undefined ? INTERNAL_FAULT_MESSAGE : `${INTERNAL_FAULT_MESSAGE} Incident ${incidentId}.`;
  return errorResponse({ type: 'KMSInternalException', message, status: 500 });
}

/**
 * The AWS error answer for anything a request threw. Domain and protocol refusals keep their (secret-free)
 * messages; anything else is an internal fault: logged with an incident ID — its type and code only, never
 * its text or the request — and answered with a generic message carrying that ID.
 */
export function toErrorResponse(options: { error: unknown; operation: string; log?: (line: string) => void }): AwsApiResponse {
  const { error } = options;
  if (isKmsError(error)) return errorResponse({ type: AWS_EXCEPTION_BY_CODE[error.code], message: error.message, status: 400 });
  if (error instanceof AwsApiError) return errorResponse({ type: error.type, message: error.message, status: error.status });
  const incidentId = randomUUID();
  (options.log ?? console.error)(`[keyfort] AWS API internal fault, incident ${incidentId}, ${options.operation}: ${describeError(error)}`);
  return internalFaultResponse(incidentId);
}

import { describe, expect, it, vi } from 'vitest';
import { KMS_ERROR_CODES, KmsError, type KmsErrorCode } from '@/lib/kms';
import { toErrorResponse } from './errors';
import { AwsApiError } from './protocol';

// SPEC §7, written out again on purpose: the test must fail if the mapping drifts from the contract.
const EXPECTED: Record<KmsErrorCode, string> = {
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
  UNAVAILABLE: 'DependencyTimeoutException',
};
// A refusal is the client's fault (400) except when Keyfort could not serve the request at all.
const STATUS: Partial<Record<KmsErrorCode, number>> = { UNAVAILABLE: 503 };

const body = (response: { body: string }) => JSON.parse(response.body) as { __type: string; message: string };

describe('AWS error mapping', () => {
  it.each(KMS_ERROR_CODES)('answers %s with its SPEC §7 exception name, its HTTP status (400 unless said) and the domain message', (code) => {
    const response = toErrorResponse({ error: new KmsError(code, 'What happened.'), operation: 'Encrypt' });
    expect(response.status).toBe(STATUS[code] ?? 400);
    expect(response.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(body(response)).toEqual({ __type: EXPECTED[code], message: 'What happened.' });
  });

  it('keeps the exception name and status of protocol refusals', () => {
    const response = toErrorResponse({ error: new AwsApiError('InvalidSignatureException', 'Bad signature.'), operation: 'request' });
    expect(response.status).toBe(400);
    expect(body(response)).toEqual({ __type: 'InvalidSignatureException', message: 'Bad signature.' });
  });

  it('answers any other error with a generic 500 whose incident ID is logged, without the error text', () => {
    const log = vi.fn();
    const fault = Object.assign(new Error('connect failed for postgresql://keyfort:hunter2@db/keyfort'), { code: 'ECONNREFUSED' });
    const response = toErrorResponse({ error: fault, operation: 'DescribeKey', log });
    expect(response.status).toBe(500);
    const { __type, message } = body(response);
    expect(__type).toBe('KMSInternalException');
    expect(message).not.toContain('hunter2');
    const incident = /Incident ([0-9a-f-]{36})/.exec(message)?.[1];
    expect(incident).toBeDefined();
    expect(log).toHaveBeenCalledOnce();
    const line = String(log.mock.calls[0]![0]);
    expect(line).toContain(incident);
    expect(line).toContain('ECONNREFUSED');
    expect(line).not.toContain('hunter2');
  });
});

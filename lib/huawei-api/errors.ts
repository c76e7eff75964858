import { randomUUID } from 'node:crypto';
import { AwsApiError, type TApiLog } from '@/lib/aws-api';
import { describeError, isKmsError, type KmsError, type KmsErrorCode } from '@/lib/kms';
import { HuaweiApiError, huaweiErrorResponse, type HuaweiApiResponse, type THuaweiErrorCode } from './protocol';

/** A Huawei error code and the HTTP status it is answered with. */
export interface THuaweiRefusal {
  code: THuaweiErrorCode;
  status: number;
}

/**
 * Domain refusals where an operation did not pick a more specific code itself (SPEC §7, §12;
 * shared/reference/huawei-kms-v1.md). Status 400 unless Huawei's table says otherwise.
 */
export const HUAWEI_REFUSAL_BY_CODE: Record<KmsErrorCode, THuaweiRefusal> = {
  NOT_FOUND: { code: 'KMS.0207', status: 404 },
  // Missing parameters (KMS.0204) are the operations' to name: the domain only knows "invalid".
  VALIDATION: { code: 'KMS.0308', status: 400 },
  ALIAS_EXISTS: { code: 'KMS.1104', status: 400 },
  INVALID_STATE: { code: 'KMS.0310', status: 400 },
  DISABLED: { code: 'KMS.0209', status: 400 },
  UNSUPPORTED: { code: 'KMS.0309', status: 400 },
  TOKEN_EXPIRED: { code: 'KMS.2601', status: 400 },
  TOKEN_INVALID: { code: 'KMS.2605', status: 400 },
  WRAP_INVALID: { code: 'KMS.2605', status: 400 },
  // 'wrong-length' is KMS.2604 (see huaweiRefusalOf); the rest is "not the bound material".
  MATERIAL_INCORRECT: { code: 'KMS.2606', status: 400 },
  CIPHERTEXT_INVALID: { code: 'KMS.2201', status: 400 },
  INCORRECT_KEY: { code: 'KMS.2201', status: 400 },
  UNAUTHENTICATED: { code: 'KMS.0302', status: 401 },
  FORBIDDEN: { code: 'KMS.0306', status: 403 },
  LIMIT_EXCEEDED: { code: 'KMS.1105', status: 400 },
  // What Huawei's API gateway answers past a throttling policy (429 APIGW.0308, "The throttling threshold
  // has been reached"), which is what Huawei's SDKs and their users recognise and retry.
  THROTTLED: { code: 'APIGW.0308', status: 429 },
  // Console-only refusals the API never raises; mapped so a new code cannot slip through unmapped.
  REAUTHENTICATION_REQUIRED: { code: 'KMS.0306', status: 403 },
  LAST_ADMINISTRATOR: { code: 'KMS.0308', status: 400 },
  OWN_ACCOUNT: { code: 'KMS.0308', status: 400 },
  PERSON_EXISTS: { code: 'KMS.0308', status: 400 },
  LINK_INVALID: { code: 'KMS.0308', status: 400 },
  // Keyfort could not reach its database: a server fault, retried by clients. Huawei has no KMS code for it;
  // KMS.0101 is the family of Huawei's internal-error codes.
  UNAVAILABLE: { code: 'KMS.0101', status: 503 },
};

export function huaweiRefusalOf(error: KmsError): THuaweiRefusal {
  if (error.code === 'MATERIAL_INCORRECT' && error.reason === 'wrong-length') return { code: 'KMS.2604', status: 400 };
  return HUAWEI_REFUSAL_BY_CODE[error.code];
}

export const THROTTLED_REFUSAL = HUAWEI_REFUSAL_BY_CODE.THROTTLED;

const INTERNAL_FAULT_MESSAGE = 'An internal error occurred.';

/**
 * An internal fault: logged with an incident ID and the request's ID (the error's type and code only, never
 * its text or the request), answered 500 KMS.0101 with a generic message carrying the incident ID.
 */
export function huaweiInternalFaultResponse(options: { error: unknown; where: string; log?: TApiLog; requestId?: string }): HuaweiApiResponse {
  const incidentId = randomUUID();
  const log = options.log ?? ((line: string) => console.error(line));
  log(`Huawei API internal fault, incident ${incidentId}, ${options.where}: ${describeError(options.error)}`, {
    incidentId,
    ...(options.requestId ? { requestId: options.requestId } : {}),
    where: options.where,
    error: describeError(options.error),
  });
  return huaweiErrorResponse({ code: 'KMS.0101', message: `${INTERNAL_FAULT_MESSAGE} Incident ${incidentId}.`, status: 500 });
}

/**
 * Huawei's error answer for anything a request threw: adapter refusals as they are, domain refusals by the
 * table (with their secret-free messages), the shared rate limiter's refusal as Huawei's throttling answer,
 * anything else an internal fault.
 */
export function toHuaweiErrorResponse(options: { error: unknown; operation: string; log?: TApiLog; requestId?: string }): HuaweiApiResponse {
  const { error } = options;
  if (error instanceof HuaweiApiError) return huaweiErrorResponse(error);
  if (isKmsError(error)) return huaweiErrorResponse({ ...huaweiRefusalOf(error), message: error.message });
  if (error instanceof AwsApiError && error.type === 'ThrottlingException') return huaweiErrorResponse({ ...THROTTLED_REFUSAL, message: error.message });
  return huaweiInternalFaultResponse({ error, where: options.operation, log: options.log, requestId: options.requestId });
}

// Huawei Cloud KMS v1.0 as Keyfort speaks it (SPEC §12, shared/reference/huawei-kms-v1.md): JSON with
// snake_case fields under /v1.0/{project_id}/kms/…, errors as `{"error":{"error_code","error_msg"}}`.
// Framework-free: the dedicated API listener and the console's Next route both hand it plain requests.
import type { AwsApiRequest } from '@/lib/aws-api';

/** The same plain request the AWS handler takes: method, path with query, lower-case headers, body, address. */
export type HuaweiApiRequest = AwsApiRequest;

export interface HuaweiApiResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
  /** Answered in X-Request-Id (Huawei's header), and carried by the request's log line. */
  requestId?: string;
}

export const HUAWEI_PATH_PREFIX = '/v1.0/';
export const HUAWEI_REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * A Huawei error code as the reference lists them: `KMS.` and four digits; or, for what Huawei's API gateway
 * answers before KMS sees a request (throttling), `APIGW.` and four digits.
 */
export type THuaweiErrorCode = `KMS.${string}` | `APIGW.${string}`;

/** A refusal with Huawei's own code and HTTP status, decided by the adapter (protocol, shape, or a mapped domain error). */
export class HuaweiApiError extends Error {
  readonly code: THuaweiErrorCode;
  readonly status: number;

  constructor(code: THuaweiErrorCode, message: string, status = 400) {
    super(message);
    this.name = 'HuaweiApiError';
    this.code = code;
    this.status = status;
  }
}

const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'application/json;charset=UTF-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
});

export function huaweiJsonResponse(status: number, payload: unknown): HuaweiApiResponse {
  return { status, headers: JSON_HEADERS, body: payload === undefined ? '' : JSON.stringify(payload) };
}

export function huaweiErrorResponse(error: { code: THuaweiErrorCode; message: string; status: number }): HuaweiApiResponse {
  return huaweiJsonResponse(error.status, { error: { error_code: error.code, error_msg: error.message } });
}

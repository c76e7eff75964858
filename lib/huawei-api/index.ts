// The Huawei Cloud KMS v1.0-compatible API, framework-free: the Next route (app/v1.0/…) and the dedicated
// listener (lib/server/api-listener.ts) both hand it plain requests.
export { createHuaweiAuthenticator, ANONYMOUS_HUAWEI_PRINCIPAL } from './authenticate';
export { HUAWEI_REFUSAL_BY_CODE, huaweiInternalFaultResponse, huaweiRefusalOf, toHuaweiErrorResponse, type THuaweiRefusal } from './errors';
export { createHuaweiApiHandler, type HuaweiApiHandler, type THuaweiApiHandlerOptions, type TObservableHuaweiApiHandler } from './handler';
export { HUAWEI_ROUTES } from './operations';
export type { THuaweiAnswer, THuaweiCall, THuaweiMethod, THuaweiOperation, THuaweiOperationEnv, THuaweiRoute, THuaweiScope } from './operations/operation';
export {
  HUAWEI_PATH_PREFIX,
  HUAWEI_REQUEST_ID_HEADER,
  HuaweiApiError,
  huaweiErrorResponse,
  huaweiJsonResponse,
  type HuaweiApiRequest,
  type HuaweiApiResponse,
  type THuaweiErrorCode,
} from './protocol';
export { generateHuaweiId, HUAWEI_DOMAIN_ID_SETTING, HUAWEI_PROJECT_ID_ENV, HUAWEI_PROJECT_ID_SETTING, huaweiProjectIdFromEnv, resolveHuaweiScope } from './scope';
export { HUAWEI_SIGNING_ALGORITHM, MAX_CLOCK_SKEW_MS as HUAWEI_MAX_CLOCK_SKEW_MS, readHuaweiSignatureClaim, verifyHuaweiSignature } from './signature';

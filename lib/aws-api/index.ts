// The AWS KMS-compatible API, framework-free: the Next route (app/api/aws) and the dedicated listener
// (lib/server/api-listener.ts) both hand it plain requests.
export { awsAccountIdFromEnv, DEFAULT_AWS_ACCOUNT_ID } from './account';
export { AWS_EXCEPTION_BY_CODE, internalFaultResponse, type TApiLog } from './errors';
export { createAwsApiHandler, type AwsApiHandler, type TApiRequestEvent, type TAwsApiHandlerOptions, type TObservableAwsApiHandler } from './handler';
export { apiRateLimitFromEnv, DEFAULT_API_RATE_LIMIT, type TApiRateLimit } from './rate-limit';
export { AwsApiError, bodyTooLargeResponse, errorResponse, JsonText, MAX_BODY_BYTES, REQUEST_ID_HEADER, singleHeader, type AwsApiRequest, type AwsApiResponse } from './protocol';
// Shared with the Huawei API (lib/huawei-api): one credential cache design, one rate limit, one refusal-audit throttle.
export { createApiActors, createCredentialCache, createPerKeyThrottle, resolveApiCredential, type TApiCredential, type TResolveCredential } from './credentials';
export { parseJsonObjectBody } from './json-body';
export { ANONYMOUS_API_PRINCIPAL, FAILED_AUTH_AUDIT_INTERVAL_MS, FAILED_AUTH_AUDIT_MAX_KEYS } from './authenticate';
export { createApiRateLimiter, type ApiRateLimiter } from './rate-limit';
// For the role × operation matrix test and the benchmarks, which exercise the pieces on their own.
export { OPERATIONS } from './operations';
export { NodeSha256 } from './sha256';
export { readSigV4Claim, verifySigV4Signature } from './sigv4';
export { keepParsedPrefixes, SIGNATURE_HEX } from './authorization-prefixes';

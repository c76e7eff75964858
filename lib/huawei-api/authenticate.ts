import {
  createApiActors,
  createCredentialCache,
  createPerKeyThrottle,
  FAILED_AUTH_AUDIT_INTERVAL_MS,
  FAILED_AUTH_AUDIT_MAX_KEYS,
  singleHeader,
  type TResolveCredential,
} from '@/lib/aws-api';
import { ACCESS_KEY_USE_INTERVAL_MS, apiRequestSource, describeError, ZAccessKeyId, type ChangeFeed, type Clock } from '@/lib/kms';
import type { AuditEventInput, Principal } from '@/lib/kms/types';
import { HuaweiApiError, type HuaweiApiRequest } from './protocol';
import { claimedHuaweiAccessKeyId, readHuaweiSignatureClaim, verifyHuaweiSignature } from './signature';

// The same access keys, credential cache and refusal audit as the AWS API (lib/aws-api/authenticate.ts):
// only the signature scheme differs. Refusals (KMS.0301 no or malformed credentials, KMS.0302 unknown
// access key or wrong signature, KMS.0303 missing or stale X-Sdk-Date) are all HTTP 401. An unknown access
// key answers like a wrong signature (KMS.0302): the code does not tell a caller whether an access key ID exists.

/** The actor of a refused authentication: nobody was authenticated, so no owner can be named. */
export const ANONYMOUS_HUAWEI_PRINCIPAL: Readonly<Principal> = Object.freeze({
  type: 'system',
  id: 'anonymous',
  name: 'Unauthenticated Huawei API caller',
  role: 'AUDITOR',
});

function sourceOf(request: HuaweiApiRequest, accessKeyId: string | null) {
  return apiRequestSource({ via: 'huawei-api', address: request.clientAddress, userAgent: singleHeader(request.headers, 'user-agent'), accessKeyId });
}

export interface THuaweiAuthenticatorOptions {
  resolve: TResolveCredential;
  recordUse: (accessKeyId: string) => Promise<void>;
  auditFailure: (event: AuditEventInput) => Promise<void>;
  clock: Clock;
  now: () => number;
  log: (line: string) => void;
  /** Changes committed anywhere (lib/kms change-feed): created or revoked access keys, changed owners. */
  changes?: ChangeFeed;
}

export function createHuaweiAuthenticator(options: THuaweiAuthenticatorOptions) {
  const credentials = createCredentialCache({ resolve: options.resolve, now: options.now });
  const actorFor = createApiActors('huawei-api');
  options.changes?.subscribe((change) => {
    if (change.kind === 'access-key') credentials.forget(change.id);
    else if (change.kind === 'people' || change.kind === 'everything') credentials.forget(null);
  });
  const useRecording = createPerKeyThrottle({ intervalMs: ACCESS_KEY_USE_INTERVAL_MS, now: options.now });
  // Its own throttle: a flood of bad Huawei requests must not silence the audit of refused AWS ones.
  const failureAudits = createPerKeyThrottle({ intervalMs: FAILED_AUTH_AUDIT_INTERVAL_MS, maxKeys: FAILED_AUTH_AUDIT_MAX_KEYS, now: options.now });

  async function auditRefusal(request: HuaweiApiRequest, error: HuaweiApiError): Promise<void> {
    const claimedId = claimedHuaweiAccessKeyId(request);
    const accessKeyId = claimedId !== undefined && ZAccessKeyId.safeParse(claimedId).success ? claimedId : null;
    if (!failureAudits.take(accessKeyId ?? '')) return;
    try {
      await options.auditFailure({
        at: options.clock.now(),
        actor: { ...ANONYMOUS_HUAWEI_PRINCIPAL, source: sourceOf(request, accessKeyId) },
        action: 'ApiAuthentication',
        keyId: null,
        result: 'FAILURE',
        errorCode: 'UNAUTHENTICATED',
        details: accessKeyId ? { accessKeyId, huaweiErrorCode: error.code } : { huaweiErrorCode: error.code },
      });
    } catch (auditError) {
      options.log(`Huawei API: auditing a refused authentication failed: ${describeError(auditError)}`);
    }
  }

  return {
    /**
     * The request's actor: the access key owner's cached principal plus this request's source (which API,
     * address, user agent, access key ID). Throws HuaweiApiError (401) after auditing the refusal.
     */
    async authenticate(request: HuaweiApiRequest): Promise<{ actor: Principal; accessKeyId: string }> {
      try {
        const claim = readHuaweiSignatureClaim(request, options.now());
        const credential = credentials.peek(claim.accessKeyId) ?? (await credentials.get(claim.accessKeyId));
        if (!credential) throw new HuaweiApiError('KMS.0302', 'The access key in the request is invalid or has been revoked.', 401);
        verifyHuaweiSignature({ request, claim, secretKey: credential.secretAccessKey });
        // Not awaited: "last used" is bookkeeping, and the hot path must not wait for a write.
        if (useRecording.take(claim.accessKeyId)) void options.recordUse(claim.accessKeyId);
        return { actor: actorFor(credential, request, claim.accessKeyId), accessKeyId: claim.accessKeyId };
      } catch (error) {
        if (error instanceof HuaweiApiError) await auditRefusal(request, error);
        throw error;
      }
    },
    credentialCacheStats: () => credentials.stats(),
  };
}

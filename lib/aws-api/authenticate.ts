import { ACCESS_KEY_USE_INTERVAL_MS } from '@/lib/kms';
import { apiRequestSource } from '@/lib/kms';
import type { ChangeFeed, Clock } from '@/lib/kms';
import type { AuditEventInput, Principal } from '@/lib/kms/types';
import { ZAccessKeyId } from '@/lib/kms';
import { describeError } from '@/lib/kms';
import { createApiActors, createCredentialCache, createPerKeyThrottle, type TResolveCredential } from './credentials';
import { AwsApiError, singleHeader, type AwsApiRequest } from './protocol';
import { claimedAccessKeyId, readSigV4Claim, verifySigV4Signature } from './sigv4';

/** The actor of a refused authentication: nobody was authenticated, so no owner can be named. */
export const ANONYMOUS_API_PRINCIPAL: Readonly<Principal> = Object.freeze({
  type: 'system',
  id: 'anonymous',
  name: 'Unauthenticated AWS API caller',
  role: 'AUDITOR',
});

/**
 * Failed authentications are audited, but at most once per access key ID (or once for all requests
 * without a well-formed one) per minute and process, and for at most this many distinct IDs a minute:
 * an unauthenticated flood must not buy a database write per request. The first refusal of each kind
 * in a minute is always recorded.
 */
export const FAILED_AUTH_AUDIT_INTERVAL_MS = 60_000;
export const FAILED_AUTH_AUDIT_MAX_KEYS = 100;

function sourceOf(request: AwsApiRequest, accessKeyId: string | null) {
  return apiRequestSource({ via: 'aws-api', address: request.clientAddress, userAgent: singleHeader(request.headers, 'user-agent'), accessKeyId });
}

export interface TAuthenticatorOptions {
  resolve: TResolveCredential;
  recordUse: (accessKeyId: string) => Promise<void>;
  auditFailure: (event: AuditEventInput) => Promise<void>;
  clock: Clock;
  now: () => number;
  log: (line: string) => void;
  /** Changes committed anywhere (lib/kms change-feed): created or revoked access keys, changed owners. */
  changes?: ChangeFeed;
}

export function createAuthenticator(options: TAuthenticatorOptions) {
  const credentials = createCredentialCache({ resolve: options.resolve, now: options.now });
  options.changes?.subscribe((change) => {
    if (change.kind === 'access-key') credentials.forget(change.id);
    else if (change.kind === 'people' || change.kind === 'everything') credentials.forget(null);
  });
  const useRecording = createPerKeyThrottle({ intervalMs: ACCESS_KEY_USE_INTERVAL_MS, now: options.now });
  const failureAudits = createPerKeyThrottle({
    intervalMs: FAILED_AUTH_AUDIT_INTERVAL_MS,
    maxKeys: FAILED_AUTH_AUDIT_MAX_KEYS,
    now: options.now,
  });

  const actorFor = createApiActors('aws-api');

  async function auditRefusal(request: AwsApiRequest, claimedId: string | undefined): Promise<void> {
    const accessKeyId = claimedId !== undefined && ZAccessKeyId.safeParse(claimedId).success ? claimedId : null;
    if (!failureAudits.take(accessKeyId ?? '')) return;
    try {
      await options.auditFailure({
        at: options.clock.now(),
        actor: { ...ANONYMOUS_API_PRINCIPAL, source: sourceOf(request, accessKeyId) },
        action: 'ApiAuthentication',
        keyId: null,
        result: 'FAILURE',
        errorCode: 'UNAUTHENTICATED',
        details: accessKeyId ? { accessKeyId } : undefined,
      });
    } catch (error) {
      options.log(`AWS API: auditing a refused authentication failed: ${describeError(error)}`);
    }
  }

  return {
    /**
     * The request's actor and signing region; throws (after auditing) UnrecognizedClient / InvalidSignature.
     * The actor is the cached principal plus this request's source (address, user agent, access key ID),
     * so every audit record the request causes says where it came from and with which key.
     */
    async authenticate(request: AwsApiRequest): Promise<{ actor: Principal; region: string }> {
      try {
        const claim = readSigV4Claim(request, options.now());
        const credential = credentials.peek(claim.accessKeyId) ?? (await credentials.get(claim.accessKeyId));
        if (!credential) throw new AwsApiError('UnrecognizedClientException', 'The security token included in the request is invalid.');
        verifySigV4Signature({ request, claim, credential });
        // Not awaited: "last used" is bookkeeping, and the hot path must not wait for a write.
        if (useRecording.take(claim.accessKeyId)) void options.recordUse(claim.accessKeyId);
        return { actor: actorFor(credential, request, claim.accessKeyId), region: claim.region };
      } catch (error) {
        if (error instanceof AwsApiError) await auditRefusal(request, claimedAccessKeyId(request));
        throw error;
      }
    },
    credentialCacheStats: () => credentials.stats(),
  };
}

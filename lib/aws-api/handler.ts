import { randomUUID } from 'node:crypto';
import type { KmsContext } from '@/lib/kms';
import { recordAccessKeyUse } from '@/lib/kms';
import { describeError } from '@/lib/kms';
import { createAuthenticator } from './authenticate';
import { resolveApiCredential } from './credentials';
import { parseJsonObjectBody } from './json-body';
import { toErrorResponse, type TApiLog } from './errors';
import { OPERATIONS } from './operations';
import { createApiRateLimiter, DEFAULT_API_RATE_LIMIT, type TApiRateLimit } from './rate-limit';
import {
  AwsApiError,
  bodyTooLargeResponse,
  errorResponse,
  JSON_CONTENT_TYPE,
  jsonResponse,
  JsonText,
  MAX_BODY_BYTES,
  singleHeader,
  TARGET_PREFIX,
  type AwsApiRequest,
  type AwsApiResponse,
} from './protocol';

export interface TAwsApiHandlerOptions {
  getContext: () => Promise<KmsContext>;
  /** The 12-digit account ID that Keyfort's ARNs carry. */
  accountId: string;
  /** Milliseconds since the epoch; tests move it. */
  now?: () => number;
  /** Where the API's own lines go (faults, failed side tasks); stderr by default. */
  log?: TApiLog;
  /** Per access key and process (rate-limit.ts). Absent: DEFAULT_API_RATE_LIMIT; null: no limit. */
  rateLimit?: TApiRateLimit | null;
  /**
   * Told of every answered request, after the answer is built (metrics, request logs). Must not throw and
   * must be cheap: it runs on the data plane's hot path.
   */
  observe?: (event: TApiRequestEvent) => void;
}

/** What one request did, for metrics and logs: names and outcomes only, never a value from the body. */
export interface TApiRequestEvent {
  /** Which API answered: absent for the AWS API (its events predate the field), 'huawei' for lib/huawei-api. */
  api?: 'aws' | 'huawei';
  /** Made for this request and answered in its x-amzn-RequestId header: what a client quotes in a report. */
  requestId: string;
  /** The AWS operation (X-Amz-Target without its prefix), or 'request' when none was found. */
  operation: string;
  /** The access key's owner, once the signature verified; null for refused authentication. */
  actorId: string | null;
  /** The key the request named or the answer named (a key ID or an alias name as sent); null when none. */
  keyId: string | null;
  /** 'Success', or the AWS exception name answered (the Huawei API: its error code, e.g. KMS.0207). */
  result: string;
  status: number;
  /** Milliseconds from the handler's start to the answer being built. */
  durationMs: number;
}

type TRequestFacts = Pick<TApiRequestEvent, 'requestId' | 'operation' | 'actorId' | 'keyId'>;

export type AwsApiHandler = (request: AwsApiRequest) => Promise<AwsApiResponse>;

/** The handler, and its access key cache's hit and miss counts (metrics). */
export type TObservableAwsApiHandler = AwsApiHandler & { credentialCacheStats(): { hits: number; misses: number } };

const ACCEPTED_CONTENT_TYPES = new Set([JSON_CONTENT_TYPE, 'application/x-amz-json-1.0', 'application/json']);

/** By the full X-Amz-Target value, so finding the operation costs one lookup and no string slicing. */
const OPERATIONS_BY_TARGET = new Map([...OPERATIONS].map(([name, operation]) => [`${TARGET_PREFIX}${name}`, { name, operation }]));

function acceptsContentType(value: string | undefined): boolean {
  // What SDKs and the CLI send, exactly; anything else is normalised first (parameters, case, spaces).
  return value === undefined || value === JSON_CONTENT_TYPE || ACCEPTED_CONTENT_TYPES.has(value.split(';', 1)[0]!.trim().toLowerCase());
}

function parseBody(body: Buffer): Record<string, unknown> {
  return parseJsonObjectBody(body, (message) => new AwsApiError('SerializationException', message));
}

function keyIdOf(output: unknown): string | null {
  if (output instanceof JsonText) return output.keyId;
  const direct = (output as { KeyId?: unknown } | null)?.KeyId;
  if (typeof direct === 'string') return direct;
  const described = (output as { KeyMetadata?: { KeyId?: unknown } } | null)?.KeyMetadata?.KeyId;
  return typeof described === 'string' ? described : null;
}

function errorTypeOf(response: AwsApiResponse): string {
  // Error bodies are built by errorResponse: `{"__type":"<name>",…}`; reading the name back spares the
  // error paths from threading it through.
  const match = /^\{"__type":"([A-Za-z]+)"/.exec(response.body);
  return match?.[1] ?? 'UnknownError';
}

/**
 * The AWS KMS JSON 1.1 endpoint, independent of any HTTP framework: authenticate (SigV4), find the
 * operation, parse, call one domain operation, answer in AWS's shape. Never throws.
 */
export function createAwsApiHandler(options: TAwsApiHandlerOptions): TObservableAwsApiHandler {
  const now = options.now ?? Date.now;
  const log: TApiLog = options.log ?? ((line: string) => console.error(line));
  let authenticator: ReturnType<typeof createAuthenticator> | undefined;
  const rateLimit = options.rateLimit === undefined ? DEFAULT_API_RATE_LIMIT : options.rateLimit;
  const rateLimiter = rateLimit && createApiRateLimiter({ ...rateLimit, now });
  // The context is a process-wide singleton; once it resolved, requests skip the await.
  let resolvedContext: KmsContext | undefined;

  function authenticatorFor(ctx: KmsContext) {
    authenticator ??= createAuthenticator({
      resolve: resolveApiCredential(ctx),
      recordUse: (accessKeyId) =>
        recordAccessKeyUse(ctx, { accessKeyId }).catch((error: unknown) =>
          log(`AWS API: recording the use of an access key failed: ${describeError(error)}`),
        ),
      auditFailure: (event) => ctx.store.insertAudit(event),
      clock: ctx.clock,
      now,
      log,
      changes: ctx.changes,
    });
    return authenticator;
  }

  const observe = options.observe;
  const answer = (response: AwsApiResponse, started: number, facts: TRequestFacts) => {
    // Every answer is a fresh object (errorResponse, jsonResponse): setting the ID costs no copy.
    response.requestId = facts.requestId;
    if (observe) {
      try {
        observe({
          requestId: facts.requestId,
          operation: facts.operation,
          actorId: facts.actorId,
          keyId: facts.keyId,
          result: response.status === 200 ? 'Success' : errorTypeOf(response),
          status: response.status,
          durationMs: performance.now() - started,
        });
      } catch (error) {
        log(`AWS API: observing a request failed: ${describeError(error)}`, { requestId: facts.requestId });
      }
    }
    return response;
  };

  const handle: AwsApiHandler = async (request) => {
    const started = observe ? performance.now() : 0;
    const facts: TRequestFacts = { requestId: randomUUID(), operation: 'request', actorId: null, keyId: null };
    let operationName = 'request';
    try {
      if (request.method !== 'POST') {
        return answer(errorResponse({ type: 'UnknownOperationException', message: 'Only POST is supported.', status: 405 }), started, facts);
      }
      if (request.body.length > MAX_BODY_BYTES) return answer(bodyTooLargeResponse(), started, facts);
      const ctx = resolvedContext ?? (resolvedContext = await options.getContext());
      const { actor, region } = await authenticatorFor(ctx).authenticate(request);
      // After authentication: the bucket is the access key's, so a forged ID cannot drain a real key's.
      facts.actorId = actor.id;
      rateLimiter?.take(actor.id);

      const found = OPERATIONS_BY_TARGET.get(singleHeader(request.headers, 'x-amz-target') ?? '');
      if (!found) throw new AwsApiError('UnknownOperationException', 'X-Amz-Target names no operation Keyfort supports.');
      operationName = found.name;
      facts.operation = found.name;
      if (!acceptsContentType(singleHeader(request.headers, 'content-type'))) {
        throw new AwsApiError('SerializationException', `Send the body as ${JSON_CONTENT_TYPE}.`);
      }

      const input = parseBody(request.body);
      if (observe && typeof input.KeyId === 'string') facts.keyId = input.KeyId;
      const output = await found.operation.run({ ctx, actor, scope: { region, accountId: options.accountId } }, input);
      if (observe) facts.keyId = keyIdOf(output) ?? facts.keyId;
      return answer(jsonResponse(200, output), started, facts);
    } catch (error) {
      return answer(toErrorResponse({ error, operation: operationName, log, requestId: facts.requestId }), started, facts);
    }
  };
  return Object.assign(handle, { credentialCacheStats: () => authenticator?.credentialCacheStats() ?? { hits: 0, misses: 0 } });
}

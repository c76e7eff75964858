import { randomUUID } from 'node:crypto';
import { createApiRateLimiter, DEFAULT_API_RATE_LIMIT, MAX_BODY_BYTES, parseJsonObjectBody, resolveApiCredential, singleHeader, type TApiLog, type TApiRateLimit, type TApiRequestEvent } from '@/lib/aws-api';
import { describeError, recordAccessKeyUse, type KmsContext } from '@/lib/kms';
import { createHuaweiAuthenticator } from './authenticate';
import { toHuaweiErrorResponse } from './errors';
import type { THuaweiCall, THuaweiRoute, THuaweiScope } from './operations/operation';
import { HuaweiApiError, huaweiJsonResponse, type HuaweiApiRequest, type HuaweiApiResponse } from './protocol';
import { createRouteTable } from './routes';

export interface THuaweiApiHandlerOptions {
  getContext: () => Promise<KmsContext>;
  /** The project and domain this Keyfort answers as (lib/huawei-api/scope.ts); asked once. */
  getScope: () => Promise<THuaweiScope>;
  routes: readonly THuaweiRoute[];
  /** Milliseconds since the epoch; tests move it. */
  now?: () => number;
  /** Where the API's own lines go (faults, failed side tasks); stderr by default. */
  log?: TApiLog;
  /** Per access key and process, the AWS API's limiter. Absent: DEFAULT_API_RATE_LIMIT; null: no limit. */
  rateLimit?: TApiRateLimit | null;
  /** Told of every answered request (metrics, request logs): `api` is 'huawei', `operation` the route's name. */
  observe?: (event: TApiRequestEvent) => void;
}

type TRequestFacts = Pick<TApiRequestEvent, 'requestId' | 'operation' | 'actorId' | 'keyId'>;

export type HuaweiApiHandler = (request: HuaweiApiRequest) => Promise<HuaweiApiResponse>;
export type TObservableHuaweiApiHandler = HuaweiApiHandler & { credentialCacheStats(): { hits: number; misses: number } };

const METHODS = new Set(['GET', 'POST', 'DELETE']);
/** `/v1.0/{project_id}/kms/<rest>`: the project segment as sent, and what follows `/kms/`. */
const PATH = /^\/v1\.0\/([^/]*)\/kms\/(.*)$/;

function parseBody(body: Buffer): Record<string, unknown> {
  const parsed = parseJsonObjectBody(body, (message) => new HuaweiApiError('KMS.0202', message));
  // Huawei's optional request serial number: accepted, echoed nowhere, kept from the operations. Deleted from
  // the freshly parsed object rather than copied without it: this runs on every request.
  if (Object.hasOwn(parsed, 'sequence')) delete parsed.sequence;
  return parsed;
}

/** What operations read for a request without a query string; nothing writes to a call's query. */
const NO_QUERY: Readonly<URLSearchParams> = new URLSearchParams();

function errorCodeOf(response: HuaweiApiResponse): string {
  // Error bodies are built by huaweiErrorResponse: `{"error":{"error_code":"<code>",…}}`.
  const match = /^\{"error":\{"error_code":"([A-Z]+\.\d+)"/.exec(response.body);
  return match?.[1] ?? 'UnknownError';
}

function keyIdOf(payload: unknown): string | null {
  const direct = (payload as { key_id?: unknown } | null)?.key_id;
  if (typeof direct === 'string') return direct;
  const info = (payload as { key_info?: { key_id?: unknown } } | null)?.key_info?.key_id;
  return typeof info === 'string' ? info : null;
}

/**
 * The Huawei KMS v1.0 endpoint, independent of any HTTP framework: authenticate (SDK-HMAC-SHA256), check the
 * project, find the route, parse, run one operation, answer in Huawei's shape. Never throws.
 */
export function createHuaweiApiHandler(options: THuaweiApiHandlerOptions): TObservableHuaweiApiHandler {
  const now = options.now ?? Date.now;
  const log: TApiLog = options.log ?? ((line: string) => console.error(line));
  const rateLimit = options.rateLimit === undefined ? DEFAULT_API_RATE_LIMIT : options.rateLimit;
  const rateLimiter = rateLimit && createApiRateLimiter({ ...rateLimit, now });
  const routes = createRouteTable(options.routes);
  let authenticator: ReturnType<typeof createHuaweiAuthenticator> | undefined;
  let resolved: { ctx: KmsContext; scope: THuaweiScope } | undefined;

  function authenticatorFor(ctx: KmsContext) {
    authenticator ??= createHuaweiAuthenticator({
      resolve: resolveApiCredential(ctx),
      recordUse: (accessKeyId) =>
        recordAccessKeyUse(ctx, { accessKeyId }).catch((error: unknown) => log(`Huawei API: recording the use of an access key failed: ${describeError(error)}`)),
      auditFailure: (event) => ctx.store.insertAudit(event),
      clock: ctx.clock,
      now,
      log,
      changes: ctx.changes,
    });
    return authenticator;
  }

  const observe = options.observe;
  const answer = (response: HuaweiApiResponse, started: number, facts: TRequestFacts) => {
    response.requestId = facts.requestId;
    if (observe) {
      try {
        const result = response.status < 300 ? 'Success' : errorCodeOf(response);
        observe({
          api: 'huawei',
          requestId: facts.requestId,
          operation: facts.operation,
          actorId: facts.actorId,
          keyId: facts.keyId,
          result,
          status: response.status,
          durationMs: performance.now() - started,
        });
      } catch (error) {
        log(`Huawei API: observing a request failed: ${describeError(error)}`, { requestId: facts.requestId });
      }
    }
    return response;
  };

  const handle: HuaweiApiHandler = async (request) => {
    const started = observe ? performance.now() : 0;
    const facts: TRequestFacts = { requestId: randomUUID(), operation: 'request', actorId: null, keyId: null };
    try {
      if (!METHODS.has(request.method)) throw new HuaweiApiError('KMS.0201', 'Only GET, POST and DELETE are supported.', 405);
      if (request.body.length > MAX_BODY_BYTES) throw new HuaweiApiError('KMS.0203', `The request body exceeds ${MAX_BODY_BYTES} bytes.`, 413);
      resolved ??= { ctx: await options.getContext(), scope: await options.getScope() };
      const { ctx, scope } = resolved;
      const { actor } = await authenticatorFor(ctx).authenticate(request);
      facts.actorId = actor.id;
      rateLimiter?.take(actor.id);

      const q = request.path.indexOf('?');
      const path = PATH.exec(q === -1 ? request.path : request.path.slice(0, q));
      if (!path) throw new HuaweiApiError('KMS.0201', 'Send Huawei KMS requests to /v1.0/{project_id}/kms/….', 404);
      // Huawei scopes every KMS request to the project in its URL; a token or key of another project gets no
      // access to it. No public source states the exact code Huawei answers then (checked: the IAM and API
      // gateway error tables); KMS.0306 (403, no permission) is the reference's code for a refused caller.
      const projectHeader = singleHeader(request.headers, 'x-project-id');
      if (path[1] !== scope.projectId || (projectHeader !== undefined && projectHeader !== scope.projectId)) {
        throw new HuaweiApiError('KMS.0306', `This Keyfort serves project ${scope.projectId}; the request names another project.`, 403);
      }
      const lookup = routes.lookup(request.method, path[2]!);
      if (lookup === null) throw new HuaweiApiError('KMS.0201', 'The request URL names no operation Keyfort supports.', 404);
      if (!('found' in lookup)) throw new HuaweiApiError('KMS.0201', `This URL takes ${lookup.methods.join(', ')} only.`, 405);
      const { route, params } = lookup.found;
      facts.operation = route.name;

      const body = request.method === 'GET' ? {} : parseBody(request.body);
      if (observe) facts.keyId = typeof body.key_id === 'string' ? body.key_id : (params.key_id ?? null);
      const call: THuaweiCall = { body, query: q === -1 ? NO_QUERY : new URLSearchParams(request.path.slice(q + 1)), params };
      const result = await route.operation.run({ ctx, actor, scope }, call);
      if (observe) facts.keyId = keyIdOf(result.payload) ?? facts.keyId;
      return answer(huaweiJsonResponse(result.status, result.payload), started, facts);
    } catch (error) {
      return answer(toHuaweiErrorResponse({ error, operation: facts.operation, log, requestId: facts.requestId }), started, facts);
    }
  };
  return Object.assign(handle, { credentialCacheStats: () => authenticator?.credentialCacheStats() ?? { hits: 0, misses: 0 } });
}

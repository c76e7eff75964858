import {
  apiRateLimitFromEnv,
  awsAccountIdFromEnv,
  bodyTooLargeResponse,
  createAwsApiHandler,
  MAX_BODY_BYTES,
  REQUEST_ID_HEADER,
  type AwsApiHandler,
  type AwsApiResponse,
} from '@/lib/aws-api';
import { clientAddress } from '@/lib/auth/client-address';
import { getKmsContext } from '@/lib/server/kms-context';
import { apiRequestObserver, keyfortMetrics } from '@/lib/server/metrics';
import { componentLogger, lineLogger } from '@/lib/server/logger';
import { requestLogObserver } from '@/lib/server/request-log';
import { readRouteBody } from '@/lib/server/route-body';

// The AWS KMS-compatible API on the console's port: `--endpoint-url http://host:3000/api/aws`. The same
// handler also runs on the dedicated listener (KEYFORT_API_PORT), which is the fast path.

export const dynamic = 'force-dynamic';

/**
 * The path the client signed. SDKs post to `/api/aws/`, which Next would redirect; scripts/serve.mjs
 * rewrites it to this route and says so in this header (it removes any copy a client sent). Only the two
 * spellings of this route are believed, so the header can change nothing but the slash.
 */
const SIGNED_PATH_HEADER = 'x-keyfort-signed-path';
const ROUTE_PATHS = new Set(['/api/aws', '/api/aws/']);

let handler: AwsApiHandler | undefined;
function getHandler(): AwsApiHandler {
  // Built on first use: reading the environment at import time would run during `next build`.
  if (handler) return handler;
  const metrics = keyfortMetrics();
  const log = componentLogger('api');
  const countRequest = apiRequestObserver(metrics);
  const logRequest = requestLogObserver(log);
  const created = createAwsApiHandler({
    getContext: getKmsContext,
    accountId: awsAccountIdFromEnv(process.env),
    rateLimit: apiRateLimitFromEnv(process.env),
    log: lineLogger(log),
    observe: (event) => {
      countRequest(event);
      logRequest(event);
    },
  });
  metrics.cacheSources.credential = created.credentialCacheStats;
  handler = created;
  return handler;
}

function toResponse(response: AwsApiResponse): Response {
  const headers = new Headers(response.headers);
  if (response.requestId) headers.set(REQUEST_ID_HEADER, response.requestId);
  return new Response(response.body, { status: response.status, headers });
}

async function handle(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const signedPath = request.headers.get(SIGNED_PATH_HEADER);
  const path = (signedPath !== null && ROUTE_PATHS.has(signedPath) ? signedPath : url.pathname) + url.search;
  const body = request.method === 'POST' ? await readRouteBody(request, MAX_BODY_BYTES) : Buffer.alloc(0);
  if (body === null) return toResponse(bodyTooLargeResponse());
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // scripts/serve.ts left exactly the one address it believes in X-Forwarded-For.
  return toResponse(await getHandler()({ method: request.method, path, headers, body, clientAddress: clientAddress(request.headers) }));
}

export const POST = handle;
export const GET = handle;
export const PUT = handle;
export const DELETE = handle;
export const PATCH = handle;

import { apiRateLimitFromEnv, MAX_BODY_BYTES } from '@/lib/aws-api';
import {
  createHuaweiApiHandler,
  HUAWEI_REQUEST_ID_HEADER,
  HUAWEI_ROUTES,
  huaweiErrorResponse,
  type HuaweiApiHandler,
  type HuaweiApiResponse,
} from '@/lib/huawei-api';
import { clientAddress } from '@/lib/auth/client-address';
import { getHuaweiScope } from '@/lib/server/huawei-scope';
import { getKmsContext } from '@/lib/server/kms-context';
import { componentLogger, lineLogger } from '@/lib/server/logger';
import { apiRequestObserver, keyfortMetrics } from '@/lib/server/metrics';
import { requestLogObserver } from '@/lib/server/request-log';
import { readRouteBody } from '@/lib/server/route-body';

// The Huawei KMS v1.0-compatible API on the console's port: `https://host:3000/v1.0/{project_id}/kms/…`. The
// same handler runs on the dedicated listener (KEYFORT_API_PORT), the fast path. No session: every request
// is authenticated by its SDK-HMAC-SHA256 signature (proxy.ts lets /v1.0/ through).

export const dynamic = 'force-dynamic';

let handler: HuaweiApiHandler | undefined;
function getHandler(): HuaweiApiHandler {
  // Built on first use: reading the environment at import time would run during `next build`.
  if (handler) return handler;
  const log = componentLogger('api');
  const countRequest = apiRequestObserver(keyfortMetrics());
  const logRequest = requestLogObserver(log);
  handler = createHuaweiApiHandler({
    getContext: getKmsContext,
    getScope: getHuaweiScope,
    routes: HUAWEI_ROUTES,
    rateLimit: apiRateLimitFromEnv(process.env),
    log: lineLogger(log),
    observe: (event) => {
      countRequest(event);
      logRequest(event);
    },
  });
  return handler;
}

function toResponse(response: HuaweiApiResponse): Response {
  const headers = new Headers(response.headers);
  if (response.requestId) headers.set(HUAWEI_REQUEST_ID_HEADER, response.requestId);
  // A 204 may carry no body at all (the Fetch API refuses an empty string for it).
  return new Response(response.status === 204 ? null : response.body, { status: response.status, headers });
}

async function handle(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const body = request.method === 'GET' || request.method === 'HEAD' ? Buffer.alloc(0) : await readRouteBody(request, MAX_BODY_BYTES);
  if (body === null) return toResponse(huaweiErrorResponse({ code: 'KMS.0203', message: `The request body exceeds ${MAX_BODY_BYTES} bytes.`, status: 413 }));
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // scripts/serve.ts left exactly the one address it believes in X-Forwarded-For.
  return toResponse(await getHandler()({ method: request.method, path: url.pathname + url.search, headers, body, clientAddress: clientAddress(request.headers) }));
}

export const POST = handle;
export const GET = handle;
export const PUT = handle;
export const DELETE = handle;
export const PATCH = handle;

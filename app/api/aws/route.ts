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
import { REFUSED_BODY_DRAIN } from '@/lib/server/listener-timeouts';
import { apiRequestObserver, keyfortMetrics } from '@/lib/server/metrics';
import { componentLogger, lineLogger } from '@/lib/server/logger';
import { requestLogObserver } from '@/lib/server/request-log';

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

/**
 * After the 413, reads and drops the rest of the body within REFUSED_BODY_DRAIN, then gives up. Cancelling
 * at once would destroy the socket with the client's bytes unread, and the kernel's reset would make a
 * client that is still sending lose the 413 (ECONNRESET).
 */
function dropRest(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead: number): void {
  let drained = alreadyRead;
  const giveUp = () => void reader.cancel().catch(() => undefined);
  const deadline = setTimeout(giveUp, REFUSED_BODY_DRAIN.maxMs);
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      drained += value.length;
      if (drained > REFUSED_BODY_DRAIN.maxBytes) return giveUp();
    }
  })()
    .catch(() => undefined)
    .finally(() => clearTimeout(deadline));
}

/** Reads at most MAX_BODY_BYTES; null (the rest dropped in the background) as soon as the body is larger. */
async function readBody(request: Request): Promise<Buffer | null> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
    dropRest(reader, 0);
    return null;
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > MAX_BODY_BYTES) {
      dropRest(reader, length);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length);
}

async function handle(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const signedPath = request.headers.get(SIGNED_PATH_HEADER);
  const path = (signedPath !== null && ROUTE_PATHS.has(signedPath) ? signedPath : url.pathname) + url.search;
  const body = request.method === 'POST' ? await readBody(request) : Buffer.alloc(0);
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

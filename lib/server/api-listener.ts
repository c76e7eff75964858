import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import {
  bodyTooLargeResponse,
  errorResponse,
  internalFaultResponse,
  MAX_BODY_BYTES,
  REQUEST_ID_HEADER,
  type AwsApiHandler,
  type AwsApiRequest,
  type AwsApiResponse,
  type TApiLog,
} from '@/lib/aws-api';
import {
  HUAWEI_PATH_PREFIX,
  HUAWEI_REQUEST_ID_HEADER,
  huaweiErrorResponse,
  huaweiInternalFaultResponse,
  type HuaweiApiHandler,
  type HuaweiApiResponse,
} from '@/lib/huawei-api';
import { DEFAULT_LISTENER_TIMEOUTS, REFUSED_BODY_DRAIN, timeoutServerOptions, type TListenerTimeouts } from './listener-timeouts';
import { clientAddressResolver } from './forwarded-headers';
import { componentLogger, lineLogger } from './logger';
import { createNodeServer } from './node-server';
import { answerOpsRequest, type TOpsEndpoints } from './ops-endpoints';
import type { TTlsSettings } from './tls-settings';
import { parseTrustedProxies, type TTrustedProxies } from './trusted-proxies';
import { responseWriter, serveWholeRequests } from './whole-request-connections';

/**
 * Where the dedicated listener answers AWS requests: `/` (AWS's own endpoint shape) and `/api/aws` (as the
 * console port). Huawei requests go to paths under HUAWEI_PATH_PREFIX (`/v1.0/`).
 */
export const API_PATHS: ReadonlySet<string> = new Set(['/', '/api/aws', '/api/aws/']);

/** What differs between the two APIs at the socket: where the request ID goes, and the shape of a fault. */
interface TApiFlavour {
  requestIdHeader: string;
  fault: (options: { error: unknown; where: string; log?: Log }) => AwsApiResponse | HuaweiApiResponse;
  tooLarge: () => AwsApiResponse | HuaweiApiResponse;
}

const AWS_FLAVOUR: TApiFlavour = { requestIdHeader: REQUEST_ID_HEADER, fault: internalFaultResponse, tooLarge: bodyTooLargeResponse };
const HUAWEI_FLAVOUR: TApiFlavour = {
  requestIdHeader: HUAWEI_REQUEST_ID_HEADER,
  fault: huaweiInternalFaultResponse,
  tooLarge: () => huaweiErrorResponse({ code: 'KMS.0203', message: `The request body exceeds ${MAX_BODY_BYTES} bytes.`, status: 413 }),
};

type TAnyApiResponse = AwsApiResponse | HuaweiApiResponse;

function write(res: ServerResponse, response: TAnyApiResponse, flavour: TApiFlavour = AWS_FLAVOUR): void {
  // The shared headers are copied here anyway (for the length): the request ID joins that copy. The
  // whole-request path writes the same headers in the same order (responseWriter).
  const headers: Record<string, string | number> = { ...response.headers, 'content-length': Buffer.byteLength(response.body) };
  if (response.requestId) headers[flavour.requestIdHeader] = response.requestId;
  res.writeHead(response.status, headers);
  res.end(response.body);
}

type Log = TApiLog;

/** Never throws: a response that cannot be written (a bug) is logged, and becomes a 500 if nothing was sent yet. */
function send(res: ServerResponse, response: TAnyApiResponse, log: Log, flavour: TApiFlavour = AWS_FLAVOUR): void {
  try {
    write(res, response, flavour);
  } catch (error) {
    const fault = flavour.fault({ error, where: 'listener, writing the response', log });
    if (res.headersSent) return void res.destroy();
    try {
      write(res, fault, flavour);
    } catch {
      res.destroy();
    }
  }
}

/** After our half-close, how long the client gets to read the answer before the socket is closed. */
const LINGER_MS = 2_000;

/**
 * Answers 413 at once, then reads and drops what the client still sends, within REFUSED_BODY_DRAIN. The
 * response is written but not ended (node would close the socket right after it, unread bytes and all):
 * once the body has ended, the connection closes cleanly. A client that goes on past the bounds gets our
 * half of the connection closed (FIN, after the answer), and the socket shortly after.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, alreadyRead: number, flavour: TApiFlavour): void {
  const response = flavour.tooLarge();
  res.shouldKeepAlive = false;
  res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body), connection: 'close' });
  res.write(response.body);
  let drained = alreadyRead;
  let gaveUp = false;
  const giveUp = () => {
    if (gaveUp) return;
    gaveUp = true;
    clearTimeout(deadline);
    req.socket.end();
    setTimeout(() => req.socket.destroy(), LINGER_MS).unref();
  };
  const deadline = setTimeout(giveUp, REFUSED_BODY_DRAIN.maxMs);
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > REFUSED_BODY_DRAIN.maxBytes) giveUp();
  });
  req.once('end', () => {
    clearTimeout(deadline);
    if (!gaveUp) res.end();
  });
  req.once('close', () => clearTimeout(deadline));
}

function declaredTooLarge(req: IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES;
}

const NO_TRUSTED_PROXIES = parseTrustedProxies(undefined);

interface TRoute {
  handler: (request: AwsApiRequest) => Promise<TAnyApiResponse>;
  flavour: TApiFlavour;
}

const NOT_FOUND = errorResponse({ type: 'UnknownOperationException', message: 'Send AWS KMS requests to / or /api/aws.', status: 404 });

/**
 * The AWS API on a plain node:http (or, with `tls`, node:https) server: no framework between the socket and
 * the handler, which is what keeps the data plane fast (README, "Speed"). Without TLS, requests that arrive
 * whole and plain skip node's request and response objects too (whole-request-connections.ts). Bodies are
 * buffered up to MAX_BODY_BYTES. The client address handed to the handler (for the audit) is the socket's
 * peer, or what X-Forwarded-For says when the peer is one of `trustedProxies` (lib/server/forwarded-headers.ts).
 */
export function createApiListener(options: {
  handler: AwsApiHandler;
  /** The Huawei KMS API, under /v1.0/; absent, those paths are 404 like any other. */
  huawei?: HuaweiApiHandler;
  log?: Log;
  tls?: TTlsSettings | null;
  timeouts?: TListenerTimeouts;
  trustedProxies?: TTrustedProxies;
  /** /healthz, /readyz and /metrics (ops-endpoints.ts); absent, those paths are 404 like any other. */
  ops?: TOpsEndpoints;
}): Server {
  const log = options.log ?? lineLogger(componentLogger('api'));
  const clientAddressOf = clientAddressResolver(options.trustedProxies ?? NO_TRUSTED_PROXIES);
  const timeouts = options.timeouts ?? DEFAULT_LISTENER_TIMEOUTS;
  const routeOf = (target: string): TRoute | null => {
    if (options.huawei && target.startsWith(HUAWEI_PATH_PREFIX)) return { handler: options.huawei, flavour: HUAWEI_FLAVOUR };
    const q = target.indexOf('?');
    return API_PATHS.has(q === -1 ? target : target.slice(0, q)) ? { handler: options.handler, flavour: AWS_FLAVOUR } : null;
  };
  // The handlers answer every error themselves and never reject; both paths answer a rejection with this fault,
  // a last resort, not a code path.
  const rejected = (flavour: TApiFlavour, error: unknown) => flavour.fault({ error, where: 'listener, the handler rejected', log });

  const server = createNodeServer({ tls: options.tls ?? null, options: timeoutServerOptions(timeouts) }, (req, res) => {
    if (options.ops && answerOpsRequest(req, res, options.ops)) return;
    const target = req.url ?? '/';
    const route = routeOf(target);
    if (!route) {
      req.resume();
      return send(res, NOT_FOUND, log);
    }
    const { flavour } = route;
    if (declaredTooLarge(req)) return refuseTooLarge(req, res, 0, flavour);

    const chunks: Buffer[] = [];
    let length = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      length += chunk.length;
      if (length > MAX_BODY_BYTES) {
        refused = true;
        chunks.length = 0;
        return refuseTooLarge(req, res, length, flavour);
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
      const request = { method: req.method ?? 'GET', path: target, headers: req.headers, rawHeaders: req.rawHeaders, body, clientAddress: clientAddressOf(req) };
      route.handler(request).then(
        (response) => send(res, response, log, flavour),
        (error: unknown) => send(res, rejected(flavour, error), log, flavour),
      );
    });
    req.on('error', () => res.destroy());
  });

  // TLS costs far more than node:http's objects do; over TLS, node:https serves every request.
  if (!options.tls) {
    const responseText = responseWriter(timeouts.keepAliveMs);
    const wire = (response: TAnyApiResponse, flavour: TApiFlavour) => {
      try {
        return responseText(response, flavour.requestIdHeader);
      } catch (error) {
        try {
          return responseText(flavour.fault({ error, where: 'listener, writing the response', log }), flavour.requestIdHeader);
        } catch {
          return null;
        }
      }
    };
    serveWholeRequests(server, {
      maxBodyBytes: MAX_BODY_BYTES,
      keepAliveMs: timeouts.keepAliveMs,
      answer: (whole, socket, respond) => {
        // Ops endpoints and unknown paths are answered by node, on the connection handed to it.
        const route = routeOf(whole.target);
        if (!route) return false;
        const { flavour } = route;
        const { headers, body } = whole;
        const request = { method: whole.method, path: whole.target, headers, body, clientAddress: clientAddressOf({ socket, headers }) };
        route.handler(request).then(
          (response) => respond(wire(response, flavour)),
          (error: unknown) => respond(wire(rejected(flavour, error), flavour)),
        );
        return true;
      },
    });
  }
  server.keepAliveTimeout = timeouts.keepAliveMs;
  // A client announcing an oversized body with `Expect: 100-continue` gets its 413 instead of a go-ahead.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (!declaredTooLarge(req)) res.writeContinue();
    server.emit('request', req, res);
  });
  return server;
}

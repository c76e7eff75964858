import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { bodyTooLargeResponse, errorResponse, internalFaultResponse, MAX_BODY_BYTES, type AwsApiHandler, type AwsApiResponse } from '@/lib/aws-api';
import { createNodeServer } from './node-server';
import type { TTlsSettings } from './tls-settings';

/** Where the dedicated listener answers: `/` (AWS's own endpoint shape) and `/api/aws` (as the console port). */
export const API_PATHS: ReadonlySet<string> = new Set(['/', '/api/aws', '/api/aws/']);

function write(res: ServerResponse, response: AwsApiResponse): void {
  res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
  res.end(response.body);
}

type Log = (line: string) => void;

/** Never throws: a response that cannot be written (a bug) is logged, and becomes a 500 if nothing was sent yet. */
function send(res: ServerResponse, response: AwsApiResponse, log: Log): void {
  try {
    write(res, response);
  } catch (error) {
    const fault = internalFaultResponse({ error, where: 'listener, writing the response', log });
    if (res.headersSent) return void res.destroy();
    try {
      write(res, fault);
    } catch {
      res.destroy();
    }
  }
}

/** Refuses and closes without reading the rest: a client streaming megabytes must not cost more than that. */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
  const response = bodyTooLargeResponse();
  res.shouldKeepAlive = false;
  res.writeHead(response.status, { ...response.headers, connection: 'close' });
  res.end(response.body, () => req.destroy());
}

const NOT_FOUND = errorResponse({ type: 'UnknownOperationException', message: 'Send AWS KMS requests to / or /api/aws.', status: 404 });

/**
 * The AWS API on a plain node:http (or, with `tls`, node:https) server: no framework between the socket and
 * the handler, which is what keeps the data plane fast (README, "Speed"). Bodies are buffered up to
 * MAX_BODY_BYTES. Forwarding headers (X-Forwarded-*) are passed on as any other header and read by nobody.
 */
export function createApiListener(options: { handler: AwsApiHandler; log?: Log; tls?: TTlsSettings | null }): Server {
  const log = options.log ?? ((line: string) => console.error(line));
  return createNodeServer({ tls: options.tls ?? null }, (req, res) => {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    if (!API_PATHS.has(q === -1 ? target : target.slice(0, q))) {
      req.resume();
      return send(res, NOT_FOUND, log);
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) return refuseTooLarge(req, res);

    const chunks: Buffer[] = [];
    let length = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      length += chunk.length;
      if (length > MAX_BODY_BYTES) {
        refused = true;
        return refuseTooLarge(req, res);
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
      options.handler({ method: req.method ?? 'GET', path: target, headers: req.headers, body }).then(
        (response) => send(res, response, log),
        // The handler answers every error itself and never rejects; this is a last resort, not a code path.
        (error: unknown) => send(res, internalFaultResponse({ error, where: 'listener, the handler rejected', log }), log),
      );
    });
    req.on('error', () => res.destroy());
  });
}

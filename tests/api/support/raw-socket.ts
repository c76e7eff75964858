// HTTP/1.1 written by hand on a TCP socket: for clients no library would be, ones that lie about their
// Content-Length, stall in their headers, or go on sending after the server has answered.
import { connect, type Socket } from 'node:net';

export interface TRawExchange {
  /** Everything the server sent, as latin1 text. */
  received: string;
  /** The first socket error (ECONNRESET, EPIPE), if any. */
  error: NodeJS.ErrnoException | null;
  /** Milliseconds from connecting until the connection was closed. */
  closedAfterMs: number;
  /** The first response in `received`: status and parsed JSON body (undefined when absent or not JSON). */
  status: number | undefined;
  json: Record<string, unknown> | undefined;
}

export interface TRawClientOptions {
  port: number;
  /** Writes the request; `socket.write` with backpressure, see writeAll. Resolves when the client is done writing. */
  send: (socket: Socket, state: { answered: () => boolean }) => Promise<void>;
  /** Give up (and fail) after this long: a connection the server never closes. */
  withinMs: number;
}

/** Writes `data`, waiting for the socket to drain when its buffer is full; false once the socket is gone. */
export function writeAll(socket: Socket, data: Buffer | string): Promise<boolean> {
  if (socket.destroyed || socket.writableEnded) return Promise.resolve(false);
  if (socket.write(data)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      socket.off('drain', onDrain);
      socket.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    socket.once('drain', onDrain);
    socket.once('close', onClose);
  });
}

/** The data of a chunked body (as far as it arrived). */
function dechunk(text: string): string {
  let body = '';
  for (let at = 0; ; ) {
    const lineEnd = text.indexOf('\r\n', at);
    const size = lineEnd === -1 ? NaN : parseInt(text.slice(at, lineEnd), 16);
    if (!(size > 0)) return body;
    body += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

function parseFirstResponse(received: string): Pick<TRawExchange, 'status' | 'json'> {
  const head = received.indexOf('\r\n\r\n');
  if (head === -1) return { status: undefined, json: undefined };
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]);
  const headers = received.slice(0, head);
  const length = Number(/\r\ncontent-length: *(\d+)/i.exec(headers)?.[1] ?? -1);
  const rest = received.slice(head + 4);
  const body = /\r\ntransfer-encoding: *chunked/i.test(headers) ? dechunk(rest) : length >= 0 ? rest.slice(0, length) : rest;
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status, json };
}

/** Connects, lets `send` write, collects the answer until the server closes the connection. */
export function rawExchange(options: TRawClientOptions): Promise<TRawExchange> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect({ host: '127.0.0.1', port: options.port });
    let received = '';
    let error: NodeJS.ErrnoException | null = null;
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', (cause: NodeJS.ErrnoException) => (error ??= cause));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${options.withinMs} ms; received so far: ${received.slice(0, 200)}`));
    }, options.withinMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ received, error, closedAfterMs: performance.now() - started, ...parseFirstResponse(received) });
    });
    socket.once('connect', () => {
      options.send(socket, { answered: () => received.length > 0 }).then(
        // The client has said all it will: it half-closes and reads on, as an HTTP client does.
        () => socket.end(),
        (cause: unknown) => socket.destroy(cause as Error),
      );
    });
  });
}

export const unsignedRequestHead = (headers: Record<string, string>, path = '/') =>
  [
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Content-Type: application/x-amz-json-1.1',
    'X-Amz-Target: TrentService.ListKeys',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');

/** A connection to a local listener, and everything it received until it closed. */
export function openConnection(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('error', reject);
    socket.once('connect', () => resolve({ socket, received: () => received, closed }));
  });
}

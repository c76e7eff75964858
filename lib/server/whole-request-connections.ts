import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { HTTP_TOKEN, readWholeRequest, type TWholeRequest } from './whole-request';

/**
 * The API listener's own path for plain requests that arrive whole (whole-request.ts says which). node:http's
 * request and response objects and streams, with the listener's timeouts, cost about 10 µs of CPU a request
 * (bench/README.md); a KMS request is one small JSON exchange, so reading it from the socket's chunk and
 * answering with one write does the same work for less. Everything else is node's, unchanged: at the first request this path does not take (a
 * partial one, an ops or unknown path, anything unusual) the connection is handed to node:http's own
 * connection listener with the bytes read so far, and stays there. So node keeps every limit it enforces
 * (headers and request timeouts, 413, 431, 400s, 100-continue); this path enforces only the keep-alive
 * timeout, as node does, on the connections it keeps.
 */
export interface TWholeRequestServing {
  maxBodyBytes: number;
  keepAliveMs: number;
  /**
   * Takes a request read whole and later calls `respond` once with the bytes of its answer (responseWriter),
   * or null when no answer could be written (the connection is cut). False leaves the request, and the
   * connection, to node.
   */
  answer: (request: TWholeRequest, socket: Socket, respond: TRespond) => boolean;
}

type TRespond = (response: string | Buffer | null) => void;
type TConnectionListener = (this: Server, socket: Socket) => void;

/** Takes over `server`'s connections (a node:http server, before it listens) as described above. */
export function serveWholeRequests(server: Server, serving: TWholeRequestServing): void {
  const listeners = server.listeners('connection');
  if (listeners.length !== 1) throw new Error('serveWholeRequests expects a node:http server with only its own connection listener');
  const nodeListener = listeners[0] as TConnectionListener;
  server.removeListener('connection', nodeListener);
  const live = new Set<WholeRequestConnection>();
  const handOver = (connection: WholeRequestConnection) => {
    live.delete(connection);
    nodeListener.call(server, connection.socket);
  };
  server.on('connection', (socket: Socket) => void live.add(new WholeRequestConnection(socket, serving, handOver, live)));

  // http.Server.close() calls closeIdleConnections, and lib/server/graceful-close.ts calls both: each also
  // reaches the connections node does not know of.
  const closeIdle = server.closeIdleConnections.bind(server);
  server.closeIdleConnections = () => {
    closeIdle();
    for (const connection of live) connection.closeIfIdle();
  };
  const closeAll = server.closeAllConnections.bind(server);
  server.closeAllConnections = () => {
    closeAll();
    for (const connection of live) connection.socket.destroy();
  };
}

/**
 * One connection while this path serves it: one request at a time, in order. Bytes that arrive while a
 * request is answered wait (the socket pauses, so at most one read waits), and are read once it is. A
 * connection where nothing moves for the keep-alive timeout is closed, unless a request is being answered:
 * an idle client, and also one that stopped reading its answers (node would wait for that one forever).
 */
class WholeRequestConnection {
  private pending: Buffer | null = null;
  private answering = false;
  private clientEnded = false;
  private readonly listeners = {
    data: (chunk: Buffer) => this.received(chunk),
    end: () => this.clientEnd(),
    timeout: () => this.idleTimeout(),
    drain: () => this.drained(),
    error: () => this.socket.destroy(),
    close: () => this.live.delete(this),
  };
  private readonly respond: TRespond = (response) => this.send(response);

  constructor(
    readonly socket: Socket,
    private readonly serving: TWholeRequestServing,
    private readonly handOver: (connection: WholeRequestConnection) => void,
    private readonly live: Set<WholeRequestConnection>,
  ) {
    for (const [event, listener] of Object.entries(this.listeners)) socket.on(event, listener);
    // Inactivity: reads and writes push it back, so it runs from the last answer when the client is idle.
    socket.setTimeout(serving.keepAliveMs);
  }

  closeIfIdle(): void {
    if (!this.answering && this.pending === null) this.socket.destroy();
  }

  private received(chunk: Buffer): void {
    this.pending = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    if (this.answering) this.socket.pause();
    else this.serveNext();
  }

  private serveNext(): void {
    const pending = this.pending;
    if (pending === null) {
      if (this.clientEnded) this.socket.end();
      return;
    }
    const request = readWholeRequest(pending, this.serving.maxBodyBytes);
    if (!request) return this.leaveToNode();
    // Moved past the request before answering: an answer given at once must find the next one.
    this.pending = request.end === pending.length ? null : pending.subarray(request.end);
    this.answering = true;
    if (!this.serving.answer(request, this.socket, this.respond)) {
      this.answering = false;
      this.pending = pending;
      return this.leaveToNode();
    }
  }

  private send(response: string | Buffer | null): void {
    this.answering = false;
    if (response === null) return void this.socket.destroy();
    if (this.socket.destroyed) return;
    const flushed = this.socket.write(response);
    // Waiting for the client to read what it was sent, as node does, before reading what it sends next.
    if (!flushed) return void this.socket.pause();
    this.socket.resume();
    this.serveNext();
  }

  private drained(): void {
    if (this.answering) return;
    this.socket.resume();
    this.serveNext();
  }

  private clientEnd(): void {
    this.clientEnded = true;
    if (!this.answering && this.pending === null) this.socket.end();
  }

  private idleTimeout(): void {
    if (!this.answering) this.socket.destroy();
  }

  private leaveToNode(): void {
    for (const [event, listener] of Object.entries(this.listeners)) this.socket.removeListener(event, listener);
    this.socket.setTimeout(0);
    const pending = this.pending;
    this.pending = null;
    // A client that has half-closed cannot finish the request node would be waiting for.
    if (this.clientEnded) return void this.socket.destroy();
    this.handOver(this);
    this.socket.resume();
    if (pending !== null) this.socket.unshift(pending);
  }
}

const BODILESS_STATUSES: ReadonlySet<number> = new Set([204, 304]);
const ASCII_VALUE = /^[\t\x20-\x7e]*$/;
const LATIN1_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The errors node's writeHead throws, with their codes: the fault log names the code. */
function codedError(Type: typeof TypeError, code: string, message: string): Error {
  return Object.assign(new Type(message), { code });
}

let dateSecond = -1;
let dateLine = '';
function currentDateLine(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateLine = `Date: ${new Date(now).toUTCString()}\r\n`;
  }
  return dateLine;
}

/** A block of header lines checked as node checks them; cached for frozen header objects (shared constants). */
const headerBlocks = new WeakMap<object, { lines: string; latin1: boolean }>();

/** Throws where node's writeHead would; true for a value past ASCII (sent as latin1). */
function isLatin1Header(name: string, value: string): boolean {
  if (!HTTP_TOKEN.test(name)) throw codedError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `Header name must be a valid HTTP token ["${name}"]`);
  if (ASCII_VALUE.test(value)) return false;
  if (!LATIN1_VALUE.test(value)) throw codedError(TypeError, 'ERR_INVALID_CHAR', `Invalid character in header content ["${name}"]`);
  return true;
}

function headerBlock(headers: Readonly<Record<string, string>>): { lines: string; latin1: boolean } {
  const known = headerBlocks.get(headers);
  if (known) return known;
  let lines = '';
  let latin1 = false;
  for (const name in headers) {
    const value = headers[name]!;
    latin1 = isLatin1Header(name, value) || latin1;
    lines += `${name}: ${value}\r\n`;
  }
  const block = { lines, latin1 };
  if (Object.isFrozen(headers)) headerBlocks.set(headers, block);
  return block;
}

export interface TWiredResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
  /** Sent after the headers and Content-Length, under `idHeader`, when present. */
  requestId?: string;
}

/**
 * Writes responses as node:http writes them for writeHead(status, { ...headers, 'content-length', [idHeader]:
 * requestId }) and end(body) on a kept-alive HTTP/1.1 connection: the status line, the headers in that order,
 * then Date, Connection and Keep-Alive; no body for 204 and 304. A status outside 100–999, header names and
 * values node would refuse (not a token; controls, past U+00FF) throw here too.
 */
export function responseWriter(keepAliveMs: number): (response: TWiredResponse, idHeader: string) => string | Buffer {
  const connectionLines = `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(keepAliveMs / 1000)}\r\n\r\n`;
  return ({ status, headers, body, requestId }, idHeader) => {
    if (!Number.isInteger(status) || status < 100 || status > 999) throw codedError(RangeError, 'ERR_HTTP_INVALID_STATUS_CODE', `Invalid status code: ${status}`);
    const block = headerBlock(headers);
    let latin1 = block.latin1;
    let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'unknown'}\r\n${block.lines}content-length: ${Buffer.byteLength(body)}\r\n`;
    if (requestId) {
      latin1 = isLatin1Header(idHeader, requestId) || latin1;
      head += `${idHeader}: ${requestId}\r\n`;
    }
    head += currentDateLine() + connectionLines;
    // Node sends the head with the first piece of body, in the body's encoding (UTF-8), and a head
    // without body as latin1: the two differ only for a header value past ASCII.
    if (body !== '' && !BODILESS_STATUSES.has(status) && status >= 200) return head + body;
    return latin1 ? Buffer.from(head, 'latin1') : head;
  };
}

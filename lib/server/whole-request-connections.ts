import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { readWholeRequest, type TWholeRequest } from './whole-request';

/**
 * The API listener's own path for plain requests that arrive whole (whole-request.ts says which). node:http
 * spends about 14 µs of CPU per request on its objects and streams (bench/README.md); a KMS request is one
 * small JSON exchange, so reading it from the socket's chunk and answering with one write does the same
 * work for less. Everything else is node's, unchanged: at the first request this path does not take (a
 * partial one, an ops or unknown path, anything unusual) the connection is handed to node:http's own
 * connection listener with the bytes read so far, and stays there. So node keeps every limit it enforces
 * (headers and request timeouts, 413, 431, 400s, 100-continue); this path enforces only the keep-alive
 * timeout, as node does, on the connections it keeps.
 */
export interface TWholeRequestServing {
  maxBodyBytes: number;
  keepAliveMs: number;
  /**
   * The answer to a request read whole, as the bytes to send (responseWriter), from a promise that never
   * rejects (null: the answer could not be written, and the connection is cut); or null to leave the
   * request, and the connection, to node.
   */
  answer: (request: TWholeRequest, socket: Socket) => Promise<string | Buffer | null> | null;
}

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
 * request is answered wait (the socket pauses, so at most one read waits), and are read once it is.
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
    const answer = request && this.serving.answer(request, this.socket);
    if (!request || !answer) return this.leaveToNode();
    this.pending = request.end === pending.length ? null : pending.subarray(request.end);
    this.answering = true;
    void answer.then((response) => this.send(response));
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
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
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

/**
 * Writes responses as node:http writes them for the same writeHead(status, headers) and end(body) on a
 * kept-alive HTTP/1.1 connection: the status line, the headers in their order, then Date, Connection and
 * Keep-Alive; no body for 204 and 304. A status outside 100–999, header names and values node would refuse
 * (not a token; controls, past U+00FF) throw here too.
 */
export function responseWriter(keepAliveMs: number): (status: number, headers: Readonly<Record<string, string | number>>, body: string) => string | Buffer {
  const connectionLines = `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(keepAliveMs / 1000)}\r\n\r\n`;
  return (status, headers, body) => {
    if (!Number.isInteger(status) || status < 100 || status > 999) throw codedError(RangeError, 'ERR_HTTP_INVALID_STATUS_CODE', `Invalid status code: ${status}`);
    let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'unknown'}\r\n`;
    let latin1 = false;
    for (const name in headers) {
      if (!TOKEN.test(name)) throw codedError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `Header name must be a valid HTTP token ["${name}"]`);
      const value = String(headers[name]);
      if (!ASCII_VALUE.test(value)) {
        if (!LATIN1_VALUE.test(value)) throw codedError(TypeError, 'ERR_INVALID_CHAR', `Invalid character in header content ["${name}"]`);
        latin1 = true;
      }
      head += `${name}: ${value}\r\n`;
    }
    head += currentDateLine() + connectionLines;
    // Node sends the head with the first piece of body, in the body's encoding (UTF-8), and a head
    // without body as latin1: the two differ only for a header value past ASCII.
    if (body !== '' && !BODILESS_STATUSES.has(status) && status >= 200) return head + body;
    return latin1 ? Buffer.from(head, 'latin1') : head;
  };
}

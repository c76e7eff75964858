import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AwsApiHandler, AwsApiResponse } from '@/lib/aws-api';
import { createApiListener } from './api-listener';
import { closeGracefully } from './graceful-close';
import { responseWriter, serveWholeRequests } from './whole-request-connections';

// The API listener's own path for whole requests (whole-request-connections.ts), seen from a client: what it
// answers must be byte for byte what node:http answers, and every connection it gives up must carry on
// under node as if node had had it from the start.

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => closeGracefully(server, 1_000)));
});

async function listen(options: { handler?: AwsApiHandler; huawei?: AwsApiHandler; keepAliveMs?: number }): Promise<number> {
  const server = createApiListener({
    handler: options.handler ?? (async () => ({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}' })),
    huawei: options.huawei,
    log: () => undefined,
    timeouts: { headersMs: 5_000, requestMs: 10_000, keepAliveMs: options.keepAliveMs ?? 5_000 },
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function request(path: string, body: string, extraHeaders = ''): string {
  return `POST ${path} HTTP/1.1\r\nHost: kms\r\n${extraHeaders}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
/** A request node:http reads and this path leaves to it (a header twice): the same answer, through node. */
const throughNode = (path: string, body: string) => request(path, body, 'X-Twice: 1\r\nX-Twice: 2\r\n');

/**
 * Complete responses in `text` (each with a Content-Length); Date lines and fault incident IDs blanked, as
 * they differ from one response to the next.
 */
function responses(text: string): string[] {
  const found: string[] = [];
  for (let at = 0; at < text.length; ) {
    const headEnd = text.indexOf('\r\n\r\n', at);
    if (headEnd === -1) break;
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(text.slice(at, headEnd))?.[1] ?? 0);
    const end = headEnd + 4 + length;
    if (end > text.length) break;
    found.push(
      text
        .slice(at, end)
        .replace(/\r\nDate: [^\r]*/, '\r\nDate: -')
        .replace(/Incident [0-9a-f-]{36}/, 'Incident -'),
    );
    at = end;
  }
  return found;
}

class Client {
  readonly socket: Socket;
  received = '';
  readonly closed: Promise<void>;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (chunk: Buffer) => (this.received += chunk.toString('latin1')));
    this.socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => this.socket.on('close', () => resolve()));
  }

  async send(...chunks: string[]): Promise<void> {
    for (const chunk of chunks) await new Promise<void>((resolve) => this.socket.write(Buffer.from(chunk, 'utf8'), () => resolve()));
  }

  /** Waits until `count` responses have arrived in all. */
  responses(count: number): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = responses(this.received);
        if (found.length < count) return;
        this.socket.off('data', check);
        resolve(found);
      };
      this.socket.on('data', check);
      this.socket.once('close', () => reject(new Error(`closed after ${responses(this.received).length} of ${count} responses: ${this.received}`)));
      check();
    });
  }
}

async function answerBothWays(port: number, path: string, body: string): Promise<{ own: string; node: string }> {
  const own = new Client(port);
  await own.send(request(path, body));
  const node = new Client(port);
  await node.send(throughNode(path, body));
  const [[ownAnswer], [nodeAnswer]] = await Promise.all([own.responses(1), node.responses(1)]);
  own.socket.destroy();
  node.socket.destroy();
  return { own: ownAnswer!, node: nodeAnswer! };
}

describe("the API listener's own path for whole requests", () => {
  it.each<[string, AwsApiResponse]>([
    ['an AWS answer with a request ID and a UTF-8 body', { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"ok":"é✓"}', requestId: 'request-7' }],
    ['an AWS error', { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"__type":"NotFoundException"}' }],
    ['a response that cannot be written (answered 500)', { status: 42, headers: {}, body: 'x' }],
    ['a header value in latin1', { status: 200, headers: { 'x-note': 'caf\u00e9' }, body: '{}' }],
  ])('answers byte for byte as node:http does: %s', async (_, response) => {
    const port = await listen({ handler: async () => response });
    const { own, node } = await answerBothWays(port, '/', '{}');
    expect(own).toBe(node);
    expect(own).toMatch(/^HTTP\/1\.1 \d{3} /);
  });

  it('answers a Huawei 204 (no body) and its X-Request-Id byte for byte as node:http does', async () => {
    const port = await listen({ huawei: async () => ({ status: 204, headers: {}, body: '', requestId: 'huawei-1' }) });
    const { own, node } = await answerBothWays(port, '/v1.0/p/kms/keys/k/tags', '{}');
    expect(own).toBe(node);
    expect(own).toContain('\r\nX-Request-Id: huawei-1\r\n');
  });

  it('answers pipelined requests one by one, in order, on one connection', async () => {
    const port = await listen({ handler: async (req) => ({ status: 200, headers: {}, body: req.body.toString('utf8') }) });
    const client = new Client(port);
    await client.send(request('/', '"one"') + request('/', '"two"') + request('/', '"three"'));
    const answers = await client.responses(3);
    expect(answers.map((answer) => answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual(['"one"', '"two"', '"three"']);
    client.socket.destroy();
  });

  it('answers a client that reads slowly in full and in order, waiting for it to read before reading on', async () => {
    // 48 answers of 256 KiB: far more than the socket buffers hold, so writes wait for the client to drain them.
    const big = 'x'.repeat(256 * 1024);
    const port = await listen({ handler: async (req) => ({ status: 200, headers: {}, body: `${req.body.toString('utf8')}${big}` }) });
    const client = new Client(port);
    client.socket.pause();
    await client.send(Array.from({ length: 48 }, (_, i) => request('/', String(i).padStart(2, '0'))).join(''));
    client.socket.resume();
    // Parsed once all of it is in (parsing at every chunk would be quadratic in 12 MiB).
    await new Promise<void>((resolve) => {
      const check = () => {
        if (client.received.length < 48 * big.length) return;
        client.socket.off('data', check);
        resolve();
      };
      client.socket.on('data', check);
    });
    const answers = await client.responses(48);
    expect(answers.map((answer) => answer.slice(answer.indexOf('\r\n\r\n') + 4, answer.indexOf('\r\n\r\n') + 6))).toEqual(
      Array.from({ length: 48 }, (_, i) => String(i).padStart(2, '0')),
    );
    client.socket.destroy();
  });

  it('hands a connection to node at a request it leaves to node, and node answers it and every later one', async () => {
    const port = await listen({ handler: async (req) => ({ status: 200, headers: {}, body: req.body.toString('utf8') }) });
    const client = new Client(port);
    await client.send(request('/', '"own"'));
    await client.responses(1);
    // An unknown path (404, node's), then a request this path would have taken: node's now, as is the connection.
    await client.send(request('/unknown', '{}') + request('/', '"after"'));
    const answers = await client.responses(3);
    expect(answers[1]).toMatch(/^HTTP\/1\.1 404 /);
    expect(answers[2]).toMatch(/"after"$/);
    client.socket.destroy();
  });

  it('leaves a request that has not arrived whole to node, which reads the rest as it comes', async () => {
    const port = await listen({ handler: async (req) => ({ status: 200, headers: {}, body: req.body.toString('utf8') }) });
    const client = new Client(port);
    const whole = request('/', '{"split":"here"}');
    await client.send(request('/', '"first"') + whole.slice(0, 30));
    await client.responses(1);
    await client.send(whole.slice(30));
    const answers = await client.responses(2);
    expect(answers[1]).toMatch(/\{"split":"here"\}$/);
    client.socket.destroy();
  });

  it('closes a connection idle for the keep-alive timeout, as node does', async () => {
    const keepAliveMs = 300;
    const port = await listen({ keepAliveMs });
    const client = new Client(port);
    await client.send(request('/', '{}'));
    const [answer] = await client.responses(1);
    const answeredAt = Date.now();
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    await client.closed;
    expect(Date.now() - answeredAt).toBeGreaterThanOrEqual(keepAliveMs - 50);
  });

  it('ends its half once the client has ended its own and the answer is sent', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const port = await listen({
      handler: async () => {
        await released;
        return { status: 200, headers: {}, body: '"late"' };
      },
    });
    const client = new Client(port);
    client.socket.end(request('/', '{}'));
    release();
    await client.closed;
    expect(responses(client.received)).toHaveLength(1);
  });

  it('lets a graceful close finish an answer in progress, then close its connections without waiting for keep-alive', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let called!: () => void;
    const handlerCalled = new Promise<void>((resolve) => (called = resolve));
    const port = await listen({
      handler: async (req) => {
        if (req.body.toString('utf8') !== '"wait"') return { status: 200, headers: {}, body: '{}' };
        called();
        await released;
        return { status: 200, headers: {}, body: '"finished"' };
      },
    });
    const idle = new Client(port);
    await idle.send(request('/', '{}'));
    await idle.responses(1);
    const busy = new Client(port);
    await busy.send(request('/', '"wait"'));
    await handlerCalled;
    const closing = closeGracefully(servers.pop()!, 10_000);
    await idle.closed;
    release();
    const [answer] = await busy.responses(1);
    expect(answer).toMatch(/"finished"$/);
    expect(await closing).toBe('drained');
  });
});

describe('serveWholeRequests', () => {
  it('serves pipelined requests in order when the answer is given at once, inside the call', async () => {
    const server = createServer();
    const write = responseWriter(5_000);
    serveWholeRequests(server, {
      maxBodyBytes: 1024,
      keepAliveMs: 5_000,
      answer: (request, _socket, respond) => {
        respond(write({ status: 200, headers: {}, body: request.body.toString('utf8') }, 'x-request-id'));
        return true;
      },
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new Client((server.address() as AddressInfo).port);
    await client.send(request('/', '"a"') + request('/', '"b"') + request('/', '"c"'));
    const answers = await client.responses(3);
    expect(answers.map((answer) => answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual(['"a"', '"b"', '"c"']);
    client.socket.destroy();
  });

  it('closes a connection whose client stops reading its answers for the keep-alive timeout', async () => {
    const keepAliveMs = 300;
    // Far more than the socket buffers hold, so the write cannot finish while the client reads nothing.
    const big = 'x'.repeat(48 * 1024 * 1024);
    const port = await listen({ keepAliveMs, handler: async () => ({ status: 200, headers: {}, body: big }) });
    const serverSideClosed = new Promise<number>((resolve) => servers.at(-1)!.once('connection', (socket: Socket) => socket.once('close', () => resolve(Date.now()))));
    const client = new Client(port);
    client.socket.pause();
    const sentAt = Date.now();
    await client.send(request('/', '{}'));
    expect((await serverSideClosed) - sentAt).toBeGreaterThanOrEqual(keepAliveMs - 50);
    client.socket.destroy();
  });
});

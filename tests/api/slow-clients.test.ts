// Clients that stall: the listener answers 408 and closes once its headers or request timeout has passed,
// instead of holding the connection (node's defaults: 60 s for headers, 300 s for a body). A server of
// its own with the timeouts shortened (KEYFORT_API_HEADERS_TIMEOUT_MS, KEYFORT_API_REQUEST_TIMEOUT_MS).
import { ListKeysCommand } from '@aws-sdk/client-kms';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { kmsClient } from './support/client';
import { rawExchange, unsignedRequestHead, writeAll } from './support/raw-socket';
import { startApiServer, type RunningServer } from './support/server';

const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;
/** Far below node's defaults; the margin is for a busy machine (the listener checks once a quarter timeout). */
const CLOSED_WITHIN_MS = 20_000;

let server: RunningServer;

beforeAll(async () => {
  const { dataDir, rootKeyBase64 } = inject('keyfort');
  server = await startApiServer({
    dataDir,
    rootKeyBase64,
    env: { KEYFORT_API_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), KEYFORT_API_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
  });
});

afterAll(async () => {
  await server?.stop();
});

const untilClosed = (socket: Socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()));

async function expectStillServing(): Promise<void> {
  const { Keys } = await kmsClient({ endpoint: server.endpoint }).send(new ListKeysCommand({ Limit: 1 }));
  expect(Array.isArray(Keys)).toBe(true);
}

describe('a stalled client', () => {
  it('whose Content-Length promises more than it sends is answered 408 and disconnected after the request timeout', async () => {
    const exchange = await rawExchange({
      port: server.port,
      withinMs: CLOSED_WITHIN_MS,
      send: async (socket) => {
        await writeAll(socket, `${unsignedRequestHead({ 'Content-Length': '1000' })}{"Limit":`);
        await untilClosed(socket);
      },
    });
    expect(exchange.status, exchange.received).toBe(408);
    expect(exchange.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    await expectStillServing();
  });

  it('that trickles its headers a byte at a time, never finishing them, is answered 408 and disconnected after the headers timeout', async () => {
    const exchange = await rawExchange({
      port: server.port,
      withinMs: CLOSED_WITHIN_MS,
      send: async (socket) => {
        const closed = untilClosed(socket).then(() => true);
        await writeAll(socket, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
        for (;;) {
          const gone = await Promise.race([closed, new Promise<false>((resolve) => setTimeout(() => resolve(false), 200))]);
          if (gone || !(await writeAll(socket, 'a'))) return;
        }
      },
    });
    expect(exchange.status, exchange.received).toBe(408);
    expect(exchange.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
    await expectStillServing();
  });
});

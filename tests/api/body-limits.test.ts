// Oversized bodies on the dedicated listener: the client reads a 413 with the AWS JSON error, never a reset
// (issue 9), however it sends the body and whether or not it stops sending when answered.
import { ListKeysCommand } from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { kmsClient } from './support/client';
import { rawExchange, unsignedRequestHead, writeAll, type TRawExchange } from './support/raw-socket';

const TWENTY_MB = 20 * 1024 * 1024;
const CHUNK = randomBytes(64 * 1024);
/** The listener drains for at most 5 s and lingers 2 s after its half-close; the rest is a loaded machine's margin. */
const CLOSED_WITHIN_MS = 30_000;

const client = kmsClient();

async function writeBody(socket: Socket, options: { bytes: number; chunked: boolean }): Promise<void> {
  for (let sent = 0; sent < options.bytes; sent += CHUNK.length) {
    const frame = options.chunked ? Buffer.concat([Buffer.from(`${CHUNK.length.toString(16)}\r\n`), CHUNK, Buffer.from('\r\n')]) : CHUNK;
    if (!(await writeAll(socket, frame))) return;
  }
  if (options.chunked) await writeAll(socket, '0\r\n\r\n');
}

function expectTooLarge(exchange: TRawExchange): void {
  expect(exchange.status, exchange.received.slice(0, 300)).toBe(413);
  expect(exchange.json).toEqual({ __type: 'ValidationException', message: 'The request body exceeds 1048576 bytes.' });
}

async function expectStillServing(): Promise<void> {
  const { Keys } = await client.send(new ListKeysCommand({ Limit: 1 }));
  expect(Array.isArray(Keys)).toBe(true);
}

describe('an oversized request body', () => {
  it('declared by Content-Length (20 MB, unauthenticated) is answered 413 with the AWS error, read by the client without a reset; the listener serves the next request', async () => {
    const { port } = inject('keyfort');
    const exchange = await rawExchange({
      port,
      withinMs: CLOSED_WITHIN_MS,
      send: async (socket) => {
        await writeAll(socket, unsignedRequestHead({ 'Content-Length': String(TWENTY_MB) }));
        await writeBody(socket, { bytes: TWENTY_MB, chunked: false });
      },
    });
    expectTooLarge(exchange);
    expect(exchange.error).toBeNull();
    await expectStillServing();
  });

  it('streamed chunked (20 MB, no length announced) is answered 413 without a reset; the listener serves the next request', async () => {
    const { port } = inject('keyfort');
    const exchange = await rawExchange({
      port,
      withinMs: CLOSED_WITHIN_MS,
      send: async (socket) => {
        await writeAll(socket, unsignedRequestHead({ 'Transfer-Encoding': 'chunked' }));
        await writeBody(socket, { bytes: TWENTY_MB, chunked: true });
      },
    });
    expectTooLarge(exchange);
    expect(exchange.error).toBeNull();
    await expectStillServing();
  });

  it('from a client that goes on sending after the answer, without end, is still read as a 413 before the listener closes the connection', async () => {
    const { port } = inject('keyfort');
    let sentAfterAnswer = 0;
    const exchange = await rawExchange({
      port,
      withinMs: CLOSED_WITHIN_MS,
      send: async (socket, state) => {
        await writeAll(socket, unsignedRequestHead({ 'Transfer-Encoding': 'chunked' }));
        const frame = Buffer.concat([Buffer.from(`${CHUNK.length.toString(16)}\r\n`), CHUNK, Buffer.from('\r\n')]);
        // Never ends its body: the listener must bound what it reads and close by itself.
        while (await writeAll(socket, frame)) if (state.answered()) sentAfterAnswer += frame.length;
      },
    });
    expectTooLarge(exchange);
    expect(sentAfterAnswer).toBeGreaterThan(0);
    await expectStillServing();
  });

  it('announced with Expect: 100-continue is refused with 413 instead of a go-ahead', async () => {
    const { port } = inject('keyfort');
    const exchange = await rawExchange({
      port,
      withinMs: CLOSED_WITHIN_MS,
      send: (socket) => writeAll(socket, unsignedRequestHead({ 'Content-Length': String(TWENTY_MB), Expect: '100-continue' })).then(() => undefined),
    });
    expect(exchange.received.startsWith('HTTP/1.1 413')).toBe(true);
    expectTooLarge(exchange);
    await expectStillServing();
  });
});

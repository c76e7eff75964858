import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closeGracefully } from './graceful-close';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function open(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('error', reject);
    socket.once('connect', () => resolve({ socket, received: () => received, closed }));
  });
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('closeGracefully', () => {
  it('closes idle keep-alive connections at once and a busy one once its request is answered', async () => {
    let finish!: () => void;
    const server = createServer((req, res) => {
      if (req.url === '/slow') finish = () => res.end('done');
      else res.end('quick');
    });
    // No keep-alive timeout: only closeGracefully can close the busy connection once it is answered.
    server.keepAliveTimeout = 0;
    const port = await listen(server);
    const idle = await open(port);
    idle.socket.write('GET /quick HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => idle.received().includes('quick'));
    const busy = await open(port);
    busy.socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => finish !== undefined);

    const closing = closeGracefully(server, 60_000);
    await idle.closed;
    finish();
    expect(await closing).toBe('drained');
    await busy.closed;
    expect(busy.received()).toMatch(/^HTTP\/1\.1 200[\s\S]*done$/);
  });

  it('cuts what is still open when the grace runs out', async () => {
    let started = false;
    const server = createServer(() => void (started = true));
    const port = await listen(server);
    const stuck = await open(port);
    stuck.socket.write('GET /never HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => started);
    expect(await closeGracefully(server, 50)).toBe('cut');
    await stuck.closed;
  });
});

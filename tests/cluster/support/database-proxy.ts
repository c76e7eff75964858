// A TCP proxy in the test process in front of the shared PostgreSQL server. Every instance's DATABASE_URL
// points here, so a test can make "the database" stop for a while (new connections refused, open ones cut)
// and come back, without stopping the PostgreSQL server that other test projects and agents share.
import { createServer, type Server, type Socket, connect } from 'node:net';

export interface DatabaseProxy {
  port: number;
  /** Rewrites a postgresql:// URL to go through the proxy. */
  urlThrough(databaseUrl: string): string;
  /** The database "stops": the listener closes (connections are refused) and every open one is destroyed. */
  takeDown(): Promise<void>;
  /** The database "starts again" on the same port. */
  bringBack(): Promise<void>;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

export async function startDatabaseProxy(options: { target: { host: string; port: number } }): Promise<DatabaseProxy> {
  const open = new Set<Socket>();
  const pipe = (client: Socket) => {
    const upstream = connect(options.target.port, options.target.host);
    open.add(client).add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream).pipe(client);
  };
  let server = createServer(pipe);
  const port = await listen(server, 0);
  let up = true;

  const closeServer = () => new Promise<void>((resolve) => (up ? server.close(() => resolve()) : resolve()));

  return {
    port,
    urlThrough(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    async takeDown() {
      const closed = closeServer();
      up = false;
      for (const socket of open) socket.destroy();
      open.clear();
      await closed;
    },
    async bringBack() {
      if (up) return;
      server = createServer(pipe);
      // The same port: the instances' DATABASE_URL names it. Nobody else can have taken it in the meantime
      // unless the OS reuses ephemeral ports that fast; listen() would then fail loudly, not silently.
      await listen(server, port);
      up = true;
    },
    async close() {
      const closed = closeServer();
      up = false;
      for (const socket of open) socket.destroy();
      await closed;
    },
  };
}

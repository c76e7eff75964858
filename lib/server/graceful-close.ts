import type { Server } from 'node:http';

/** How often connections that finished their last request are closed while the server drains. */
const IDLE_SWEEP_MS = 100;

/**
 * Stops accepting connections, closes idle keep-alive connections at once and each busy one as soon as its
 * request is answered, and resolves when every connection is gone, or after `graceMs`, when whatever is
 * still open is cut ('cut'). Node closes idle connections only when close() is called; one that finishes
 * its request afterwards would otherwise stay open until its keep-alive timeout.
 */
export function closeGracefully(server: Server, graceMs: number): Promise<'drained' | 'cut'> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (how: 'drained' | 'cut') => {
      if (settled) return;
      settled = true;
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve(how);
    };
    server.close(() => finish('drained'));
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const deadline = setTimeout(() => {
      server.closeAllConnections();
      finish('cut');
    }, graceMs);
  });
}

// Set by startup.ts when a signal stops the background jobs, read by scripts/serve.ts before it exits: the
// two live in different bundles (Next's and the front server's), so the promise is shared on globalThis.
const BACKGROUND_STOPPED = Symbol.for('keyfort.background-stopped');
type Holder = { [BACKGROUND_STOPPED]?: Promise<unknown> };

export function markBackgroundStopping(stopped: Promise<unknown>): void {
  (globalThis as Holder)[BACKGROUND_STOPPED] = stopped;
}

/** Resolves when the background jobs have stopped (at once if none were started), or after `withinMs`. */
export function backgroundStopped(withinMs: number): Promise<void> {
  const stopped = (globalThis as Holder)[BACKGROUND_STOPPED] ?? Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, withinMs);
    void stopped.catch(() => undefined).finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

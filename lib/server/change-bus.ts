import type { ChangeFeed, TChange, TPublishedChange } from '@/lib/kms';

/** A way changes travel to other processes: IPC to the rest of this instance, NOTIFY to other instances. */
export interface TChangeTransport {
  name: string;
  send(change: TPublishedChange): void;
  /** Starts handing changes from elsewhere to `deliver` (and `everything` after a gap it may have missed). */
  start(deliver: (change: TChange) => void): Promise<void>;
  stop(): Promise<void>;
}

export type TChangeBus = ChangeFeed & { stop(): Promise<void> };

/**
 * The process's change feed: a publish reaches this process's subscribers synchronously, before the caller
 * answers, then every transport; what a transport receives reaches the subscribers only (never sent on
 * again: relaying is the topology's job, lib/server/change-relay.mjs). A subscriber or a transport that
 * throws is logged and skipped: a lost notification costs the caches' TTL, never the request.
 */
export async function createChangeBus(options: {
  transports: TChangeTransport[];
  log: (line: string) => void;
  /** Counts what was published here and what arrived from elsewhere and was applied (metrics). */
  observe?: (direction: 'published' | 'received') => void;
}): Promise<TChangeBus> {
  const listeners = new Set<(change: TChange) => void>();
  const deliver = (change: TChange) => {
    for (const listener of listeners) {
      try {
        listener(change);
      } catch (error) {
        options.log(`a subscriber failed on a ${change.kind} change: ${error instanceof Error ? error.name : 'error'}`);
      }
    }
  };
  const receive = (change: TChange) => {
    deliver(change);
    options.observe?.('received');
  };
  await Promise.all(options.transports.map((transport) => transport.start(receive)));
  return {
    publish(change) {
      deliver(change);
      options.observe?.('published');
      for (const transport of options.transports) {
        try {
          transport.send(change);
        } catch (error) {
          options.log(`sending over ${transport.name} failed: ${error instanceof Error ? error.name : 'error'}`);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () => Promise.all(options.transports.map((transport) => transport.stop())).then(() => undefined),
  };
}

import type { KmsContext } from './context';

/**
 * What changed, as far as caches care: a key (state, material, aliases), an access key (created or revoked),
 * or people (a role, a disabled or removed owner: any access key may now act otherwise). `everything` is
 * never published: a feed hands it to its subscribers when changes may have been missed (a lost connection).
 */
export type TChange = { kind: 'key'; id: string } | { kind: 'access-key'; id: string } | { kind: 'people' } | { kind: 'everything' };

export type TPublishedChange = Exclude<TChange, { kind: 'everything' }>;

/**
 * Pushes committed changes to every cache that may hold the old state: this process's at once, the other
 * workers' and instances' as soon as the transport delivers (SPEC §6: the aim is 100 ms). Caches keep their
 * TTL as the bound when a notification is lost.
 */
export interface ChangeFeed {
  /** After the commit. Never throws and never waits: a lost notification costs at most the caches' TTL. */
  publish(change: TPublishedChange): void;
  /** Changes published here and elsewhere; returns the unsubscribe. */
  subscribe(listener: (change: TChange) => void): () => void;
}

/**
 * The one call after a committed change: this context's key cache forgets the key before the caller answers
 * (so the next request here sees the change whatever the transport does), then everyone else is told.
 */
export function announceChange(ctx: Pick<KmsContext, 'keyCache' | 'changes'>, change: TPublishedChange): void {
  if (change.kind === 'key') ctx.keyCache?.invalidate(change.id);
  ctx.changes?.publish(change);
}

/** A feed that delivers in this process only: tests, and a single process without workers. */
export function createLocalChangeFeed(): ChangeFeed & { deliver(change: TChange): void } {
  const listeners = new Set<(change: TChange) => void>();
  const deliver = (change: TChange) => {
    for (const listener of listeners) listener(change);
  };
  return {
    publish: deliver,
    deliver,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

import type { NewImportToken } from '../store';
import type { ImportTokenRecord } from '../types';
import type { InMemoryKeyStore, InMemoryTx } from './in-memory-store';

// Import-token rows of the in-memory store; in-memory-store.ts holds transactions, commits and locks.

export function copyToken(token: ImportTokenRecord): ImportTokenRecord {
  return {
    ...token,
    publicKey: new Uint8Array(token.publicKey),
    privateKeyCiphertext: token.privateKeyCiphertext && new Uint8Array(token.privateKeyCiphertext),
    createdAt: new Date(token.createdAt),
    expiresAt: new Date(token.expiresAt),
    usedAt: token.usedAt && new Date(token.usedAt),
  };
}

/** IDs of the rows a transaction sees (committed rows overlaid with its own writes) that match. */
export function matchingTokenIds(options: {
  committed: Map<string, ImportTokenRecord>;
  writes: Map<string, ImportTokenRecord | null> | undefined;
  predicate: (token: ImportTokenRecord) => boolean;
}): string[] {
  const { committed, writes } = options;
  const ids = new Set([...committed.keys(), ...(writes?.keys() ?? [])]);
  return [...ids].filter((id) => {
    const row = writes?.has(id) ? writes.get(id) : committed.get(id);
    return row ? options.predicate(row) : false;
  });
}

/** The token rows of one in-memory transaction: conditional writes under row locks, as in PostgreSQL. */
export class InMemoryTokenRows {
  readonly writes = new Map<string, ImportTokenRecord | null>();

  constructor(
    private readonly store: InMemoryKeyStore,
    private readonly tx: InMemoryTx,
  ) {}

  async insert(token: NewImportToken): Promise<void> {
    await this.store.acquire(this.tx, `token:${token.id}`);
    if (!this.store.readKey(token.keyId, this.tx)) throw new Error(`Foreign key constraint failed: ImportToken.keyId ${token.keyId}`);
    if (this.store.tokenIds(this.tx, (t) => t.id === token.id || t.tokenHash === token.tokenHash).length > 0) {
      throw new Error('Unique constraint failed: ImportToken');
    }
    this.writes.set(token.id, copyToken({ ...token, failedAttempts: 0, usedAt: null }));
  }

  findByHash(tokenHash: string): ImportTokenRecord | null {
    const [id] = this.store.tokenIds(this.tx, (token) => token.tokenHash === tokenHash);
    return id === undefined ? null : this.store.readToken(id, this.tx);
  }

  consume(id: string, now: Date): Promise<boolean> {
    const usable = (t: ImportTokenRecord) => t.usedAt === null && t.privateKeyCiphertext !== null && t.expiresAt > now;
    return this.update(id, usable, () => ({ usedAt: new Date(now), privateKeyCiphertext: null }));
  }

  /** Like `SET failedAttempts = failedAttempts + 1 WHERE failedAttempts < max`, then the burn at max. */
  async countFailedUnwrap(id: string, max: number): Promise<number> {
    await this.update(id, (t) => t.usedAt === null && t.failedAttempts < max, (t) => ({ failedAttempts: t.failedAttempts + 1 }));
    await this.update(id, (t) => t.failedAttempts >= max, () => ({ privateKeyCiphertext: null }));
    return this.store.readToken(id, this.tx)?.failedAttempts ?? 0;
  }

  async destroyExpired(now: Date): Promise<number> {
    const expired = (t: ImportTokenRecord) => t.expiresAt <= now && t.privateKeyCiphertext !== null;
    let destroyed = 0;
    for (const id of this.store.tokenIds(this.tx, expired)) {
      if (await this.update(id, expired, () => ({ privateKeyCiphertext: null }))) destroyed += 1;
    }
    return destroyed;
  }

  /** One conditional UPDATE: take the row lock, then test the latest committed row (or our own write). */
  private async update(
    id: string,
    condition: (t: ImportTokenRecord) => boolean,
    patch: (t: ImportTokenRecord) => Partial<ImportTokenRecord>,
  ): Promise<boolean> {
    await this.store.acquire(this.tx, `token:${id}`);
    const current = this.store.readToken(id, this.tx);
    if (!current || !condition(current)) return false;
    this.writes.set(id, copyToken({ ...current, ...patch(current) }));
    return true;
  }
}

import { effectiveState } from '../key-view';
import type { KeyPatch, KeyStore, KeyStoreTx, ListAuditQuery, ListKeysQuery, NewImportToken, NewKey, Page } from '../store';
import type { AuditEvent, AuditEventInput, ImportTokenRecord, KeyRecord } from '../types';
import { copyToken, InMemoryTokenRows, matchingTokenIds } from './in-memory-tokens';

type StoredKey = Omit<KeyRecord, 'aliases'>;
interface AliasRow {
  keyId: string;
  createdAt: Date;
}
interface Lock {
  owner: InMemoryTx;
  released: Promise<void>;
  release: () => void;
}
export type TxMethod = keyof KeyStoreTx;

const copyKey = (key: StoredKey): StoredKey => ({
  ...key,
  createdAt: new Date(key.createdAt),
  updatedAt: new Date(key.updatedAt),
  deletionDate: key.deletionDate && new Date(key.deletionDate),
  materialCiphertext: key.materialCiphertext && new Uint8Array(key.materialCiphertext),
  materialImportedAt: key.materialImportedAt && new Date(key.materialImportedAt),
  materialExpiresAt: key.materialExpiresAt && new Date(key.materialExpiresAt),
});

/**
 * Test-only KeyStore that behaves like PostgreSQL at READ COMMITTED, not like a Map: a transaction sees
 * committed rows plus its own writes; its writes become visible at commit and vanish if it throws;
 * writing a row takes a row lock held until the end, so a concurrent conditional update waits and then
 * finds the new version (false) — the race the domain must handle. Locks are taken key-then-alias.
 */
export class InMemoryKeyStore implements KeyStore {
  readonly keys = new Map<string, StoredKey>();
  readonly aliases = new Map<string, AliasRow>();
  readonly audit: AuditEvent[] = [];
  readonly settings = new Map<string, string>();
  readonly tokens = new Map<string, ImportTokenRecord>();
  /** Awaited at the start of each transactional call: lets a test line racing transactions up. */
  readonly hooks: Partial<Record<TxMethod, () => Promise<void> | void>> = {};
  private readonly locks = new Map<string, Lock>();
  private readonly failures = new Map<TxMethod | 'store.insertAudit', Error>();
  private auditSequence = 0;

  /** The next call of `method` throws `error` (proves rollback and audit-in-transaction). */
  failNext(method: TxMethod | 'store.insertAudit', error = new Error(`injected ${method} failure`)): void {
    this.failures.set(method, error);
  }

  /** @internal */
  async enter(method: TxMethod): Promise<void> {
    await this.hooks[method]?.();
    this.throwIfInjected(method);
  }

  private throwIfInjected(method: TxMethod | 'store.insertAudit'): void {
    const failure = this.failures.get(method);
    if (!failure) return;
    this.failures.delete(method);
    throw failure;
  }

  /** @internal */
  async acquire(tx: InMemoryTx, row: string): Promise<void> {
    for (;;) {
      const lock = this.locks.get(row);
      if (!lock) break;
      if (lock.owner === tx) return;
      await lock.released;
    }
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    this.locks.set(row, { owner: tx, released, release });
    tx.held.add(row);
  }

  async transaction<T>(fn: (tx: KeyStoreTx) => Promise<T>): Promise<T> {
    const tx = new InMemoryTx(this);
    try {
      const result = await fn(tx);
      this.commit(tx);
      return result;
    } finally {
      tx.closed = true;
      for (const row of tx.held) {
        this.locks.get(row)?.release();
        this.locks.delete(row);
      }
    }
  }

  private commit(tx: InMemoryTx): void {
    for (const [id, key] of tx.keyWrites) {
      if (key) this.keys.set(id, key);
      else this.keys.delete(id);
    }
    for (const [name, row] of tx.aliasWrites) {
      if (row) this.aliases.set(name, row);
      else this.aliases.delete(name);
    }
    for (const [id, row] of tx.tokens.writes) {
      if (row) this.tokens.set(id, row);
      else this.tokens.delete(id);
    }
    for (const event of tx.audits) this.appendAudit(event);
  }

  private appendAudit(event: AuditEventInput): void {
    this.auditSequence += 1;
    this.audit.push({
      id: `audit-${String(this.auditSequence).padStart(8, '0')}`,
      at: new Date(event.at),
      actorType: event.actor.type,
      actorId: event.actor.id,
      actorName: event.actor.name,
      action: event.action,
      keyId: event.keyId,
      result: event.result,
      errorCode: event.errorCode,
      details: event.details ? { ...event.details } : null,
    });
  }

  /** @internal Committed rows overlaid with a transaction's own writes. */
  readKey(id: string, tx?: InMemoryTx): KeyRecord | null {
    const key = tx?.keyWrites.has(id) ? tx.keyWrites.get(id) : this.keys.get(id);
    if (!key) return null;
    const aliases = [...this.aliasNames(tx)].filter((name) => this.readAlias(name, tx)?.keyId === id);
    return { ...copyKey(key), aliases };
  }

  /** @internal */
  readAlias(name: string, tx?: InMemoryTx): AliasRow | null {
    return (tx?.aliasWrites.has(name) ? tx.aliasWrites.get(name) : this.aliases.get(name)) ?? null;
  }

  /** @internal */
  readToken(id: string, tx?: InMemoryTx): ImportTokenRecord | null {
    const token = tx?.tokens.writes.has(id) ? tx.tokens.writes.get(id) : this.tokens.get(id);
    return token ? copyToken(token) : null;
  }

  /** @internal Token IDs visible to tx that satisfy the predicate. */
  tokenIds(tx: InMemoryTx | undefined, predicate: (token: ImportTokenRecord) => boolean): string[] {
    return matchingTokenIds({ committed: this.tokens, writes: tx?.tokens.writes, predicate });
  }

  private aliasNames(tx?: InMemoryTx): Set<string> {
    return new Set([...this.aliases.keys(), ...(tx?.aliasWrites.keys() ?? [])]);
  }

  async findKey(id: string): Promise<KeyRecord | null> {
    return this.readKey(id);
  }

  async findKeyIdByAlias(alias: string): Promise<string | null> {
    return this.readAlias(alias)?.keyId ?? null;
  }

  async listKeys(query: ListKeysQuery): Promise<Page<KeyRecord>> {
    const search = query.search?.toLowerCase();
    const matches = [...this.keys.keys()]
      .map((id) => this.readKey(id) as KeyRecord)
      .filter((key) => !search || key.id.startsWith(search) || key.aliases.some((a) => a.toLowerCase().includes(search)))
      .filter((key) => !query.state || effectiveState(key, query.now) === query.state)
      .filter((key) => !query.origin || key.origin === query.origin)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
    if (query.sort === 'createdAt:desc') matches.reverse();
    const start = (query.page - 1) * query.pageSize;
    return { items: matches.slice(start, start + query.pageSize), total: matches.length, page: query.page, pageSize: query.pageSize };
  }

  async findKeysDueForPurge(now: Date, limit: number): Promise<KeyRecord[]> {
    return [...this.keys.keys()]
      .map((id) => this.readKey(id) as KeyRecord)
      .filter((key) => key.state === 'PENDING_DELETION' && key.deletionDate !== null && key.deletionDate <= now)
      .sort((a, b) => (a.deletionDate as Date).getTime() - (b.deletionDate as Date).getTime() || a.id.localeCompare(b.id))
      .slice(0, limit);
  }

  async findKeysWithExpiredMaterial(now: Date, limit: number): Promise<KeyRecord[]> {
    return [...this.keys.keys()]
      .map((id) => this.readKey(id) as KeyRecord)
      .filter((key) => key.materialCiphertext !== null && key.materialExpiresAt !== null && key.materialExpiresAt <= now)
      .sort((a, b) => (a.materialExpiresAt as Date).getTime() - (b.materialExpiresAt as Date).getTime() || a.id.localeCompare(b.id))
      .slice(0, limit);
  }

  async recordFailedUnwrap(options: { tokenId: string; maxFailedAttempts: number }): Promise<number> {
    return this.transaction((tx) => (tx as InMemoryTx).tokens.countFailedUnwrap(options.tokenId, options.maxFailedAttempts));
  }

  async destroyExpiredTokenKeys(now: Date): Promise<number> {
    return this.transaction((tx) => (tx as InMemoryTx).tokens.destroyExpired(now));
  }

  async listAudit(query: ListAuditQuery): Promise<Page<AuditEvent>> {
    const matches = this.audit
      .filter((e) => (query.keyId === undefined || e.keyId === query.keyId) && (query.action === undefined || e.action === query.action))
      .filter((e) => query.result === undefined || e.result === query.result)
      .map((e, index) => ({ e, index }))
      .sort((a, b) => b.e.at.getTime() - a.e.at.getTime() || b.index - a.index)
      .map(({ e }) => ({ ...e, at: new Date(e.at), details: e.details && { ...e.details } }));
    const start = (query.page - 1) * query.pageSize;
    return { items: matches.slice(start, start + query.pageSize), total: matches.length, page: query.page, pageSize: query.pageSize };
  }

  async insertAudit(event: AuditEventInput): Promise<void> {
    this.throwIfInjected('store.insertAudit');
    this.appendAudit(event);
  }

  async getSetting(name: string): Promise<string | null> {
    return this.settings.get(name) ?? null;
  }

  async putSettingIfAbsent(name: string, value: string): Promise<string> {
    if (!this.settings.has(name)) this.settings.set(name, value);
    return this.settings.get(name) as string;
  }
}

/** @internal */
export class InMemoryTx implements KeyStoreTx {
  readonly keyWrites = new Map<string, StoredKey | null>();
  readonly aliasWrites = new Map<string, AliasRow | null>();
  readonly tokens: InMemoryTokenRows;
  readonly audits: AuditEventInput[] = [];
  readonly held = new Set<string>();
  closed = false;

  constructor(private readonly store: InMemoryKeyStore) {
    this.tokens = new InMemoryTokenRows(store, this);
  }

  private async begin(method: TxMethod): Promise<void> {
    // Like an interactive Prisma transaction: using it after commit or rollback is a bug, not a no-op.
    if (this.closed) throw new Error(`${method} called on a finished transaction`);
    await this.store.enter(method);
  }

  async findKey(id: string): Promise<KeyRecord | null> {
    await this.begin('findKey');
    return this.store.readKey(id, this);
  }

  async findKeyIdByAlias(alias: string): Promise<string | null> {
    await this.begin('findKeyIdByAlias');
    return this.store.readAlias(alias, this)?.keyId ?? null;
  }

  async insertKey(key: NewKey): Promise<void> {
    await this.begin('insertKey');
    await this.store.acquire(this, `key:${key.id}`);
    if (this.store.readKey(key.id, this)) throw new Error(`Unique constraint failed: Key.id ${key.id}`);
    this.keyWrites.set(key.id, copyKey({ ...key, version: 0 }));
  }

  async updateKey(id: string, expectedVersion: number, patch: KeyPatch): Promise<boolean> {
    await this.begin('updateKey');
    await this.store.acquire(this, `key:${id}`);
    const current = this.store.readKey(id, this);
    if (!current || current.version !== expectedVersion) return false;
    const { aliases: _aliases, ...row } = current;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    this.keyWrites.set(id, copyKey({ ...row, ...defined, version: expectedVersion + 1 }));
    return true;
  }

  async deleteKey(id: string, expectedVersion: number): Promise<boolean> {
    await this.begin('deleteKey');
    await this.store.acquire(this, `key:${id}`);
    const current = this.store.readKey(id, this);
    if (!current || current.version !== expectedVersion) return false;
    this.keyWrites.set(id, null);
    for (const alias of current.aliases) {
      await this.store.acquire(this, `alias:${alias}`);
      this.aliasWrites.set(alias, null); // ON DELETE CASCADE
    }
    for (const tokenId of this.store.tokenIds(this, (token) => token.keyId === id)) {
      await this.store.acquire(this, `token:${tokenId}`);
      this.tokens.writes.set(tokenId, null); // ON DELETE CASCADE
    }
    return true;
  }

  async insertAlias(alias: string, keyId: string, createdAt: Date): Promise<boolean> {
    await this.begin('insertAlias');
    await this.store.acquire(this, `key:${keyId}`);
    await this.store.acquire(this, `alias:${alias}`);
    if (!this.store.readKey(keyId, this)) throw new Error(`Foreign key constraint failed: Alias.keyId ${keyId}`);
    if (this.store.readAlias(alias, this)) return false;
    this.aliasWrites.set(alias, { keyId, createdAt: new Date(createdAt) });
    return true;
  }

  async deleteAlias(alias: string, keyId: string): Promise<boolean> {
    await this.begin('deleteAlias');
    await this.store.acquire(this, `key:${keyId}`);
    await this.store.acquire(this, `alias:${alias}`);
    if (this.store.readAlias(alias, this)?.keyId !== keyId) return false;
    this.aliasWrites.set(alias, null);
    return true;
  }

  async insertAudit(event: AuditEventInput): Promise<void> {
    await this.begin('insertAudit');
    this.audits.push({ ...event, at: new Date(event.at), details: event.details && { ...event.details } });
  }

  async insertImportToken(token: NewImportToken): Promise<void> {
    await this.begin('insertImportToken');
    await this.tokens.insert(token);
  }

  async findImportTokenByHash(tokenHash: string): Promise<ImportTokenRecord | null> {
    await this.begin('findImportTokenByHash');
    return this.tokens.findByHash(tokenHash);
  }

  async consumeImportToken(id: string, now: Date): Promise<boolean> {
    await this.begin('consumeImportToken');
    return this.tokens.consume(id, now);
  }
}

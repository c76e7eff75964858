import { compareByteOrder } from '../byte-order';
import { compareKeysForList, expiresWithin } from '../key-list-order';
import { effectiveState, materialUsable } from '../key-view';
import type { KeyStore, KeyStoreTx, ListAliasesQuery, ListAuditQuery, ListKeysQuery, Page, ScanAuditQuery } from '../store';
import type { AliasRecord, AuditEvent, AuditEventInput, ImportTokenRecord, KeyRecord, MaterialVersionRecord, Tag } from '../types';
import { copyAuditEvent, matchesAuditFilter, scanAuditEvents } from './in-memory-audit';
import { copyVersion, versionRowId, versionsOfKey } from './in-memory-material-versions';
import { tagsOfKey, type TagRow } from './in-memory-tags';
import { copyToken, matchingTokenIds } from './in-memory-tokens';
import { copyKey, InMemoryTx, type AliasRow, type StoredKey, type TxMethod } from './in-memory-tx';

export { InMemoryTx, type TxMethod } from './in-memory-tx';

interface Lock {
  owner: InMemoryTx;
  released: Promise<void>;
  release: () => void;
}

/**
 * Test-only KeyStore that behaves like PostgreSQL at READ COMMITTED, not like a Map: a transaction sees
 * committed rows plus its own writes; its writes become visible at commit and vanish if it throws;
 * writing a row takes a row lock held until the end, so a concurrent conditional update waits and then
 * finds the new version (false) — the race the domain must handle. Locks are taken key-then-alias.
 * The transaction's calls are in in-memory-tx.ts; token and tag rows in in-memory-tokens.ts / -tags.ts.
 */
export class InMemoryKeyStore implements KeyStore {
  readonly keys = new Map<string, StoredKey>();
  readonly aliases = new Map<string, AliasRow>();
  readonly audit: AuditEvent[] = [];
  readonly settings = new Map<string, string>();
  readonly tokens = new Map<string, ImportTokenRecord>();
  readonly tags = new Map<string, TagRow>();
  readonly versions = new Map<string, MaterialVersionRecord>();
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
    for (const [id, row] of tx.tags.writes) {
      if (row) this.tags.set(id, row);
      else this.tags.delete(id);
    }
    for (const [id, row] of tx.versions.writes) {
      if (row) this.versions.set(id, row);
      else this.versions.delete(id);
    }
    for (const [name, value] of tx.settingWrites) this.settings.set(name, value);
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
      sourceAddress: event.actor.source?.address ?? null,
      userAgent: event.actor.source?.userAgent ?? null,
      accessKeyId: event.actor.source?.accessKeyId ?? null,
      via: event.actor.source?.via ?? null,
      details: event.details ? { ...event.details } : null,
    });
  }

  /** @internal Committed rows overlaid with a transaction's own writes. */
  readKey(id: string, tx?: InMemoryTx): KeyRecord | null {
    const key = tx?.keyWrites.has(id) ? tx.keyWrites.get(id) : this.keys.get(id);
    if (!key) return null;
    // By name in byte order, as the Prisma store reads them (ORDER BY name): not in the order they were added.
    const aliases = [...this.aliasNames(tx)].filter((name) => this.readAlias(name, tx)?.keyId === id).sort(compareByteOrder);
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

  /** @internal IDs of the keys tx sees (committed rows overlaid with its own inserts and deletes). */
  keyIds(tx?: InMemoryTx): string[] {
    const ids = new Set([...this.keys.keys(), ...(tx?.keyWrites.keys() ?? [])]);
    return [...ids].filter((id) => this.readKey(id, tx) !== null);
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
      .filter((key) => !query.expiresWithin || expiresWithin(key, query.expiresWithin, query.now))
      .sort(compareKeysForList(query.sort));
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

  async findKeyIdsWithExpiredMaterial(now: Date, limit: number): Promise<string[]> {
    const soonest = new Map<string, number>();
    for (const row of this.versions.values()) {
      if (row.expiresAt === null || materialUsable({ present: row.materialCiphertext !== null, expiresAt: row.expiresAt }, now)) continue;
      if (row.materialCiphertext === null) continue;
      soonest.set(row.keyId, Math.min(soonest.get(row.keyId) ?? Infinity, row.expiresAt.getTime()));
    }
    return [...soonest].sort(([a, at], [b, bt]) => at - bt || a.localeCompare(b)).slice(0, limit).map(([id]) => id);
  }

  async findKeyIdsDueForRotation(now: Date, limit: number): Promise<string[]> {
    return [...this.keys.values()]
      .filter((key) => key.state === 'ENABLED' && key.nextRotationAt !== null && key.nextRotationAt <= now)
      .sort((a, b) => (a.nextRotationAt as Date).getTime() - (b.nextRotationAt as Date).getTime() || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map((key) => key.id);
  }

  async listMaterialVersions(keyId: string): Promise<MaterialVersionRecord[]> {
    return versionsOfKey(this.versions.values(), keyId);
  }

  async findMaterialVersion(keyId: string, materialId: string): Promise<MaterialVersionRecord | null> {
    const row = this.versions.get(versionRowId(keyId, materialId));
    return row ? copyVersion(row) : null;
  }

  async findVersionsWithoutKcv(limit: number): Promise<MaterialVersionRecord[]> {
    return [...this.versions.values()]
      .filter((row) => row.kcv === null && row.materialCiphertext !== null)
      .sort((a, b) => a.keyId.localeCompare(b.keyId) || a.sequence - b.sequence)
      .slice(0, limit)
      .map(copyVersion);
  }

  async fillKcv(options: { keyId: string; materialId: string; kcv: string }): Promise<boolean> {
    const row = this.versions.get(versionRowId(options.keyId, options.materialId));
    if (!row || row.kcv !== null || row.materialCiphertext === null) return false;
    this.versions.set(versionRowId(options.keyId, options.materialId), { ...row, kcv: options.kcv });
    return true;
  }

  async recordFailedUnwrap(options: { tokenId: string; maxFailedAttempts: number }): Promise<number> {
    return this.transaction((tx) => (tx as InMemoryTx).tokens.countFailedUnwrap(options.tokenId, options.maxFailedAttempts));
  }

  async destroyExpiredTokenKeys(now: Date): Promise<number> {
    return this.transaction((tx) => (tx as InMemoryTx).tokens.destroyExpired(now));
  }

  async listAliases(query: ListAliasesQuery): Promise<AliasRecord[]> {
    const { keyId, after } = query;
    return [...this.aliases]
      .filter(([name, row]) => (keyId === undefined || row.keyId === keyId) && (after === undefined || compareByteOrder(name, after) > 0))
      .sort(([a], [b]) => compareByteOrder(a, b))
      .slice(0, query.limit)
      .map(([name, row]) => ({ name, keyId: row.keyId, createdAt: new Date(row.createdAt) }));
  }

  async listTags(keyId: string): Promise<Tag[]> {
    return tagsOfKey(this.tags.values(), keyId);
  }

  async listAudit(query: ListAuditQuery): Promise<Page<AuditEvent>> {
    const matches = this.audit
      .filter((e) => matchesAuditFilter(e, query))
      .map((e, index) => ({ e, index }))
      .sort((a, b) => b.e.at.getTime() - a.e.at.getTime() || b.index - a.index)
      .map(({ e }) => copyAuditEvent(e));
    const start = (query.page - 1) * query.pageSize;
    return { items: matches.slice(start, start + query.pageSize), total: matches.length, page: query.page, pageSize: query.pageSize };
  }

  async scanAudit(query: ScanAuditQuery): Promise<AuditEvent[]> {
    return scanAuditEvents(this.audit, query);
  }

  async findAudit(id: string): Promise<AuditEvent | null> {
    const event = this.audit.find((e) => e.id === id);
    return event ? copyAuditEvent(event) : null;
  }

  async listAliasesOfKeys(keyIds: readonly string[]): Promise<AliasRecord[]> {
    const wanted = new Set(keyIds);
    return [...this.aliases]
      .filter(([, row]) => wanted.has(row.keyId))
      .sort(([a], [b]) => compareByteOrder(a, b))
      .map(([name, row]) => ({ name, keyId: row.keyId, createdAt: new Date(row.createdAt) }));
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

import type { AccessKeyStore } from '../store';
import type { AccessKeyRecord, AuditEventInput } from '../types';
import type { InMemoryKeyStore, InMemoryTx } from './in-memory-store';

const copyAccessKey = (row: AccessKeyRecord): AccessKeyRecord => ({
  ...row,
  secretCiphertext: row.secretCiphertext && new Uint8Array(row.secretCiphertext),
  createdAt: new Date(row.createdAt),
  lastUsedAt: row.lastUsedAt && new Date(row.lastUsedAt),
  revokedAt: row.revokedAt && new Date(row.revokedAt),
});

/**
 * Test-only AccessKeyStore. Each write runs in a transaction of the key store it is given, so its audit
 * records land in the same log (`keys.audit`), vanish with a failed write (`keys.failNext('insertAudit')`)
 * and wait for a row lock like PostgreSQL's: of two racing conditional updates, the second sees the first.
 */
export class InMemoryAccessKeyStore implements AccessKeyStore {
  readonly rows = new Map<string, AccessKeyRecord>();
  /** How many touches wrote lastUsedAt: proves throttling without reading the clock. */
  touchWrites = 0;
  /** Awaited at the start of each write, before its row lock: lets a test line racing writes up. */
  readonly hooks: { beforeWrite?: () => Promise<void> | void } = {};

  constructor(private readonly keys: InMemoryKeyStore) {}

  /** Runs fn under the row's lock inside a key-store transaction; rows are written only once fn succeeded. */
  private write<T>(id: string, fn: (tx: InMemoryTx, current: AccessKeyRecord | null) => Promise<{ result: T; row?: AccessKeyRecord }>) {
    return this.keys.transaction(async (kstx) => {
      const tx = kstx as InMemoryTx;
      await this.hooks.beforeWrite?.();
      await this.keys.acquire(tx, `access-key:${id}`);
      const current = this.rows.get(id);
      const { result, row } = await fn(tx, current ? copyAccessKey(current) : null);
      if (row) this.rows.set(id, copyAccessKey(row));
      return result;
    });
  }

  insertAccessKey(record: AccessKeyRecord, audit: AuditEventInput): Promise<boolean> {
    return this.write(record.id, async (tx, current) => {
      if (current) return { result: false };
      await tx.insertAudit(audit);
      return { result: true, row: record };
    });
  }

  async findAccessKey(id: string): Promise<AccessKeyRecord | null> {
    const row = this.rows.get(id);
    return row ? copyAccessKey(row) : null;
  }

  async listAccessKeys(): Promise<AccessKeyRecord[]> {
    return [...this.rows.values()]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map(copyAccessKey);
  }

  revokeAccessKey(id: string, now: Date, audit: AuditEventInput): Promise<boolean> {
    return this.write(id, async (tx, current) => {
      if (!current || current.revokedAt !== null) return { result: false };
      await tx.insertAudit(audit);
      return { result: true, row: { ...current, revokedAt: new Date(now), secretCiphertext: null } };
    });
  }

  async touchAccessKey(id: string, now: Date, minIntervalMs: number): Promise<void> {
    await this.write(id, async (_tx, current) => {
      if (!current || current.revokedAt !== null) return { result: undefined };
      if (current.lastUsedAt !== null && current.lastUsedAt.getTime() > now.getTime() - minIntervalMs) return { result: undefined };
      this.touchWrites += 1;
      return { result: undefined, row: { ...current, lastUsedAt: new Date(now) } };
    });
  }
}

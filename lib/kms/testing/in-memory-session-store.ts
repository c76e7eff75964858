import type { SessionOwner, SessionRecord, SessionStore } from '../session-store';
import type { AuditEventInput } from '../types';
import type { InMemoryKeyStore, InMemoryTx } from './in-memory-store';

const copy = (row: SessionRecord): SessionRecord => ({ ...row });

/**
 * Test-only SessionStore. Writes run in a transaction of the key store it is given, so their audit records
 * land in `keys.audit` and vanish with a failed write, and take a lock per person like a row lock would.
 */
export class InMemorySessionStore implements SessionStore {
  readonly rows = new Map<string, SessionRecord>();
  readonly owners = new Map<string, SessionOwner>();
  /** How many touches wrote lastActiveAt: proves throttling. */
  touchWrites = 0;
  /** Awaited at the start of each write, before its lock: lets a test line racing writes up. */
  readonly hooks: { beforeWrite?: () => Promise<void> | void } = {};

  constructor(private readonly keys: InMemoryKeyStore) {}

  /** A person and a session for them, as the sign-in library would create at sign-in. */
  addSession(session: Partial<SessionRecord> & Pick<SessionRecord, 'id' | 'userId' | 'createdAt'>): SessionRecord {
    const row: SessionRecord = {
      expiresAt: new Date(session.createdAt.getTime() + 12 * 3_600_000),
      lastActiveAt: null,
      authenticatedAt: null,
      ipAddress: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (test)',
      ...session,
    };
    if (!this.owners.has(row.userId)) this.owners.set(row.userId, { id: row.userId, email: `${row.userId}@example.test`, name: row.userId });
    this.rows.set(row.id, copy(row));
    return copy(row);
  }

  private write<T>(lock: string, fn: (tx: InMemoryTx) => Promise<T>): Promise<T> {
    return this.keys.transaction(async (kstx) => {
      const tx = kstx as InMemoryTx;
      await this.hooks.beforeWrite?.();
      await this.keys.acquire(tx, `sessions:${lock}`);
      return fn(tx);
    });
  }

  async findSession(id: string): Promise<SessionRecord | null> {
    const row = this.rows.get(id);
    return row ? copy(row) : null;
  }

  async findOwner(userId: string): Promise<SessionOwner | null> {
    return this.owners.get(userId) ?? null;
  }

  async listSessions(userId: string): Promise<SessionRecord[]> {
    return [...this.rows.values()]
      .filter((row) => row.userId === userId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map(copy);
  }

  deleteSession(options: { id: string; userId: string }, audit: AuditEventInput): Promise<boolean> {
    return this.write(options.userId, async (tx) => {
      const row = this.rows.get(options.id);
      if (!row || row.userId !== options.userId) return false;
      await tx.insertAudit(audit);
      this.rows.delete(options.id);
      return true;
    });
  }

  deleteSessionsOfUser(options: { userId: string; exceptId?: string }, audit: (count: number) => AuditEventInput): Promise<number> {
    return this.write(options.userId, async (tx) => {
      const ids = [...this.rows.values()].filter((row) => row.userId === options.userId && row.id !== options.exceptId).map((row) => row.id);
      await tx.insertAudit(audit(ids.length));
      for (const id of ids) this.rows.delete(id);
      return ids.length;
    });
  }

  async expireSession(id: string): Promise<void> {
    this.rows.delete(id);
  }

  async touchSession(id: string, now: Date, minIntervalMs: number): Promise<void> {
    const row = this.rows.get(id);
    if (!row) return;
    if (row.lastActiveAt !== null && row.lastActiveAt.getTime() > now.getTime() - minIntervalMs) return;
    this.touchWrites += 1;
    this.rows.set(id, { ...row, lastActiveAt: new Date(now) });
  }

  markAuthenticated(id: string, now: Date, audit: AuditEventInput): Promise<boolean> {
    return this.write(id, async (tx) => {
      const row = this.rows.get(id);
      if (!row) return false;
      await tx.insertAudit(audit);
      this.rows.set(id, { ...row, authenticatedAt: new Date(now) });
      return true;
    });
  }
}

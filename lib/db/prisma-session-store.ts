import type { SessionOwner, SessionRecord, SessionStore } from '@/lib/kms';
import type { AuditEventInput } from '@/lib/kms/types';
import { toAuditCreateData } from './audit-record';
import type { KeyfortPrismaClient } from './client';
import { transactionOptions, type TransactionOptions } from './prisma-key-store';
import type { DatabaseProvider } from './target';

// Every column but the token: the store never reads it, so no code path can hand it out.
const SESSION_COLUMNS = {
  id: true,
  userId: true,
  createdAt: true,
  expiresAt: true,
  lastActiveAt: true,
  authenticatedAt: true,
  ipAddress: true,
  userAgent: true,
} as const;

/**
 * The SessionStore of lib/kms on the sign-in library's session table. Each change is one conditional
 * statement plus its audit record in one transaction: a session deleted by someone else meanwhile matches
 * no row, and then nothing is audited.
 */
export class PrismaSessionStore implements SessionStore {
  readonly #txOptions: TransactionOptions;

  constructor(
    private readonly prisma: KeyfortPrismaClient,
    provider: DatabaseProvider,
  ) {
    this.#txOptions = transactionOptions(provider);
  }

  findSession(id: string): Promise<SessionRecord | null> {
    return this.prisma.session.findUnique({ where: { id }, select: SESSION_COLUMNS });
  }

  findOwner(userId: string): Promise<SessionOwner | null> {
    return this.prisma.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true } });
  }

  listSessions(userId: string): Promise<SessionRecord[]> {
    return this.prisma.session.findMany({ where: { userId }, select: SESSION_COLUMNS, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  }

  deleteSession(options: { id: string; userId: string }, audit: AuditEventInput): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.session.deleteMany({ where: { id: options.id, userId: options.userId } });
      if (count !== 1) return false;
      await tx.auditEvent.create({ data: toAuditCreateData(audit) });
      return true;
    }, this.#txOptions);
  }

  deleteSessionsOfUser(options: { userId: string; exceptId?: string }, audit: (count: number) => AuditEventInput): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const where = options.exceptId === undefined ? { userId: options.userId } : { userId: options.userId, id: { not: options.exceptId } };
      const { count } = await tx.session.deleteMany({ where });
      await tx.auditEvent.create({ data: toAuditCreateData(audit(count)) });
      return count;
    }, this.#txOptions);
  }

  async expireSession(id: string): Promise<void> {
    await this.prisma.session.deleteMany({ where: { id } });
  }

  async touchSession(id: string, now: Date, minIntervalMs: number): Promise<void> {
    const due = new Date(now.getTime() - minIntervalMs);
    // One statement: requests of one session arriving together write at most once per interval.
    await this.prisma.session.updateMany({
      where: { id, OR: [{ lastActiveAt: null }, { lastActiveAt: { lte: due } }] },
      data: { lastActiveAt: now },
    });
  }

  markAuthenticated(id: string, now: Date, audit: AuditEventInput): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.session.updateMany({ where: { id }, data: { authenticatedAt: now } });
      if (count !== 1) return false;
      await tx.auditEvent.create({ data: toAuditCreateData(audit) });
      return true;
    }, this.#txOptions);
  }
}

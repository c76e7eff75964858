import type { AccessKeyStore } from '@/lib/kms';
import { ROLES, type AccessKeyRecord, type AuditEventInput, type Role } from '@/lib/kms/types';
import { toAuditCreateData } from './audit-record';
import type { KeyfortPrismaClient } from './client';
import type { Prisma as PostgresqlPrisma } from './generated/postgresql/client';
import type { AccessKey } from './generated/sqlite/client';
import { bytes, oneOf } from './key-record';
import { transactionOptions, type TransactionOptions } from './prisma-key-store';
import type { DatabaseProvider } from './target';

function toAccessKeyRecord(row: AccessKey): AccessKeyRecord {
  return {
    id: row.id,
    secretCiphertext: bytes(row.secretCiphertext),
    role: oneOf<Role>(ROLES, row.role, 'role'),
    ownerName: row.ownerName,
    ownerUserId: row.ownerUserId,
    description: row.description,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

/**
 * The AccessKeyStore of lib/kms on Prisma. Every write is conditional in the database (ON CONFLICT, WHERE
 * revokedAt IS NULL), so instances racing on one access key never both succeed, and the audit record of a
 * change commits with it or not at all.
 */
export class PrismaAccessKeyStore implements AccessKeyStore {
  readonly #txOptions: TransactionOptions;

  constructor(
    private readonly prisma: KeyfortPrismaClient,
    private readonly provider: DatabaseProvider,
  ) {
    this.#txOptions = transactionOptions(provider);
  }

  insertAccessKey(record: AccessKeyRecord, audit: AuditEventInput): Promise<boolean> {
    const data = { ...record, secretCiphertext: bytes(record.secretCiphertext) };
    return this.prisma.$transaction(async (tx) => {
      if (this.provider === 'postgresql') {
        // A unique violation would abort the PostgreSQL transaction; ON CONFLICT DO NOTHING waits for a
        // concurrent inserter of the same ID instead and then reports 0 rows.
        const pgTx = tx as unknown as PostgresqlPrisma.TransactionClient;
        const { count } = await pgTx.accessKey.createMany({ data: [data], skipDuplicates: true });
        if (count !== 1) return false;
      } else {
        // SQLite: this transaction holds the write lock, so nobody inserts between the check and the insert.
        if (await tx.accessKey.findUnique({ where: { id: record.id }, select: { id: true } })) return false;
        await tx.accessKey.create({ data });
      }
      await tx.auditEvent.create({ data: toAuditCreateData(audit) });
      return true;
    }, this.#txOptions);
  }

  async findAccessKey(id: string): Promise<AccessKeyRecord | null> {
    const row = await this.prisma.accessKey.findUnique({ where: { id } });
    return row ? toAccessKeyRecord(row) : null;
  }

  async listAccessKeys(): Promise<AccessKeyRecord[]> {
    const rows = await this.prisma.accessKey.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    return rows.map(toAccessKeyRecord);
  }

  revokeAccessKey(id: string, now: Date, audit: AuditEventInput): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      // On PostgreSQL a concurrent revoker waits for our row lock, then re-tests revokedAt and matches nothing.
      const { count } = await tx.accessKey.updateMany({
        where: { id, revokedAt: null },
        data: { revokedAt: now, secretCiphertext: null },
      });
      if (count !== 1) return false;
      await tx.auditEvent.create({ data: toAuditCreateData(audit) });
      return true;
    }, this.#txOptions);
  }

  async touchAccessKey(id: string, now: Date, minIntervalMs: number): Promise<void> {
    const due = new Date(now.getTime() - minIntervalMs);
    // One statement: instances touching at once write at most once per interval, and never a revoked key.
    await this.prisma.accessKey.updateMany({
      where: { id, revokedAt: null, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: due } }] },
      data: { lastUsedAt: now },
    });
  }
}

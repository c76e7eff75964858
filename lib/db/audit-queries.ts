import type { AuditFilter, ScanAuditQuery } from '@/lib/kms';
import type { AliasRecord, AuditEvent } from '@/lib/kms/types';
import { toAuditEvent } from './audit-record';
import type { KeyfortPrismaClient } from './client';
import type { Prisma } from './generated/sqlite/client';

// The audit page's and the export's reads. Exact matches only: each filter is one equality a database can
// answer from an index ((keyId, at), (action, at), (result, at), (actorName, at), (sourceAddress, at)) or a scan
// in time order.

export function auditWhere(filter: AuditFilter): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = {};
  if (filter.keyId !== undefined) where.keyId = filter.keyId;
  if (filter.action !== undefined) where.action = filter.action;
  if (filter.result !== undefined) where.result = filter.result;
  if (filter.actorName !== undefined) where.actorName = filter.actorName;
  if (filter.sourceAddress !== undefined) where.sourceAddress = filter.sourceAddress;
  return where;
}

/** Keyset paging on (at, id) descending: a record written during an export neither repeats nor skips one. */
export async function scanAudit(prisma: KeyfortPrismaClient, query: ScanAuditQuery): Promise<AuditEvent[]> {
  const where = auditWhere(query);
  const { before } = query;
  const rows = await prisma.auditEvent.findMany({
    where: before ? { AND: [where, { OR: [{ at: { lt: before.at } }, { at: before.at, id: { lt: before.id } }] }] } : where,
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: query.limit,
  });
  return rows.map(toAuditEvent);
}

export async function findAudit(prisma: KeyfortPrismaClient, id: string): Promise<AuditEvent | null> {
  const row = await prisma.auditEvent.findUnique({ where: { id } });
  return row ? toAuditEvent(row) : null;
}

/** One query for a page's keys, answered by the (keyId, name) index. */
export async function listAliasesOfKeys(prisma: KeyfortPrismaClient, keyIds: readonly string[]): Promise<AliasRecord[]> {
  if (keyIds.length === 0) return [];
  const rows = await prisma.alias.findMany({ where: { keyId: { in: [...keyIds] } }, orderBy: [{ keyId: 'asc' }, { name: 'asc' }] });
  return rows.map((row) => ({ name: row.name, keyId: row.keyId, createdAt: row.createdAt }));
}

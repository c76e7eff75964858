import type { KeyStore, KeyStoreTx, ListAliasesQuery, ListAuditQuery, ListKeysQuery, Page, ScanAuditQuery } from '@/lib/kms';
import type { AliasRecord, AuditEvent, AuditEventInput, KeyRecord, MaterialVersionRecord, Tag } from '@/lib/kms/types';
import { auditWhere, findAudit, listAliasesOfKeys, scanAudit } from './audit-queries';
import { toAuditCreateData, toAuditEvent } from './audit-record';
import type { KeyfortPrismaClient } from './client';
import type { Prisma as PostgresqlPrisma } from './generated/postgresql/client';
import { Prisma } from './generated/sqlite/client';
import { KEY_WITH_ALIASES, toKeyRecord } from './key-record';
import { BY_SEQUENCE, toMaterialVersionRecord } from './material-version-record';
import { listKeyPage } from './list-keys';
import { destroyExpiredTokenKeys, recordFailedUnwrap } from './import-token-writes';
import { listTagsOf, PrismaKeyStoreTx } from './prisma-key-store-tx';
import type { DatabaseProvider } from './target';

// SQLite runs one transaction at a time per file, so a transaction may queue behind others for a while;
// Prisma's defaults (2 s to start, 5 s to finish) would fail a busy purge run for no reason.
const TRANSACTION_TIMEOUTS = { maxWait: 15_000, timeout: 30_000 };

export type TransactionOptions = typeof TRANSACTION_TIMEOUTS & { isolationLevel?: Prisma.TransactionIsolationLevel };

/**
 * PostgreSQL: READ COMMITTED is enough because every write is conditional (version, ON CONFLICT); stricter
 * levels would only add serialization failures. SQLite transactions are serializable anyway.
 */
export function transactionOptions(provider: DatabaseProvider): TransactionOptions {
  if (provider === 'sqlite') return TRANSACTION_TIMEOUTS;
  const isolationLevel: PostgresqlPrisma.TransactionIsolationLevel = 'ReadCommitted';
  // The client is typed as the SQLite one, whose isolation levels do not include ReadCommitted.
  return { ...TRANSACTION_TIMEOUTS, isolationLevel: isolationLevel as unknown as Prisma.TransactionIsolationLevel };
}

/** The KeyStore of lib/kms on Prisma, for embedded SQLite and PostgreSQL. */
export class PrismaKeyStore implements KeyStore {
  readonly #txOptions: TransactionOptions;

  constructor(
    private readonly prisma: KeyfortPrismaClient,
    private readonly provider: DatabaseProvider,
  ) {
    this.#txOptions = transactionOptions(provider);
  }

  transaction<T>(fn: (tx: KeyStoreTx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction((tx) => fn(new PrismaKeyStoreTx(tx, this.provider)), this.#txOptions);
  }

  async findKey(id: string): Promise<KeyRecord | null> {
    const row = await this.prisma.key.findUnique({ where: { id }, include: KEY_WITH_ALIASES });
    return row ? toKeyRecord(row) : null;
  }

  async findKeyIdByAlias(alias: string): Promise<string | null> {
    const row = await this.prisma.alias.findUnique({ where: { name: alias }, select: { keyId: true } });
    return row?.keyId ?? null;
  }

  async listKeys(query: ListKeysQuery): Promise<Page<KeyRecord>> {
    const { items, total } = await listKeyPage({ prisma: this.prisma, provider: this.provider, query });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async findKeysDueForPurge(now: Date, limit: number): Promise<KeyRecord[]> {
    const rows = await this.prisma.key.findMany({
      where: { state: 'PENDING_DELETION', deletionDate: { lte: now } },
      orderBy: [{ deletionDate: 'asc' }, { id: 'asc' }],
      take: limit,
      include: KEY_WITH_ALIASES,
    });
    return rows.map(toKeyRecord);
  }

  async findKeyIdsWithExpiredMaterial(now: Date, limit: number): Promise<string[]> {
    // One row per key (its soonest expired version), so `limit` counts keys as the contract says, not versions:
    // a key with several expired versions must not crowd others out of a run.
    const rows = await this.prisma.keyMaterial.groupBy({
      by: ['keyId'],
      where: { materialCiphertext: { not: null }, expiresAt: { lte: now } },
      _min: { expiresAt: true },
      orderBy: [{ _min: { expiresAt: 'asc' } }, { keyId: 'asc' }],
      take: limit,
    });
    return rows.map((row) => row.keyId);
  }

  async findKeyIdsDueForRotation(now: Date, limit: number): Promise<string[]> {
    const rows = await this.prisma.key.findMany({
      where: { nextRotationAt: { lte: now }, state: 'ENABLED' },
      orderBy: [{ nextRotationAt: 'asc' }, { id: 'asc' }],
      take: limit,
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  async listMaterialVersions(keyId: string): Promise<MaterialVersionRecord[]> {
    const rows = await this.prisma.keyMaterial.findMany({ where: { keyId }, orderBy: BY_SEQUENCE });
    return rows.map(toMaterialVersionRecord);
  }

  async findMaterialVersion(keyId: string, materialId: string): Promise<MaterialVersionRecord | null> {
    const row = await this.prisma.keyMaterial.findUnique({ where: { keyId_materialId: { keyId, materialId } } });
    return row ? toMaterialVersionRecord(row) : null;
  }

  async findVersionsWithoutKcv(limit: number): Promise<MaterialVersionRecord[]> {
    const rows = await this.prisma.keyMaterial.findMany({
      where: { kcv: null, materialCiphertext: { not: null } },
      orderBy: [{ keyId: 'asc' }, { sequence: 'asc' }],
      take: limit,
    });
    return rows.map(toMaterialVersionRecord);
  }

  async fillKcv(options: { keyId: string; materialId: string; kcv: string }): Promise<boolean> {
    const { count } = await this.prisma.keyMaterial.updateMany({
      where: { keyId: options.keyId, materialId: options.materialId, kcv: null, materialCiphertext: { not: null } },
      data: { kcv: options.kcv },
    });
    return count === 1;
  }

  recordFailedUnwrap(options: { tokenId: string; maxFailedAttempts: number }): Promise<number> {
    return this.prisma.$transaction((tx) => recordFailedUnwrap({ tx, ...options }), this.#txOptions);
  }

  destroyExpiredTokenKeys(now: Date): Promise<number> {
    return destroyExpiredTokenKeys({ prisma: this.prisma, now });
  }

  async listAliases(query: ListAliasesQuery): Promise<AliasRecord[]> {
    // Byte order on both: SQLite's BINARY collation, and "C" on PostgreSQL (whose own collation may put
    // "-" or case elsewhere), answered by the "C"-collated name index (migration alias_name_bytewise).
    const name = Prisma.raw(this.provider === 'postgresql' ? '"name" COLLATE "C"' : '"name"');
    const conditions = [
      query.keyId === undefined ? null : Prisma.sql`"keyId" = ${query.keyId}`,
      query.after === undefined ? null : Prisma.sql`${name} > ${query.after}`,
    ].filter((condition) => condition !== null);
    const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
    const names = (
      await this.prisma.$queryRaw<{ name: string }[]>(Prisma.sql`SELECT "name" FROM "Alias" ${where} ORDER BY ${name} LIMIT ${query.limit}`)
    ).map((row) => row.name);
    if (names.length === 0) return [];
    const rows = await this.prisma.alias.findMany({ where: { name: { in: names } } });
    const byName = new Map(rows.map((row) => [row.name, row]));
    // An alias deleted between the two reads is simply left out of this page.
    return names.flatMap((n) => {
      const row = byName.get(n);
      return row ? [{ name: row.name, keyId: row.keyId, createdAt: row.createdAt }] : [];
    });
  }

  listTags(keyId: string): Promise<Tag[]> {
    return listTagsOf(this.prisma, keyId);
  }

  async listAudit(query: ListAuditQuery): Promise<Page<AuditEvent>> {
    const where = auditWhere(query);
    const [rows, total] = await Promise.all([
      this.prisma.auditEvent.findMany({
        where,
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.prisma.auditEvent.count({ where }),
    ]);
    return { items: rows.map(toAuditEvent), total, page: query.page, pageSize: query.pageSize };
  }

  scanAudit(query: ScanAuditQuery): Promise<AuditEvent[]> {
    return scanAudit(this.prisma, query);
  }

  findAudit(id: string): Promise<AuditEvent | null> {
    return findAudit(this.prisma, id);
  }

  listAliasesOfKeys(keyIds: readonly string[]): Promise<AliasRecord[]> {
    return listAliasesOfKeys(this.prisma, keyIds);
  }

  async insertAudit(event: AuditEventInput): Promise<void> {
    await this.prisma.auditEvent.create({ data: toAuditCreateData(event) });
  }

  async getSetting(name: string): Promise<string | null> {
    const row = await this.prisma.systemSetting.findUnique({ where: { name } });
    return row?.value ?? null;
  }

  async putSettingIfAbsent(name: string, value: string): Promise<string> {
    return this.prisma.$transaction(async (tx) => {
      if (this.provider === 'postgresql') {
        // ON CONFLICT DO NOTHING waits for a concurrent first writer; the read then sees its value.
        const pgTx = tx as unknown as PostgresqlPrisma.TransactionClient;
        await pgTx.systemSetting.createMany({ data: [{ name, value }], skipDuplicates: true });
      } else if (!(await tx.systemSetting.findUnique({ where: { name } }))) {
        await tx.systemSetting.create({ data: { name, value } });
      }
      const stored = await tx.systemSetting.findUniqueOrThrow({ where: { name } });
      return stored.value;
    }, this.#txOptions);
  }
}

import type { KeyPatch, KeyStoreTx, NewImportToken, NewKey } from '@/lib/kms';
import { compareByteOrder } from '@/lib/kms';
import type { AuditEventInput, ImportTokenRecord, KeyRecord, MaterialVersionRecord, Tag } from '@/lib/kms/types';
import { toAuditCreateData } from './audit-record';
import { toImportTokenCreateData, toImportTokenRecord } from './import-token-record';
import type { Prisma as PostgresqlPrisma } from './generated/postgresql/client';
import type { Prisma } from './generated/sqlite/client';
import { KEY_WITH_ALIASES, toKeyCreateData, toKeyRecord, toKeyUpdateData } from './key-record';
import { BY_SEQUENCE, toMaterialVersionData, toMaterialVersionRecord } from './material-version-record';
import type { DatabaseProvider } from './target';

/** The advisory lock that orders key creations on PostgreSQL (any constant no other lock of Keyfort uses). */
const KEY_CREATION_LOCK_ID = 4_746_651_220_736_581;

/** At most 50 rows (the domain's cap), so they are ordered here, in byte order as the interface asks. */
export async function listTagsOf(client: Pick<Prisma.TransactionClient, 'tag'>, keyId: string): Promise<Tag[]> {
  const rows = await client.tag.findMany({ where: { keyId }, select: { tagKey: true, tagValue: true } });
  return rows.sort((a, b) => compareByteOrder(a.tagKey, b.tagKey));
}

/**
 * The store's writes, inside one interactive transaction. Every change to a key is conditional on the
 * version the caller read (UPDATE/DELETE … WHERE id AND version), so of two racing writers exactly one
 * matches a row; the other sees `false` and must re-read. Nothing here checks and then writes unconditionally.
 */
export class PrismaKeyStoreTx implements KeyStoreTx {
  constructor(
    private readonly tx: Prisma.TransactionClient,
    private readonly provider: DatabaseProvider,
  ) {}

  async findKey(id: string): Promise<KeyRecord | null> {
    const row = await this.tx.key.findUnique({ where: { id }, include: KEY_WITH_ALIASES });
    return row ? toKeyRecord(row) : null;
  }

  async findKeyIdByAlias(alias: string): Promise<string | null> {
    const row = await this.tx.alias.findUnique({ where: { name: alias }, select: { keyId: true } });
    return row?.keyId ?? null;
  }

  async insertKey(key: NewKey): Promise<void> {
    await this.tx.key.create({ data: toKeyCreateData(key) });
  }

  async updateKey(id: string, expectedVersion: number, patch: KeyPatch): Promise<boolean> {
    const { count } = await this.tx.key.updateMany({ where: { id, version: expectedVersion }, data: toKeyUpdateData(patch) });
    return count === 1;
  }

  async deleteKey(id: string, expectedVersion: number): Promise<boolean> {
    // Aliases, import tokens and tags go with it through ON DELETE CASCADE (foreign_keys is on for SQLite).
    const { count } = await this.tx.key.deleteMany({ where: { id, version: expectedVersion } });
    return count === 1;
  }

  async insertAlias(alias: string, keyId: string, createdAt: Date): Promise<boolean> {
    const data = { name: alias, keyId, createdAt };
    if (this.provider === 'postgresql') {
      // A unique violation would abort the whole PostgreSQL transaction. ON CONFLICT DO NOTHING instead
      // waits for a concurrent inserter of the same name and then reports 0 rows if it committed.
      const tx = this.tx as unknown as PostgresqlPrisma.TransactionClient;
      const { count } = await tx.alias.createMany({ data: [data], skipDuplicates: true });
      return count === 1;
    }
    // SQLite: this transaction holds the database's write lock (BEGIN IMMEDIATE), so nobody can insert
    // between the check and the insert.
    if (await this.tx.alias.findUnique({ where: { name: alias }, select: { name: true } })) return false;
    await this.tx.alias.create({ data });
    return true;
  }

  async deleteAlias(alias: string, keyId: string): Promise<boolean> {
    const { count } = await this.tx.alias.deleteMany({ where: { name: alias, keyId } });
    return count === 1;
  }

  async insertAudit(event: AuditEventInput): Promise<void> {
    await this.tx.auditEvent.create({ data: toAuditCreateData(event) });
  }

  async putSetting(name: string, value: string): Promise<void> {
    await this.tx.systemSetting.upsert({ where: { name }, create: { name, value }, update: { value } });
  }

  async insertImportToken(token: NewImportToken): Promise<void> {
    await this.tx.importToken.create({ data: toImportTokenCreateData(token) });
  }

  async findImportTokenByHash(tokenHash: string): Promise<ImportTokenRecord | null> {
    // No lock needed: whoever uses the token must then win consumeImportToken's conditional update.
    const row = await this.tx.importToken.findUnique({ where: { tokenHash } });
    return row ? toImportTokenRecord(row) : null;
  }

  async consumeImportToken(id: string, now: Date): Promise<boolean> {
    // On PostgreSQL a concurrent consumer waits for our row lock, then re-tests the WHERE and matches nothing.
    const { count } = await this.tx.importToken.updateMany({
      where: { id, usedAt: null, privateKeyCiphertext: { not: null }, expiresAt: { gt: now } },
      data: { usedAt: now, privateKeyCiphertext: null },
    });
    return count === 1;
  }

  async lockKeyCreation(): Promise<void> {
    // SQLite: BEGIN IMMEDIATE already took the database's write lock, which orders every writer.
    if (this.provider !== 'postgresql') return;
    // Released at commit or rollback; queued creators then count with a snapshot that sees this one's key.
    await this.tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${KEY_CREATION_LOCK_ID})`);
  }

  countKeys(): Promise<number> {
    return this.tx.key.count();
  }

  async lockKey(id: string): Promise<boolean> {
    if (this.provider !== 'postgresql') return (await this.tx.key.count({ where: { id } })) === 1;
    const rows = await this.tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Key" WHERE "id" = ${id} FOR UPDATE`;
    return rows.length === 1;
  }

  countActiveImportTokens(keyId: string, now: Date): Promise<number> {
    return this.tx.importToken.count({ where: { keyId, usedAt: null, privateKeyCiphertext: { not: null }, expiresAt: { gt: now } } });
  }

  listTags(keyId: string): Promise<Tag[]> {
    return listTagsOf(this.tx, keyId);
  }

  async putTags(keyId: string, tags: Tag[], now: Date): Promise<void> {
    // No race to lose: the caller (mutateKey) has already updated the key's row, whose lock orders every
    // other writer of this key's tags behind this transaction (SQLite: the database write lock).
    for (const { tagKey, tagValue } of tags) {
      await this.tx.tag.upsert({
        where: { keyId_tagKey: { keyId, tagKey } },
        create: { keyId, tagKey, tagValue, createdAt: now },
        update: { tagValue },
      });
    }
  }

  async deleteTags(keyId: string, tagKeys: string[]): Promise<void> {
    if (tagKeys.length === 0) return;
    await this.tx.tag.deleteMany({ where: { keyId, tagKey: { in: tagKeys } } });
  }

  async listMaterialVersions(keyId: string): Promise<MaterialVersionRecord[]> {
    const rows = await this.tx.keyMaterial.findMany({ where: { keyId }, orderBy: BY_SEQUENCE });
    return rows.map(toMaterialVersionRecord);
  }

  async putMaterialVersion(version: MaterialVersionRecord): Promise<void> {
    const data = toMaterialVersionData(version);
    const { keyId, materialId, ...rest } = data;
    await this.tx.keyMaterial.upsert({ where: { keyId_materialId: { keyId, materialId } }, create: data, update: rest });
  }

  async deleteMaterialVersion(keyId: string, materialId: string): Promise<void> {
    await this.tx.keyMaterial.deleteMany({ where: { keyId, materialId } });
  }
}

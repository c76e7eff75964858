import type { DatabaseTarget } from '@/lib/db/target';
import type { ExpectedTable } from './prisma-schema';
import { queryRows } from './raw-sql';

/** What a Prisma scalar type becomes in each provider's migration SQL (the "type family" compared). */
export const COLUMN_TYPES: Record<DatabaseTarget['provider'], Record<string, string>> = {
  sqlite: {
    String: 'TEXT',
    Int: 'INTEGER',
    BigInt: 'BIGINT',
    Boolean: 'BOOLEAN',
    DateTime: 'DATETIME',
    Bytes: 'BLOB',
    Float: 'REAL',
    Decimal: 'DECIMAL',
    Json: 'JSONB',
  },
  postgresql: {
    String: 'text',
    Int: 'integer',
    BigInt: 'bigint',
    Boolean: 'boolean',
    DateTime: 'timestamp without time zone',
    Bytes: 'bytea',
    Float: 'double precision',
    Decimal: 'numeric',
    Json: 'jsonb',
  },
};

const ON_DELETE: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

/** The expected shape in the provider's own words, sorted like `introspect` sorts. */
export function expectedShape(tables: ExpectedTable[], provider: DatabaseTarget['provider']): ExpectedTable[] {
  return normalise(
    tables.map((table) => ({
      ...table,
      columns: table.columns.map((c) => ({ ...c, type: COLUMN_TYPES[provider][c.type] ?? `unmapped ${c.type}` })),
      foreignKeys: table.foreignKeys.map((fk) => ({ ...fk, onDelete: ON_DELETE[fk.onDelete] ?? fk.onDelete })),
    })),
  );
}

function normalise(tables: ExpectedTable[]): ExpectedTable[] {
  const byText = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
  return tables
    .map((t) => ({
      ...t,
      columns: [...t.columns].sort((a, b) => a.name.localeCompare(b.name)),
      indexes: [...t.indexes].sort(byText),
      foreignKeys: [...t.foreignKeys].sort(byText),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The migrated database's tables (Prisma's bookkeeping table aside), read from the catalog. Indexes named
 * in `skipIndexes` (hand-written ones models.prisma cannot express) are left out.
 */
export async function introspect(target: DatabaseTarget, options: { skipIndexes?: Set<string> } = {}): Promise<ExpectedTable[]> {
  const skip = options.skipIndexes ?? new Set<string>();
  return normalise(target.provider === 'sqlite' ? await introspectSqlite(target, skip) : await introspectPostgresql(target, skip));
}

async function introspectSqlite(target: DatabaseTarget, skip: Set<string>): Promise<ExpectedTable[]> {
  const q = <T>(sql: string) => queryRows<T>(target, sql);
  const names = await q<{ name: string }>(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`,
  );
  return Promise.all(
    names.map(async ({ name }) => {
      const quotedName = `"${name.replace(/"/g, '""')}"`;
      const info = await q<{ name: string; type: string; notnull: number; pk: number }>(`PRAGMA table_info(${quotedName})`);
      const indexList = await q<{ name: string; unique: number; origin: string }>(`PRAGMA index_list(${quotedName})`);
      const indexes = await Promise.all(
        indexList
          .filter((index) => index.origin !== 'pk' && !skip.has(index.name))
          .map(async (index) => ({
            columns: (await q<{ name: string; seqno: number }>(`PRAGMA index_info("${index.name}")`))
              .sort((a, b) => a.seqno - b.seqno)
              .map((c) => c.name),
            unique: index.unique === 1,
          })),
      );
      const fkRows = await q<{ id: number; seq: number; table: string; from: string; to: string; on_delete: string }>(
        `PRAGMA foreign_key_list(${quotedName})`,
      );
      const foreignKeys = [...new Set(fkRows.map((r) => r.id))].map((id) => {
        const parts = fkRows.filter((r) => r.id === id).sort((a, b) => a.seq - b.seq);
        return {
          columns: parts.map((p) => p.from),
          references: parts[0]!.table,
          referencedColumns: parts.map((p) => p.to),
          onDelete: parts[0]!.on_delete,
        };
      });
      return {
        name,
        columns: info.map((c) => ({ name: c.name, type: c.type, nullable: c.notnull === 0 && c.pk === 0 })),
        primaryKey: info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
        indexes,
        foreignKeys,
      };
    }),
  );
}

async function introspectPostgresql(target: DatabaseTarget, skip: Set<string>): Promise<ExpectedTable[]> {
  const q = <T>(sql: string) => queryRows<T>(target, sql);
  const columns = await q<{ table: string; name: string; type: string; nullable: string }>(
    `SELECT table_name AS table, column_name AS name, data_type AS type, is_nullable AS nullable
       FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`,
  );
  const allIndexes = await q<{ name: string; table: string; columns: string[]; unique: boolean; primary: boolean }>(
    `SELECT i.relname AS name, t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary,
            array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = current_schema() AND t.relname <> '_prisma_migrations'
      GROUP BY ix.indexrelid, i.relname, t.relname, ix.indisunique, ix.indisprimary`,
  );
  const indexes = allIndexes.filter((index) => !skip.has(index.name));
  const foreignKeys = await q<{ table: string; references: string; columns: string[]; referenced: string[]; on_delete: string }>(
    `SELECT t.relname AS table, r.relname AS references, c.confdeltype AS on_delete,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS referenced
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_class r ON r.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  );
  const actions: Record<string, string> = { c: 'CASCADE', r: 'RESTRICT', a: 'NO ACTION', n: 'SET NULL', d: 'SET DEFAULT' };
  const tables = [...new Set(columns.map((c) => c.table))];
  return tables.map((table) => ({
    name: table,
    columns: columns.filter((c) => c.table === table).map((c) => ({ name: c.name, type: c.type, nullable: c.nullable === 'YES' })),
    primaryKey: indexes.find((i) => i.table === table && i.primary)?.columns ?? [],
    indexes: indexes.filter((i) => i.table === table && !i.primary).map((i) => ({ columns: i.columns, unique: i.unique })),
    foreignKeys: foreignKeys
      .filter((fk) => fk.table === table)
      .map((fk) => ({ columns: fk.columns, references: fk.references, referencedColumns: fk.referenced, onDelete: actions[fk.on_delete]! })),
  }));
}

import type { DatabaseProvider, DatabaseTarget } from '@/lib/db/target';
import { queryRows } from './raw-sql';

/**
 * Indexes that hand-written migrations create because models.prisma cannot say them (a partial index, a
 * collation, an extension's operator class), by name and definition as the database reports it. The drift
 * test leaves them out of the comparison with the models and checks them here instead, so a migration that
 * loses one (SQLite redefines a table by copying it) fails. Add an index here together with its migration.
 */
const EXTRA_INDEXES: Record<DatabaseProvider, Record<string, string>> = {
  sqlite: {
    // prisma/sqlite/migrations/20261128224800_keys_list_extras
    Key_without_material_idx: 'CREATE INDEX "Key_without_material_idx" ON "Key"("state") WHERE "materialCiphertext" IS NULL',
  },
  postgresql: {
    // prisma/postgresql/migrations/20261128224800_keys_list_extras
    Key_without_material_idx:
      'CREATE INDEX "Key_without_material_idx" ON "Key" USING btree (state) WHERE ("materialCiphertext" IS NULL)',
    Key_id_bytewise_idx: 'CREATE INDEX "Key_id_bytewise_idx" ON "Key" USING btree (id COLLATE "C")',
    Alias_name_trgm_idx: 'CREATE INDEX "Alias_name_trgm_idx" ON "Alias" USING gin (lower((name COLLATE "C")) gin_trgm_ops)',
    // prisma/postgresql/migrations/20261129003000_alias_name_bytewise
    Alias_name_bytewise_idx: 'CREATE INDEX "Alias_name_bytewise_idx" ON "Alias" USING btree (name COLLATE "C")',
  },
};

/** Needs the pg_trgm extension; its migration skips it (with a warning) where the server has none. */
const NEEDS_PG_TRGM = new Set(['Alias_name_trgm_idx']);

/** The extra indexes this database should have, by name. */
export async function expectedExtraIndexes(target: DatabaseTarget): Promise<Record<string, string>> {
  const all = EXTRA_INDEXES[target.provider];
  if (target.provider === 'sqlite') return all;
  const available = await queryRows(target, `SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'`);
  return Object.fromEntries(Object.entries(all).filter(([name]) => available.length > 0 || !NEEDS_PG_TRGM.has(name)));
}

/** Every extra index name of the provider, present or not: the drift comparison leaves these out. */
export const extraIndexNames = (provider: DatabaseProvider): Set<string> => new Set(Object.keys(EXTRA_INDEXES[provider]));

/** The database's definitions of the provider's extra indexes (schema qualification removed). */
export async function actualExtraIndexes(target: DatabaseTarget): Promise<Record<string, string>> {
  const names = [...extraIndexNames(target.provider)].map((name) => `'${name}'`).join(', ');
  const rows =
    target.provider === 'sqlite'
      ? await queryRows<{ name: string; sql: string }>(target, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (${names})`)
      : await queryRows<{ name: string; sql: string }>(
          target,
          `SELECT indexname AS name, replace(indexdef, ' ON ' || quote_ident(schemaname) || '.', ' ON ') AS sql
             FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN (${names})`,
        );
  return Object.fromEntries(rows.map((row) => [row.name, row.sql]));
}

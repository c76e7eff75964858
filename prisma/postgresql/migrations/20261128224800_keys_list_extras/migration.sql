-- Hand-written: models.prisma cannot express these. The indexes are listed in
-- tests/integration/support/extra-indexes.ts, which the schema drift test checks.

-- Keys without material, so that the keys list counts effective states from indexes alone
-- (lib/db/list-keys-state.ts). Few rows: keys awaiting import, and any key whose material was removed.
CREATE INDEX "Key_without_material_idx" ON "Key"("state") WHERE "materialCiphertext" IS NULL;

-- Key IDs in byte order, for the keys list's key ID prefix search (lib/db/list-keys-search.ts): the
-- primary key follows the database's collation, in which a prefix need not be a range.
CREATE INDEX "Key_id_bytewise_idx" ON "Key"("id" COLLATE "C");

-- Alias substrings by trigram: the keys list matches lower("name" COLLATE "C") LIKE '%…%'. pg_trgm ships
-- with PostgreSQL (contrib) and is a trusted extension, but a server may lack it or deny CREATE on the
-- database: Keyfort then still starts, and alias search reads the whole Alias table (same results, slower).
DO $$
DECLARE
  trgm_schema name;
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
  EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'Keyfort: pg_trgm is unavailable (%); alias search in the keys list will scan aliases', SQLERRM;
  END;
  SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'pg_trgm';
  IF trgm_schema IS NOT NULL THEN
    EXECUTE format('CREATE INDEX "Alias_name_trgm_idx" ON "Alias" USING gin (lower("name" COLLATE "C") %I.gin_trgm_ops)', trgm_schema);
  END IF;
END
$$;

-- No parallel workers on these tables: Keyfort's statements on them are short and index-driven, and on a
-- small, busy server starting workers costs more than it saves (the keys list's count with a search and
-- filters ran 2-3x slower with them on 2 cores under load). A table setting, so it holds behind poolers.
ALTER TABLE "Key" SET (parallel_workers = 0);
ALTER TABLE "Alias" SET (parallel_workers = 0);

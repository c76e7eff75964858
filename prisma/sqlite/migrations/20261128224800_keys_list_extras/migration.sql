-- Hand-written: models.prisma cannot express a partial index. Listed in
-- tests/integration/support/extra-indexes.ts, which the schema drift test checks.

-- Keys without material, so that the keys list counts effective states from indexes alone
-- (lib/db/list-keys-state.ts). Few rows: keys awaiting import, and any key whose material was removed.
-- A later migration that redefines "Key" (SQLite copies the table) must create it again.
CREATE INDEX "Key_without_material_idx" ON "Key"("state") WHERE "materialCiphertext" IS NULL;

-- Hand-written: models.prisma cannot express it. Listed in tests/integration/support/extra-indexes.ts.

-- Alias names in byte order, for ListAliases (lib/db/prisma-key-store.ts): pages follow the name in the
-- "C" collation, as SQLite's BINARY orders them, so a marker means the same on both; the primary key
-- follows the database's collation, in which that order is not a range.
CREATE INDEX "Alias_name_bytewise_idx" ON "Alias"("name" COLLATE "C");

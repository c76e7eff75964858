-- AlterTable (by hand: `prisma migrate diff` redefines the table, which would drop the hand-written partial
-- index Key_without_material_idx; SQLite adds a NOT NULL column with a default in place).
ALTER TABLE "Key" ADD COLUMN "removedMaterialSequence" INTEGER NOT NULL DEFAULT 0;

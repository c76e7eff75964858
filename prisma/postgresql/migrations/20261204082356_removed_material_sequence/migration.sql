-- AlterTable
ALTER TABLE "Key" ADD COLUMN     "removedMaterialSequence" INTEGER NOT NULL DEFAULT 0;

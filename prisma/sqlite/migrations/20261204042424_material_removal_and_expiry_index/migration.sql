-- DropIndex
DROP INDEX "Key_materialExpiresAt_idx";

-- AlterTable
ALTER TABLE "Key" ADD COLUMN "materialRemovedAt" DATETIME;
ALTER TABLE "Key" ADD COLUMN "materialRemovedReason" TEXT;

-- CreateIndex
CREATE INDEX "Key_materialExpiresAt_id_idx" ON "Key"("materialExpiresAt", "id");

-- DropIndex
DROP INDEX "Key_materialExpiresAt_idx";

-- AlterTable
ALTER TABLE "Key" ADD COLUMN     "materialRemovedAt" TIMESTAMP(3),
ADD COLUMN     "materialRemovedReason" TEXT;

-- CreateIndex
CREATE INDEX "Key_materialExpiresAt_id_idx" ON "Key"("materialExpiresAt", "id");

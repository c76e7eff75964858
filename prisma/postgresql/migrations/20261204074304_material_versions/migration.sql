-- AlterTable
ALTER TABLE "Key" ADD COLUMN     "nextRotationAt" TIMESTAMP(3),
ADD COLUMN     "rotationPeriodDays" INTEGER;

-- CreateTable
CREATE TABLE "KeyMaterial" (
    "keyId" TEXT NOT NULL,
    "materialId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL,
    "materialCiphertext" BYTEA,
    "kcv" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "importedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "removedReason" TEXT,
    "removedAt" TIMESTAMP(3),
    "rotationDate" TIMESTAMP(3),
    "rotationType" TEXT,

    CONSTRAINT "KeyMaterial_pkey" PRIMARY KEY ("keyId","materialId")
);

-- CreateIndex
CREATE INDEX "KeyMaterial_expiresAt_idx" ON "KeyMaterial"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "KeyMaterial_keyId_sequence_key" ON "KeyMaterial"("keyId", "sequence");

-- CreateIndex
CREATE INDEX "Key_nextRotationAt_idx" ON "Key"("nextRotationAt");

-- AddForeignKey
ALTER TABLE "KeyMaterial" ADD CONSTRAINT "KeyMaterial_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "Key"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data: every key's material so far becomes its version 1, CURRENT (SPEC §11). Ciphertexts already issued
-- carry this material id, so they keep decrypting. The key check value needs the material in clear: the
-- background jobs compute it for versions that still hold material (lib/kms/backfill-key-check-values.ts).
INSERT INTO "KeyMaterial" ("keyId", "materialId", "sequence", "description", "state", "materialCiphertext", "kcv",
  "createdAt", "importedAt", "expiresAt", "removedReason", "removedAt", "rotationDate", "rotationType")
SELECT "id", "materialId", 1, '', 'CURRENT', "materialCiphertext", NULL,
  COALESCE("materialImportedAt", "createdAt"), "materialImportedAt", "materialExpiresAt", "materialRemovedReason", "materialRemovedAt", NULL, NULL
FROM "Key" WHERE "materialId" IS NOT NULL;

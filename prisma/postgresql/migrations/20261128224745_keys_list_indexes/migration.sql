-- DropIndex
DROP INDEX "Alias_keyId_idx";

-- CreateIndex
CREATE INDEX "Key_state_origin_materialExpiresAt_id_idx" ON "Key"("state", "origin", "materialExpiresAt", "id");

-- CreateIndex
CREATE INDEX "Alias_keyId_name_idx" ON "Alias"("keyId", "name");

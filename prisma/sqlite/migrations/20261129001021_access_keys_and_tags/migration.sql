-- CreateTable
CREATE TABLE "Tag" (
    "keyId" TEXT NOT NULL,
    "tagKey" TEXT NOT NULL,
    "tagValue" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("keyId", "tagKey"),
    CONSTRAINT "Tag_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "Key" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AccessKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "secretCiphertext" BLOB,
    "role" TEXT NOT NULL,
    "ownerName" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "AccessKey_createdAt_idx" ON "AccessKey"("createdAt");

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "via" TEXT;

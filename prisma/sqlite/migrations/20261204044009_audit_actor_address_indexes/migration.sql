-- CreateIndex
CREATE INDEX "AuditEvent_actorName_at_idx" ON "AuditEvent"("actorName", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_sourceAddress_at_idx" ON "AuditEvent"("sourceAddress", "at");

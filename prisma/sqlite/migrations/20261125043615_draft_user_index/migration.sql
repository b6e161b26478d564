-- CreateIndex
CREATE INDEX "Draft_userId_status_createdAt_idx" ON "Draft"("userId", "status", "createdAt");


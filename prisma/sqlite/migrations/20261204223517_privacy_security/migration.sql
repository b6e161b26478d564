-- AlterTable
ALTER TABLE "ProcessedMessage" ADD COLUMN "replies" JSONB;

-- AlterTable
ALTER TABLE "User" ADD COLUMN "erasedAt" DATETIME;

-- CreateTable
CREATE TABLE "WebSession" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "chatId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FailedAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "WebSession_chatId_key" ON "WebSession"("chatId");

-- CreateIndex
CREATE INDEX "WebSession_lastSeenAt_idx" ON "WebSession"("lastSeenAt");

-- CreateIndex
CREATE INDEX "FailedAttempt_key_kind_at_idx" ON "FailedAttempt"("key", "kind", "at");

-- CreateIndex
CREATE INDEX "FailedAttempt_at_idx" ON "FailedAttempt"("at");

-- CreateIndex
CREATE INDEX "Attachment_uploadedById_createdAt_idx" ON "Attachment"("uploadedById", "createdAt");

-- CreateIndex
CREATE INDEX "CouncilDossier_clientId_code_idx" ON "CouncilDossier"("clientId", "code");


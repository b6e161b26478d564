-- AlterTable
ALTER TABLE "ProcessedMessage" ADD COLUMN     "replies" JSONB;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "erasedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "WebSession" (
    "tokenHash" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebSession_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateTable
CREATE TABLE "FailedAttempt" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FailedAttempt_pkey" PRIMARY KEY ("id")
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


-- AlterTable
ALTER TABLE "Dossier" ADD COLUMN "councilDossierId" TEXT;
ALTER TABLE "Dossier" ADD COLUMN "forwardedAt" DATETIME;
ALTER TABLE "Dossier" ADD COLUMN "resubmissionOfId" TEXT;
ALTER TABLE "Dossier" ADD COLUMN "returnedFields" JSONB;
ALTER TABLE "Dossier" ADD COLUMN "statusReason" TEXT;

-- AlterTable
ALTER TABLE "Draft" ADD COLUMN "sourceDossierId" TEXT;

-- CreateTable
CREATE TABLE "OutboxAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "jobId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "outcome" TEXT,
    "httpStatus" INTEGER,
    "error" TEXT
);

-- CreateTable
CREATE TABLE "FeedCursor" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "cursor" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CouncilDossier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "payloadVersion" INTEGER NOT NULL,
    "bodyHash" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "resubmissionOfId" TEXT,
    "receivedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CouncilDossierEvent" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dossierId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "fields" JSONB,
    CONSTRAINT "CouncilDossierEvent_dossierId_fkey" FOREIGN KEY ("dossierId") REFERENCES "CouncilDossier" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "OutboxAttempt_jobId_idx" ON "OutboxAttempt"("jobId");

-- CreateIndex
CREATE INDEX "CouncilDossier_status_receivedAt_idx" ON "CouncilDossier"("status", "receivedAt");

-- CreateIndex
CREATE INDEX "CouncilDossier_unitId_idx" ON "CouncilDossier"("unitId");

-- CreateIndex
CREATE INDEX "CouncilDossier_kind_idx" ON "CouncilDossier"("kind");

-- CreateIndex
CREATE UNIQUE INDEX "CouncilDossier_clientId_idempotencyKey_key" ON "CouncilDossier"("clientId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "CouncilDossierEvent_dossierId_idx" ON "CouncilDossierEvent"("dossierId");

-- CreateIndex
CREATE INDEX "Dossier_councilDossierId_idx" ON "Dossier"("councilDossierId");


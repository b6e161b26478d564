-- AlterTable
ALTER TABLE "Dossier" ADD COLUMN     "councilDossierId" TEXT,
ADD COLUMN     "forwardedAt" TIMESTAMP(3),
ADD COLUMN     "resubmissionOfId" TEXT,
ADD COLUMN     "returnedFields" JSONB,
ADD COLUMN     "statusReason" TEXT;

-- AlterTable
ALTER TABLE "Draft" ADD COLUMN     "sourceDossierId" TEXT;

-- CreateTable
CREATE TABLE "OutboxAttempt" (
    "id" SERIAL NOT NULL,
    "jobId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "outcome" TEXT,
    "httpStatus" INTEGER,
    "error" TEXT,

    CONSTRAINT "OutboxAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedCursor" (
    "name" TEXT NOT NULL,
    "cursor" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FeedCursor_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "CouncilDossier" (
    "id" TEXT NOT NULL,
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
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CouncilDossier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CouncilDossierEvent" (
    "seq" SERIAL NOT NULL,
    "dossierId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "fields" JSONB,

    CONSTRAINT "CouncilDossierEvent_pkey" PRIMARY KEY ("seq")
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

-- AddForeignKey
ALTER TABLE "CouncilDossierEvent" ADD CONSTRAINT "CouncilDossierEvent_dossierId_fkey" FOREIGN KEY ("dossierId") REFERENCES "CouncilDossier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


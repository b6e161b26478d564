-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fullName" TEXT,
    "phone" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'vi',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "UserRole" (
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "grantedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "grantedBy" TEXT,

    PRIMARY KEY ("userId", "role"),
    CONSTRAINT "UserRole_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChannelIdentity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "displayName" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ChannelIdentity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AdministrativeUnit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "localTypeName" TEXT,
    "level" TEXT NOT NULL,
    "parentId" TEXT,
    "validFrom" DATETIME,
    "validTo" DATETIME,
    "successorIds" TEXT,
    CONSTRAINT "AdministrativeUnit_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "AdministrativeUnit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AwardType" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "group" TEXT NOT NULL,
    "subjectKinds" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "grantedBy" TEXT NOT NULL,
    "legalBasis" TEXT,
    "rewardCoefficient" REAL,
    "validFrom" DATETIME,
    "validTo" DATETIME
);

-- CreateTable
CREATE TABLE "Draft" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "chatKey" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "flowRevision" INTEGER NOT NULL,
    "stateVersion" INTEGER NOT NULL,
    "state" JSONB NOT NULL,
    "answers" JSONB NOT NULL,
    "currentStepId" TEXT,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "lastActivityAt" DATETIME NOT NULL,
    "remindedAt" DATETIME,
    "submittedAt" DATETIME,
    CONSTRAINT "Draft_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProcessedMessage" (
    "channel" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "processedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("channel", "chatId", "messageId")
);

-- CreateTable
CREATE TABLE "Nomination" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nomineeKind" TEXT NOT NULL,
    "nomineeName" TEXT NOT NULL,
    "nomineeSnapshot" JSONB NOT NULL,
    "gender" TEXT,
    "birthDate" TEXT,
    "subjectCategory" TEXT,
    "collectiveKind" TEXT,
    "memberCount" INTEGER,
    "advancedWorkerCount" INTEGER,
    "awardCode" TEXT NOT NULL,
    "achievementType" TEXT NOT NULL,
    "movement" TEXT,
    "summary" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "attestedAt" DATETIME NOT NULL,
    "draftId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "GoodDeedReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "channel" TEXT NOT NULL,
    "reporterUserId" TEXT NOT NULL,
    "anonymous" BOOLEAN NOT NULL,
    "reporterName" TEXT,
    "reporterPhone" TEXT,
    "subjectKind" TEXT NOT NULL,
    "subjectName" TEXT,
    "category" TEXT NOT NULL,
    "story" TEXT NOT NULL,
    "occurredOn" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "subjectConsent" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "consentAt" DATETIME NOT NULL,
    "draftId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sha256" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "storageKey" TEXT NOT NULL,
    "fileName" TEXT,
    "uploadedById" TEXT NOT NULL,
    "draftId" TEXT,
    "nominationId" TEXT,
    "goodDeedReportId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Attachment_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Attachment_nominationId_fkey" FOREIGN KEY ("nominationId") REFERENCES "Nomination" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Attachment_goodDeedReportId_fkey" FOREIGN KEY ("goodDeedReportId") REFERENCES "GoodDeedReport" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Dossier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payloadVersion" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "submittedById" TEXT NOT NULL,
    "submittedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "nominationId" TEXT,
    "goodDeedReportId" TEXT,
    CONSTRAINT "Dossier_nominationId_fkey" FOREIGN KEY ("nominationId") REFERENCES "Nomination" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Dossier_goodDeedReportId_fkey" FOREIGN KEY ("goodDeedReportId") REFERENCES "GoodDeedReport" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Counter" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "OutboxJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "data" JSONB
);

-- CreateTable
CREATE TABLE "FlowRevision" (
    "flowId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "specVersion" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "publishedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("flowId", "revision")
);

-- CreateIndex
CREATE INDEX "ChannelIdentity_userId_idx" ON "ChannelIdentity"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelIdentity_channel_externalId_key" ON "ChannelIdentity"("channel", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "AdministrativeUnit_code_key" ON "AdministrativeUnit"("code");

-- CreateIndex
CREATE INDEX "AdministrativeUnit_parentId_idx" ON "AdministrativeUnit"("parentId");

-- CreateIndex
CREATE INDEX "Draft_chatKey_status_idx" ON "Draft"("chatKey", "status");

-- CreateIndex
CREATE INDEX "Draft_status_lastActivityAt_idx" ON "Draft"("status", "lastActivityAt");

-- CreateIndex
CREATE INDEX "ProcessedMessage_processedAt_idx" ON "ProcessedMessage"("processedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Nomination_draftId_key" ON "Nomination"("draftId");

-- CreateIndex
CREATE INDEX "Nomination_unitId_year_idx" ON "Nomination"("unitId", "year");

-- CreateIndex
CREATE INDEX "Nomination_awardCode_year_idx" ON "Nomination"("awardCode", "year");

-- CreateIndex
CREATE UNIQUE INDEX "GoodDeedReport_draftId_key" ON "GoodDeedReport"("draftId");

-- CreateIndex
CREATE INDEX "GoodDeedReport_unitId_status_idx" ON "GoodDeedReport"("unitId", "status");

-- CreateIndex
CREATE INDEX "Attachment_sha256_idx" ON "Attachment"("sha256");

-- CreateIndex
CREATE INDEX "Attachment_draftId_idx" ON "Attachment"("draftId");

-- CreateIndex
CREATE UNIQUE INDEX "Dossier_code_key" ON "Dossier"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Dossier_nominationId_key" ON "Dossier"("nominationId");

-- CreateIndex
CREATE UNIQUE INDEX "Dossier_goodDeedReportId_key" ON "Dossier"("goodDeedReportId");

-- CreateIndex
CREATE INDEX "Dossier_submittedById_idx" ON "Dossier"("submittedById");

-- CreateIndex
CREATE INDEX "Dossier_status_idx" ON "Dossier"("status");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxJob_idempotencyKey_key" ON "OutboxJob"("idempotencyKey");

-- CreateIndex
CREATE INDEX "OutboxJob_status_nextAttemptAt_idx" ON "OutboxJob"("status", "nextAttemptAt");

-- AuditLog is append-only.
CREATE TRIGGER "AuditLog_no_update" BEFORE UPDATE ON "AuditLog"
BEGIN SELECT RAISE(ABORT, 'AuditLog is append-only'); END;
CREATE TRIGGER "AuditLog_no_delete" BEFORE DELETE ON "AuditLog"
BEGIN SELECT RAISE(ABORT, 'AuditLog is append-only'); END;

-- CreateTable
CREATE TABLE "ReviewRound" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "movement" TEXT,
    "deadline" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "closedAt" DATETIME
);

-- CreateTable
CREATE TABLE "CouncilMeeting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "heldAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "place" TEXT NOT NULL,
    "chair" TEXT NOT NULL,
    "secretaryName" TEXT NOT NULL,
    "memberCount" INTEGER NOT NULL,
    "presentCount" INTEGER NOT NULL,
    "recordedById" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    CONSTRAINT "CouncilMeeting_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "ReviewRound" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MeetingVote" (
    "meetingId" TEXT NOT NULL,
    "dossierId" TEXT NOT NULL,
    "votesFor" INTEGER NOT NULL,
    "passed" BOOLEAN NOT NULL,

    PRIMARY KEY ("meetingId", "dossierId"),
    CONSTRAINT "MeetingVote_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "CouncilMeeting" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PublicPosting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "publicCode" TEXT NOT NULL,
    "startsOn" TEXT NOT NULL,
    "endsOn" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "publishedById" TEXT NOT NULL,
    "publishedAt" DATETIME NOT NULL,
    "closedById" TEXT,
    "closedAt" DATETIME,
    "result" TEXT,
    "closingNote" TEXT,
    CONSTRAINT "PublicPosting_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "ReviewRound" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PostingEntry" (
    "postingId" TEXT NOT NULL,
    "dossierId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "nominee" TEXT NOT NULL,
    "unitName" TEXT NOT NULL,
    "awardName" TEXT NOT NULL,

    PRIMARY KEY ("postingId", "dossierId"),
    CONSTRAINT "PostingEntry_postingId_fkey" FOREIGN KEY ("postingId") REFERENCES "PublicPosting" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Objection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "postingId" TEXT NOT NULL,
    "dossierId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "reporterUserId" TEXT,
    "anonymous" BOOLEAN NOT NULL,
    "content" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "answer" TEXT,
    "answeredById" TEXT,
    "answeredAt" DATETIME,
    CONSTRAINT "Objection_postingId_fkey" FOREIGN KEY ("postingId") REFERENCES "PublicPosting" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Dossier" (
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
    "councilDossierId" TEXT,
    "forwardedAt" DATETIME,
    "resubmissionOfId" TEXT,
    "statusReason" TEXT,
    "returnedFields" JSONB,
    "decision" JSONB,
    "roundId" TEXT,
    CONSTRAINT "Dossier_nominationId_fkey" FOREIGN KEY ("nominationId") REFERENCES "Nomination" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Dossier_goodDeedReportId_fkey" FOREIGN KEY ("goodDeedReportId") REFERENCES "GoodDeedReport" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Dossier_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "ReviewRound" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Dossier" ("code", "councilDossierId", "decision", "forwardedAt", "goodDeedReportId", "id", "kind", "nominationId", "payload", "payloadVersion", "resubmissionOfId", "returnedFields", "status", "statusReason", "submittedAt", "submittedById", "unitId", "updatedAt") SELECT "code", "councilDossierId", "decision", "forwardedAt", "goodDeedReportId", "id", "kind", "nominationId", "payload", "payloadVersion", "resubmissionOfId", "returnedFields", "status", "statusReason", "submittedAt", "submittedById", "unitId", "updatedAt" FROM "Dossier";
DROP TABLE "Dossier";
ALTER TABLE "new_Dossier" RENAME TO "Dossier";
CREATE UNIQUE INDEX "Dossier_code_key" ON "Dossier"("code");
CREATE UNIQUE INDEX "Dossier_nominationId_key" ON "Dossier"("nominationId");
CREATE UNIQUE INDEX "Dossier_goodDeedReportId_key" ON "Dossier"("goodDeedReportId");
CREATE INDEX "Dossier_submittedById_idx" ON "Dossier"("submittedById");
CREATE INDEX "Dossier_roundId_idx" ON "Dossier"("roundId");
CREATE INDEX "Dossier_status_idx" ON "Dossier"("status");
CREATE INDEX "Dossier_councilDossierId_idx" ON "Dossier"("councilDossierId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ReviewRound_code_key" ON "ReviewRound"("code");

-- CreateIndex
CREATE INDEX "ReviewRound_unitId_status_idx" ON "ReviewRound"("unitId", "status");

-- CreateIndex
CREATE INDEX "CouncilMeeting_roundId_idx" ON "CouncilMeeting"("roundId");

-- CreateIndex
CREATE INDEX "MeetingVote_dossierId_idx" ON "MeetingVote"("dossierId");

-- CreateIndex
CREATE UNIQUE INDEX "PublicPosting_publicCode_key" ON "PublicPosting"("publicCode");

-- CreateIndex
CREATE INDEX "PublicPosting_roundId_idx" ON "PublicPosting"("roundId");

-- CreateIndex
CREATE INDEX "PostingEntry_dossierId_idx" ON "PostingEntry"("dossierId");

-- CreateIndex
CREATE UNIQUE INDEX "Objection_code_key" ON "Objection"("code");

-- CreateIndex
CREATE INDEX "Objection_dossierId_idx" ON "Objection"("dossierId");

-- CreateIndex
CREATE INDEX "Objection_postingId_idx" ON "Objection"("postingId");


-- AlterTable
ALTER TABLE "Dossier" ADD COLUMN     "roundId" TEXT;

-- CreateTable
CREATE TABLE "ReviewRound" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "movement" TEXT,
    "deadline" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "ReviewRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CouncilMeeting" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "heldAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "place" TEXT NOT NULL,
    "chair" TEXT NOT NULL,
    "secretaryName" TEXT NOT NULL,
    "memberCount" INTEGER NOT NULL,
    "presentCount" INTEGER NOT NULL,
    "recordedById" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CouncilMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingVote" (
    "meetingId" TEXT NOT NULL,
    "dossierId" TEXT NOT NULL,
    "votesFor" INTEGER NOT NULL,
    "passed" BOOLEAN NOT NULL,

    CONSTRAINT "MeetingVote_pkey" PRIMARY KEY ("meetingId","dossierId")
);

-- CreateTable
CREATE TABLE "PublicPosting" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "publicCode" TEXT NOT NULL,
    "startsOn" TEXT NOT NULL,
    "endsOn" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "publishedById" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,
    "closedById" TEXT,
    "closedAt" TIMESTAMP(3),
    "result" TEXT,
    "closingNote" TEXT,

    CONSTRAINT "PublicPosting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostingEntry" (
    "postingId" TEXT NOT NULL,
    "dossierId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "nominee" TEXT NOT NULL,
    "unitName" TEXT NOT NULL,
    "awardName" TEXT NOT NULL,

    CONSTRAINT "PostingEntry_pkey" PRIMARY KEY ("postingId","dossierId")
);

-- CreateTable
CREATE TABLE "Objection" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "postingId" TEXT NOT NULL,
    "dossierId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "reporterUserId" TEXT,
    "anonymous" BOOLEAN NOT NULL,
    "content" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "answer" TEXT,
    "answeredById" TEXT,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "Objection_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE INDEX "Dossier_roundId_idx" ON "Dossier"("roundId");

-- AddForeignKey
ALTER TABLE "Dossier" ADD CONSTRAINT "Dossier_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "ReviewRound"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CouncilMeeting" ADD CONSTRAINT "CouncilMeeting_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "ReviewRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingVote" ADD CONSTRAINT "MeetingVote_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "CouncilMeeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublicPosting" ADD CONSTRAINT "PublicPosting_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "ReviewRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostingEntry" ADD CONSTRAINT "PostingEntry_postingId_fkey" FOREIGN KEY ("postingId") REFERENCES "PublicPosting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objection" ADD CONSTRAINT "Objection_postingId_fkey" FOREIGN KEY ("postingId") REFERENCES "PublicPosting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


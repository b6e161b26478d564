-- AlterTable
ALTER TABLE "CouncilDossierEvent" ADD COLUMN     "decision" JSONB;

-- AlterTable
ALTER TABLE "Dossier" ADD COLUMN     "decision" JSONB;

-- CreateTable
CREATE TABLE "AwardRecord" (
    "id" TEXT NOT NULL,
    "nomineeKind" TEXT NOT NULL,
    "nomineeName" TEXT NOT NULL,
    "nomineeKey" TEXT NOT NULL,
    "birthDate" TEXT,
    "nationalId" TEXT,
    "unitId" TEXT NOT NULL,
    "awardCode" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "decisionNumber" TEXT NOT NULL,
    "decidedOn" TEXT NOT NULL,
    "signer" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "dossierId" TEXT NOT NULL,
    "nominationId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AwardRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AwardRecord_dossierId_key" ON "AwardRecord"("dossierId");

-- CreateIndex
CREATE INDEX "AwardRecord_nomineeKey_awardCode_year_idx" ON "AwardRecord"("nomineeKey", "awardCode", "year");

-- CreateIndex
CREATE INDEX "AwardRecord_nationalId_idx" ON "AwardRecord"("nationalId");


-- Contract 2.0: the council advises, the chair decides. A council's "approved" was a
-- recommendation (thống nhất đề nghị) and "rejected" a refusal to recommend; for a good-deed
-- report they meant "verified" and "unfounded" (không đủ căn cứ). No decision was ever recorded.
UPDATE "CouncilDossierEvent" SET "status" = 'verified' WHERE "status" = 'approved' AND "dossierId" IN (SELECT "id" FROM "CouncilDossier" WHERE "kind" = 'GOOD_DEED_REPORT');
UPDATE "CouncilDossierEvent" SET "status" = 'unfounded' WHERE "status" = 'rejected' AND "dossierId" IN (SELECT "id" FROM "CouncilDossier" WHERE "kind" = 'GOOD_DEED_REPORT');
UPDATE "CouncilDossierEvent" SET "status" = 'recommended' WHERE "status" = 'approved';
UPDATE "CouncilDossierEvent" SET "status" = 'not_recommended' WHERE "status" = 'rejected';
UPDATE "CouncilDossier" SET "status" = 'verified' WHERE "status" = 'approved' AND "kind" = 'GOOD_DEED_REPORT';
UPDATE "CouncilDossier" SET "status" = 'unfounded' WHERE "status" = 'rejected' AND "kind" = 'GOOD_DEED_REPORT';
UPDATE "CouncilDossier" SET "status" = 'recommended' WHERE "status" = 'approved';
UPDATE "CouncilDossier" SET "status" = 'not_recommended' WHERE "status" = 'rejected';
UPDATE "Dossier" SET "status" = 'VERIFIED' WHERE "status" = 'APPROVED' AND "kind" = 'GOOD_DEED_REPORT';
UPDATE "Dossier" SET "status" = 'UNFOUNDED' WHERE "status" = 'REJECTED' AND "kind" = 'GOOD_DEED_REPORT';
UPDATE "Dossier" SET "status" = 'RECOMMENDED' WHERE "status" = 'APPROVED';
UPDATE "Dossier" SET "status" = 'NOT_RECOMMENDED' WHERE "status" = 'REJECTED';

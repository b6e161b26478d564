-- AlterTable
ALTER TABLE "CouncilDossier" ADD COLUMN     "documents" JSONB;


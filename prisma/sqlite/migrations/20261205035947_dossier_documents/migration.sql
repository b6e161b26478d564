-- CreateTable
CREATE TABLE "DossierDocument" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dossierId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "template" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "storageKey" TEXT NOT NULL,
    "dataHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "DossierDocument_dossierId_kind_idx" ON "DossierDocument"("dossierId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "DossierDocument_dossierId_kind_mediaType_version_key" ON "DossierDocument"("dossierId", "kind", "mediaType", "version");


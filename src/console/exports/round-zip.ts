/**
 * A review round's papers in one ZIP, for the secretary who files them or sends them on: the
 * round's tờ trình and biên bản (with the tallies of its latest meeting) at the top, and each
 * nomination dossier's latest papers in a folder named by its code. The dossiers' papers are
 * brought up to date first (`ensure`: a new version only where the data or a template changed),
 * so the ZIP holds what the dossier's page offers.
 */
import PizZip from "pizzip";
import type { Db } from "../../db/open-database.ts";
import type { DossierDocuments } from "../../documents/dossier-documents.ts";

export const ZIP_MEDIA_TYPE = "application/zip";

export interface RoundZipDeps {
  db: Db;
  documents: Pick<DossierDocuments, "forRound" | "ensure" | "read">;
}

/** The ZIP's bytes; `today` (yyyy-mm-dd) dates the round's papers, `now` the entries. */
export async function roundZip(deps: RoundZipDeps, roundId: string, today: string, now: Date): Promise<Uint8Array> {
  const zip = new PizZip();
  const add = (path: string, bytes: Uint8Array) => zip.file(path, bytes, { binary: true, date: now });
  for (const paper of await deps.documents.forRound(roundId, today)) add(paper.fileName, paper.bytes);
  const dossiers = await deps.db.dossier.findMany({ where: { roundId, kind: { not: "GOOD_DEED_REPORT" } }, orderBy: { code: "asc" } });
  for (const dossier of dossiers) {
    for (const stored of await deps.documents.ensure(dossier)) {
      const found = await deps.documents.read(stored.id);
      if (found) add(`${dossier.code}/${stored.fileName}`, found.bytes);
    }
  }
  return zip.generate({ type: "uint8array", compression: "DEFLATE" });
}

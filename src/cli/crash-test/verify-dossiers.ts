/**
 * The crash test's verdict on the dossiers, read from the stopped server's database file and the
 * council's counts: no draft has two dossiers, every local dossier is at the council exactly once,
 * every code a person was told is one of them, and every "gửi" a person saw applied left a
 * submitted draft with its dossier.
 */
import type { Db } from "../../db/open-database.ts";
import { chatKeyOf, type Person } from "./simulated-person.ts";

export interface DossierVerdict {
  /** Told codes found exactly once locally and at the council. */
  confirmed: number;
  /** Local dossiers found exactly once at the council. */
  atCouncil: number;
  duplicates: number;
  /** Submissions a person saw applied that left no submitted draft with a dossier. */
  lostAnswers: number;
}

export async function verifyDossiers(
  db: Db,
  people: readonly Person[],
  councilCounts: ReadonlyMap<string, number>,
  violations: string[],
): Promise<DossierVerdict> {
  const verdict: DossierVerdict = { confirmed: 0, atCouncil: 0, duplicates: 0, lostAnswers: 0 };
  const dossiers = await db.dossier.findMany({ include: { goodDeedReport: true } });
  const localByCode = new Map<string, number>();
  for (const d of dossiers) localByCode.set(d.code, (localByCode.get(d.code) ?? 0) + 1);
  const draftsWithDossier = new Map<string, number>();
  for (const d of dossiers) {
    const draftId = d.goodDeedReport?.draftId;
    if (draftId) draftsWithDossier.set(draftId, (draftsWithDossier.get(draftId) ?? 0) + 1);
  }
  for (const [draftId, n] of draftsWithDossier) {
    if (n > 1) {
      verdict.duplicates += n - 1;
      violations.push(`draft ${draftId} has ${n} dossiers`);
    }
  }
  // Every local dossier reaches the council exactly once.
  for (const d of dossiers) {
    const n = councilCounts.get(d.code) ?? 0;
    if (n === 1) verdict.atCouncil++;
    else if (n > 1) {
      verdict.duplicates += n - 1;
      violations.push(`dossier ${d.code} is ${n} times at the council`);
    } else violations.push(`dossier ${d.code} (status ${d.status}) never reached the council`);
  }
  for (const code of councilCounts.keys()) {
    if (!localByCode.has(code)) violations.push(`council has ${code}, which is not a local dossier`);
  }

  for (const p of people) {
    const chatKey = await chatKeyOf(db, p);
    for (const code of p.codes) {
      const local = localByCode.get(code) ?? 0;
      const council = councilCounts.get(code) ?? 0;
      if (local === 1 && council === 1) verdict.confirmed++;
      else violations.push(`${p.name} was told ${code}: ${local} local, ${council} at the council`);
      const mine = dossiers.find((d) => d.code === code);
      if (mine && mine.goodDeedReport?.channel !== undefined) {
        const draft = await db.draft.findUnique({ where: { id: mine.goodDeedReport.draftId } });
        if (draft?.chatKey !== chatKey) violations.push(`${code} told to ${chatKey} belongs to draft of ${draft?.chatKey}`);
      }
    }
    if (new Set(p.codes).size !== p.codes.length) {
      verdict.duplicates++;
      violations.push(`${p.name} was told the same code twice: ${p.codes.join(", ")}`);
    }
    const drafts = await db.draft.findMany({ where: { chatKey }, orderBy: { createdAt: "asc" } });
    const submittedDrafts = drafts.filter((d) => d.status === "SUBMITTED");
    const withDossier = submittedDrafts.filter((d) => draftsWithDossier.has(d.id)).length;
    if (withDossier < p.submitted || submittedDrafts.length < p.submitted) {
      verdict.lostAnswers += p.submitted - Math.min(withDossier, submittedDrafts.length);
      violations.push(`${p.name}: ${p.submitted} reports submitted, but ${submittedDrafts.length} submitted drafts and ${withDossier} dossiers`);
    }
    if (submittedDrafts.length > p.submitted) {
      verdict.duplicates += submittedDrafts.length - p.submitted;
      violations.push(`${p.name}: ${p.submitted} reports submitted, but ${submittedDrafts.length} submitted drafts`);
    }
    if (submittedDrafts.length !== withDossier) violations.push(`${p.name}: ${submittedDrafts.length} submitted drafts, ${withDossier} with a dossier`);
    const active = drafts.filter((d) => d.status === "ACTIVE");
    const others = drafts.filter((d) => d.status !== "ACTIVE" && d.status !== "SUBMITTED");
    if (others.length > 0) violations.push(`${p.name}: unexpected drafts ${others.map((d) => `${d.id}:${d.status}`).join(", ")}`);
    if (active.length > 0) violations.push(`${p.name}: every report was finished, but ${active.length} draft(s) are still active`);
  }
  return verdict;
}

/**
 * Removes the submitter's own personal data from a stored dossier payload, after they asked for
 * their data to be erased: `submittedBy.name` and a good-deed reporter's name and phone become
 * null. What the dossier is about (a nominee, the doer of a good deed, the story, the files) is
 * its substance and stays: the law requires a submitted dossier to be kept. `submittedBy.userId`
 * stays as a pseudonym (the erased user row names no one). Used by the bot on its own copy and by
 * the council on its copy, so both end up the same. Unknown shapes are returned unchanged.
 */
export function pseudonymisePayload(payload: unknown): unknown {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) return payload;
  const p = payload as Record<string, unknown>;
  const out: Record<string, unknown> = { ...p };
  const by = p.submittedBy;
  if (by !== null && typeof by === "object" && !Array.isArray(by)) out.submittedBy = { ...(by as object), name: null };
  const report = p.goodDeedReport;
  if (report !== null && typeof report === "object" && !Array.isArray(report)) {
    const r = report as Record<string, unknown>;
    const reporter = r.reporter;
    if (reporter !== null && typeof reporter === "object" && !Array.isArray(reporter)) {
      out.goodDeedReport = { ...r, reporter: { ...(reporter as object), name: null, phone: null } };
    }
  }
  return out;
}

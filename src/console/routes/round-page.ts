/**
 * Renders a review round's page for the routes that show it: the round's dossiers with the
 * latest meeting's tallies, its papers, and its sections. `roundSections` is where a feature adds
 * its section to the page (the meeting's is the first).
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { earlierNominations } from "../../rounds/review-rounds.ts";
import { agendaOf, latestMeeting, planEntries, type AgendaItem, type LatestMeeting, type MeetingResult } from "../../rounds/council-meeting.ts";
import { fewestReaching } from "../../rounds/meeting-rules.ts";
import { toIsoDate } from "../../time/local-date.ts";
import { localDateInVietnam } from "../../time/vietnam-time.ts";
import type { ConsoleDeps } from "../console-deps.ts";
import type { ConsoleEnv } from "../console-env.ts";
import { roundExportLinks } from "../views/export-links.ts";
import { renderPage } from "../console-pages.ts";
import type { RoundSummary } from "../round-list.ts";
import { LIST_ROW_INCLUDE, listRowOf } from "../dossier-list.ts";
import { meetingSection } from "../views/meeting-view.ts";
import type { PageFrame } from "../views/page-layout.ts";
import { earlierSection, postingSummary, roundPageView, type RoundDossierRow, type RoundSection } from "../views/round-page-view.ts";
import { roundImportLinks } from "../views/import-view.ts";

/** Award names by code, for a page's tables. */
export async function awardNames(deps: ConsoleDeps): Promise<(code: string) => string> {
  const names = new Map((await deps.db.awardType.findMany({ select: { code: true, name: true } })).map((a) => [a.code, a.name]));
  return (code) => names.get(code) ?? code;
}

/** A stored meeting's result as the page shows it: the tallies as judged when recorded, the quorum by the rules. */
export function storedResult(deps: ConsoleDeps, meeting: LatestMeeting, awardOf: (dossierId: string) => string | null): MeetingResult {
  const rules = deps.meetingRules;
  return {
    quorum: rules.quorumMet(meeting.memberCount, meeting.presentCount),
    quorumNeeded: fewestReaching(meeting.memberCount, rules.quorum),
    votes: meeting.votes.map((v) => ({ dossierId: v.dossierId, votesFor: v.votesFor, passed: v.passed, needed: fewestReaching(meeting.memberCount, rules.thresholdFor(awardOf(v.dossierId))) })),
  };
}

/** Whether council entries can be sent from the console (not to another system without a staff token). */
export function canSendEntries(deps: ConsoleDeps): boolean {
  return !deps.council.external || deps.council.acceptsEntries;
}

export async function showRound(c: Context<ConsoleEnv>, deps: ConsoleDeps, round: RoundSummary, opts: { notice?: PageFrame["notice"] } = {}, status: ContentfulStatusCode = 200): Promise<Response> {
  const { t } = c.var;
  const { db } = deps;
  const [rows, meeting, agenda, awardName, posting, earlier] = await Promise.all([
    db.dossier.findMany({ where: { roundId: round.id }, orderBy: { code: "asc" }, include: LIST_ROW_INCLUDE }),
    latestMeeting(db, round.id),
    agendaOf(db, round.id),
    awardNames(deps),
    db.publicPosting.findFirst({ where: { roundId: round.id }, orderBy: { publishedAt: "desc" }, include: { _count: { select: { objections: true } } } }),
    round.status === "OPEN" ? earlierNominations(db, deps.units, round) : Promise.resolve([]),
  ]);
  const votes = new Map(meeting?.votes.map((v) => [v.dossierId, v]) ?? []);
  const dossiers: RoundDossierRow[] = rows.map((d) => {
    const vote = votes.get(d.id);
    return { ...listRowOf(d), tally: vote && meeting ? { votesFor: vote.votesFor, memberCount: meeting.memberCount, passed: vote.passed } : null };
  });
  const byAward = new Map<string, number>();
  for (const d of dossiers) if (d.awardCode) byAward.set(d.awardCode, (byAward.get(d.awardCode) ?? 0) + 1);

  const voted: AgendaItem[] = rows.flatMap((d) => (d.nomination && votes.has(d.id) ? [{ dossierId: d.id, code: d.code, nominee: d.nomination.nomineeName, awardCode: d.nomination.awardCode, unitId: d.unitId, status: d.status }] : []));
  const latest = meeting
    ? {
        facts: meeting,
        result: storedResult(deps, meeting, (id) => voted.find((v) => v.dossierId === id)?.awardCode ?? null),
        agenda: voted,
        plan: await planEntries(db, meeting, deps.meetingRules),
      }
    : null;

  /**
   * The round page's sections, in order. Other features add theirs here (the public posting of
   * the list, the exports): a title and a body, built from the round.
   */
  const roundSections: RoundSection[] = [
    ...(earlier.length
      ? [{ id: "earlier", title: t("round.earlier_title"), body: earlierSection(t, round.code, earlier.map((d) => ({ id: d.id, code: d.code, nominee: d.nomination!.nomineeName, award: awardName(d.nomination!.awardCode), unit: deps.units.label(d.unitId) }))) }]
      : []),
    { id: "meeting", title: t("meeting.title"), body: meetingSection({ t, roundCode: round.code, agenda, latest, awardName, canSend: canSendEntries(deps) }) },
    { id: "posting", title: t("round.section.posting"), body: postingSummary(t, round.code, posting) },
    { id: "exports", title: t("round.section.exports"), body: roundExportLinks(t, round.code) },
    { id: "import", title: t("import.section"), body: roundImportLinks(t, round.code) },
  ];

  const body = roundPageView({
    t,
    round,
    unitLabel: (id) => deps.units.label(id),
    awardName,
    dossiers,
    byAward: [...byAward].map(([awardCode, count]) => ({ awardCode, count })).sort((a, b) => b.count - a.count || a.awardCode.localeCompare(b.awardCode)),
    documents: (await roundPapers(deps, round)).map((d) => ({ fileName: d.fileName, kind: d.kind })),
    sections: roundSections,
  });
  return renderPage(c, { title: `${round.code} — ${round.title}`, body, ...(opts.notice ? { notice: opts.notice } : {}) }, status);
}

/** The round's papers as made now, or none (and logged) when a template is broken. */
export async function roundPapers(deps: ConsoleDeps, round: Pick<RoundSummary, "id" | "code">) {
  try {
    return await deps.documents.forRound(round.id, toIsoDate(localDateInVietnam(deps.now())));
  } catch (err) {
    deps.log.error({ err, round: round.code }, "console: the round's papers could not be made");
    return [];
  }
}

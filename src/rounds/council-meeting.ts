/**
 * The council's meeting on a review round (họp Hội đồng TĐKT): the secretary records when and
 * where it was held, who chaired it, how many of the council's members there are and how many
 * came, and the secret ballot's tally for each nominee (counts only, never who voted how). The
 * result is judged against the rules in data (meeting-rules.ts): without the quorum no nominee
 * passes; with it, a nominee passes when the votes for reach the award's share of ALL members.
 *
 * Then the result becomes the council's entries: "thống nhất đề nghị" for each nominee who passed
 * and "không thống nhất đề nghị" for each who did not, queued through the same service as every
 * other entry (council-entries.ts), which checks the scope and the status again.
 */
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import type { Db, Tx } from "../db/open-database.ts";
import { entriesAllowed, pendingEntriesByCode, queueCouncilEntry, WAITING, type CouncilAction, type EntryQueued } from "../council/council-entries.ts";
import { fewestReaching, reaches, type MeetingRules } from "./meeting-rules.ts";

/** Statuses of a nomination the council still has to vote on: sent to it, or on its way. */
export const ON_THE_AGENDA = ["QUEUED", ...WAITING];

/** A nominee on the meeting's agenda. */
export interface AgendaItem {
  dossierId: string;
  code: string;
  nominee: string;
  awardCode: string;
  unitId: string;
  status: string;
}

/** When, where and by whom the meeting was held, and its attendance. */
export interface MeetingFacts {
  heldAt: Date;
  endedAt: Date | null;
  place: string;
  chair: string;
  secretaryName: string;
  memberCount: number;
  presentCount: number;
}

export interface JudgedVote {
  dossierId: string;
  votesFor: number;
  passed: boolean;
  /** The fewest votes that pass, out of all members; more than the members when none can. */
  needed: number;
}

export interface MeetingResult {
  quorum: boolean;
  /** The fewest present that make the quorum. */
  quorumNeeded: number;
  votes: JudgedVote[];
}

/** The round's nominations the council still has to vote on, oldest code first. */
export async function agendaOf(db: Db | Tx, roundId: string): Promise<AgendaItem[]> {
  const rows = await db.dossier.findMany({
    where: { roundId, kind: { not: "GOOD_DEED_REPORT" }, status: { in: ON_THE_AGENDA } },
    orderBy: { code: "asc" },
    include: { nomination: { select: { nomineeName: true, awardCode: true } } },
  });
  return rows.flatMap((d) => (d.nomination ? [{ dossierId: d.id, code: d.code, nominee: d.nomination.nomineeName, awardCode: d.nomination.awardCode, unitId: d.unitId, status: d.status }] : []));
}

/** Judges the tallies (votes for, by dossier id) against the rules: pure. */
export function judgeMeeting(rules: MeetingRules, facts: Pick<MeetingFacts, "memberCount" | "presentCount">, agenda: readonly AgendaItem[], tallies: ReadonlyMap<string, number>): MeetingResult {
  const quorum = rules.quorumMet(facts.memberCount, facts.presentCount);
  return {
    quorum,
    quorumNeeded: fewestReaching(facts.memberCount, rules.quorum),
    votes: agenda.map((item) => {
      const votesFor = tallies.get(item.dossierId) ?? 0;
      const threshold = rules.thresholdFor(item.awardCode);
      return { dossierId: item.dossierId, votesFor, passed: quorum && reaches(votesFor, facts.memberCount, threshold), needed: fewestReaching(facts.memberCount, threshold) };
    }),
  };
}

/** Stores the meeting (with the caller's id when given: an idempotency key), its tallies and an audit entry in `tx`; returns its id. */
export async function recordMeeting(tx: Tx, input: { id?: string; roundId: string; facts: MeetingFacts; result: MeetingResult; recordedById: string; now: Date }): Promise<string> {
  const { facts, result } = input;
  const meeting = await tx.councilMeeting.create({
    data: { ...(input.id ? { id: input.id } : {}), roundId: input.roundId, ...facts, recordedById: input.recordedById, recordedAt: input.now },
  });
  for (const v of result.votes) await tx.meetingVote.create({ data: { meetingId: meeting.id, dossierId: v.dossierId, votesFor: v.votesFor, passed: v.passed } });
  await tx.auditLog.create({
    data: {
      at: input.now,
      actorId: input.recordedById,
      action: "round.meeting_recorded",
      entity: "ReviewRound",
      entityId: input.roundId,
      data: { meetingId: meeting.id, memberCount: facts.memberCount, presentCount: facts.presentCount, quorum: result.quorum, passed: result.votes.filter((v) => v.passed).length, failed: result.votes.filter((v) => !v.passed).length },
    },
  });
  return meeting.id;
}

/** The round's latest recorded meeting with its tallies (of two recorded at once, the later held), or null. */
export function latestMeeting(db: Db | Tx, roundId: string) {
  return db.councilMeeting.findFirst({ where: { roundId }, orderBy: [{ recordedAt: "desc" }, { heldAt: "desc" }], include: { votes: true } });
}

export type LatestMeeting = NonNullable<Awaited<ReturnType<typeof latestMeeting>>>;

/**
 * What the meeting's result asks of each nominee now: RECOMMEND for one who passed, NOT_RECOMMEND
 * for one who did not; for one who passed but whom the council has only received, IN_REVIEW first
 * (the council recommends from review: the secretary acts again once it has taken that); null
 * when there is nothing to send (the meeting had no quorum, an entry is on its way, or the council
 * is past this step).
 */
export interface PlannedEntry {
  dossierId: string;
  code: string;
  votesFor: number;
  passed: boolean;
  action: Extract<CouncilAction, "RECOMMEND" | "NOT_RECOMMEND" | "IN_REVIEW"> | null;
  /** Why there is none: the meeting had no quorum, an entry is on its way, or the dossier is no longer before the council. */
  why: "no_quorum" | "pending" | "not_before_council" | null;
}

export async function planEntries(db: Db | Tx, meeting: LatestMeeting, rules: MeetingRules): Promise<PlannedEntry[]> {
  // Without its quorum the meeting's votes count for nothing: nobody is recommended or refused by it.
  const quorum = rules.quorumMet(meeting.memberCount, meeting.presentCount);
  const dossiers = await db.dossier.findMany({ where: { id: { in: meeting.votes.map((v) => v.dossierId) } }, include: { nomination: { select: { awardCode: true } } }, orderBy: { code: "asc" } });
  const pending = await pendingEntriesByCode(db);
  const out: PlannedEntry[] = [];
  for (const d of dossiers) {
    const vote = meeting.votes.find((v) => v.dossierId === d.id)!;
    const base = { dossierId: d.id, code: d.code, votesFor: vote.votesFor, passed: vote.passed };
    if (!quorum) {
      out.push({ ...base, action: null, why: "no_quorum" });
      continue;
    }
    if (pending.has(d.code)) {
      out.push({ ...base, action: null, why: "pending" });
      continue;
    }
    const allowed = await entriesAllowed(db, d);
    const wanted: PlannedEntry["action"][] = vote.passed ? ["RECOMMEND", "IN_REVIEW"] : ["NOT_RECOMMEND"];
    const action = wanted.find((a) => a !== null && allowed.includes(a)) ?? null;
    out.push({ ...base, action, why: action ? null : "not_before_council" });
  }
  return out;
}

/**
 * Queues the planned entries in `tx`, each with the reason the ballot gives ("Kết quả bỏ phiếu:
 * 8/9 phiếu đồng ý"); `key` makes each job's idempotency key, so a confirmation posted twice
 * queues each entry once. Returns what each queueing answered.
 */
export async function queueMeetingEntries(
  tx: Tx,
  input: { plan: readonly PlannedEntry[]; memberCount: number; reason: (votesFor: number, members: number) => string; actor: { id: string; scope: string | null }; key: string; now: Date; units: UnitDirectory },
): Promise<EntryQueued[]> {
  const out: EntryQueued[] = [];
  for (const p of input.plan) {
    if (!p.action) continue;
    const note = input.reason(p.votesFor, input.memberCount);
    const entry = { dossier: p.code, action: p.action, fields: [], note, decisionNumber: null, decisionDate: null, signer: null, outcome: null };
    out.push(await queueCouncilEntry(tx, { entry, actor: input.actor, key: `${input.key}:${p.code}`, now: input.now, units: input.units }));
  }
  return out;
}

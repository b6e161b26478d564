/**
 * The verification of a good-deed report, recorded in the chat (the report-verification flow) by
 * an officer of the place or a council secretary: đang xác minh, đã xác minh, không đủ căn cứ,
 * trùng; then biểu dương, đề nghị khen (an individual nomination draft for the officer of the
 * place, see nominate-from-report.ts) or lưu. Each is a transition of the council service sent
 * through the outbox; the reporter hears of it through the feed, in plain words. The person's
 * scope and the report's status are checked here again; an entry the status does not allow is
 * answered with what is allowed, and nothing is sent.
 */
import { COUNCIL_TRANSITION_JOB, enqueueJob, type CouncilTransitionPayload } from "../outbox/jobs.ts";
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import type { Db, Tx } from "../db/open-database.ts";
import type { I18n, Lang } from "../i18n/i18n.ts";
import { reportVerificationRecord, type ReportVerificationRecord } from "../records/parse-record.ts";
import type { StaffEntryBase } from "./council-review.ts";
import { nominateFromReportIn, type NominateFromReportDeps } from "./nominate-from-report.ts";

type Action = ReportVerificationRecord["action"];

/** Local statuses of a report that still waits for its verification or what follows it. */
const OPEN = ["FORWARDED", "RECEIVED", "IN_REVIEW", "VERIFIED"];

/** The entries a report's local status allows. */
export function reportActionsFor(status: string): Action[] {
  if (status === "FORWARDED" || status === "RECEIVED") return ["IN_REVIEW", "VERIFIED", "UNFOUNDED", "DUPLICATE"];
  if (status === "IN_REVIEW") return ["VERIFIED", "UNFOUNDED", "DUPLICATE"];
  if (status === "VERIFIED") return ["PRAISE", "PROPOSE", "FILE"];
  return [];
}

/** Whose reports a person handles: a secretary's council area, else an officer's unit; null = all. */
export function verificationScope(units: Partial<Record<string, string | null>>): string | null {
  return units.secretary ?? units.officer ?? null;
}

/** The reports a person may act on, oldest first, labelled with their status. */
export async function reportQueue(db: Db, units: UnitDirectory, scope: string | null, i18n: I18n, lang: Lang): Promise<Array<{ code: string; label: string; allows: Action[] }>> {
  const rows = await db.dossier.findMany({
    where: { status: { in: OPEN }, kind: "GOOD_DEED_REPORT", councilDossierId: { not: null } },
    orderBy: { submittedAt: "asc" },
    include: { goodDeedReport: true },
    take: 200,
  });
  return rows
    .filter((d) => !scope || units.isWithin(d.unitId, scope))
    .map((d) => ({
      code: d.code,
      label: `${d.code} — ${d.goodDeedReport?.subjectName ?? i18n.t(lang, "bot.review.unknown_subject")}, ${units.label(d.unitId)} (${i18n.t(lang, `bot.dossier.status.report.${d.status}`)})`,
      // Only what this status allows is offered (the flow's `optionsAllowedBy`).
      allows: reportActionsFor(d.status),
    }));
}

export type VerificationQueued =
  | { ok: true; code: string; action: Action; officerName?: string | null }
  | { ok: false; reason: "not_in_queue" | "no_officer" }
  | { ok: false; reason: "not_allowed"; code: string; status: string; allowed: Action[] };

const TO = {
  IN_REVIEW: "in_review",
  VERIFIED: "verified",
  UNFOUNDED: "unfounded",
  DUPLICATE: "duplicate",
  PRAISE: "praised",
  FILE: "filed",
} as const;

export async function queueReportVerification(
  tx: Tx,
  input: StaffEntryBase & {
    /** What "đề nghị khen" needs to open the nomination draft; null when the nomination flow is missing. */
    nominate: NominateFromReportDeps | null;
  },
): Promise<VerificationQueued> {
  const entry = reportVerificationRecord.parse(input.answers);
  const dossier = await tx.dossier.findUnique({ where: { code: entry.report } });
  const scope = verificationScope(input.person.units);
  if (!dossier?.councilDossierId || dossier.kind !== "GOOD_DEED_REPORT" || !OPEN.includes(dossier.status) || (scope && !input.units.isWithin(dossier.unitId, scope))) {
    return { ok: false, reason: "not_in_queue" };
  }
  const allowed = reportActionsFor(dossier.status);
  if (!allowed.includes(entry.action)) return { ok: false, reason: "not_allowed", code: dossier.code, status: dossier.status, allowed };

  if (entry.action === "PROPOSE") {
    if (!input.nominate) return { ok: false, reason: "no_officer" };
    // Opens the officer's nomination draft and queues the transition to proposed_for_award.
    const started = await nominateFromReportIn(tx, input.nominate, { code: dossier.code, secretaryId: input.person.id, scope, now: input.now });
    if (!started.ok) return { ok: false, reason: started.reason === "no_officer" ? "no_officer" : "not_in_queue" };
    return { ok: true, code: dossier.code, action: "PROPOSE", officerName: started.officerName };
  }

  const payload: CouncilTransitionPayload = {
    councilDossierId: dossier.councilDossierId,
    code: dossier.code,
    to: TO[entry.action],
    reason: entry.note,
    fields: [],
    actorId: input.person.id,
  };
  await enqueueJob(tx, COUNCIL_TRANSITION_JOB, payload, { key: `${COUNCIL_TRANSITION_JOB.kind}:${input.draftId}`, at: input.now });
  await tx.auditLog.create({ data: { at: input.now, actorId: input.person.id, action: "report.verification_recorded", entity: "Dossier", entityId: dossier.id, data: { to: payload.to } } });
  return { ok: true, code: dossier.code, action: entry.action };
}

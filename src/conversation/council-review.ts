/**
 * A secretary's entry for a nomination, taken in the chat (the council-review flow): the council's
 * advice (in review, thống nhất đề nghị, không thống nhất, trả lại để bổ sung), "đã trình cấp trên"
 * and the decision (quyết định), queued in the outbox as a `council-transition` job and sent with
 * the bot's staff client; the submitter then hears of it through the council's feed. The
 * secretary's scope and the dossier's status are checked again here, not only when the queue is
 * shown: an entry the status does not allow is answered with what is allowed, and nothing is sent.
 */
import { COUNCIL_TRANSITION_JOB, enqueueJob, type CouncilTransitionPayload } from "../outbox/jobs.ts";
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import type { Db, Tx } from "../db/open-database.ts";
import type { Answers } from "../flows/run-state.ts";
import type { I18n, Lang } from "../i18n/i18n.ts";
import { councilReviewRecord, type CouncilReviewRecord } from "../records/parse-record.ts";
import { fieldForArea } from "../records/payload-fields.ts";
import { findDuplicateNominations, nomineeOf } from "../awards/award-history.ts";
import { isUpwardAward } from "../awards/is-upward-award.ts";
import type { TransitionTarget } from "../council/council-api-schemas.ts";

/** Local statuses of a nomination the council still has to advise on. */
export const WAITING = ["FORWARDED", "RECEIVED", "IN_REVIEW"];
/** Local statuses of a nomination waiting for "trình cấp trên" or a decision. */
export const AWAITING_DECISION = ["RECOMMENDED", "FORWARDED_UPWARD"];

const NOMINATION_KINDS = ["NOMINATION_INDIVIDUAL", "NOMINATION_COLLECTIVE", "NOMINATION_HOUSEHOLD"];

type Action = CouncilReviewRecord["action"];

/** The entries a nomination's local status allows; for an upward award, a decision only after forwarding. */
export function actionsFor(status: string, upward: boolean): Action[] {
  if (status === "FORWARDED" || status === "RECEIVED") return ["IN_REVIEW", "NOT_RECOMMEND", "RETURN"];
  if (status === "IN_REVIEW") return ["RECOMMEND", "NOT_RECOMMEND", "RETURN"];
  if (status === "RECOMMENDED") return upward ? ["FORWARD_UPWARD"] : ["DECIDE"];
  if (status === "FORWARDED_UPWARD") return ["DECIDE"];
  return [];
}

/**
 * The nominations a secretary may act on, in their council's units: waiting for the council's
 * advice or for a decision. The label names the status, and flags a possible duplicate (the same
 * nominee, award and year already granted or in progress).
 */
export async function reviewQueue(db: Db, units: UnitDirectory, scope: string | null, i18n: I18n, lang: Lang): Promise<Array<{ code: string; label: string; allows: Action[] }>> {
  const rows = await db.dossier.findMany({
    where: { status: { in: [...WAITING, ...AWAITING_DECISION] }, kind: { in: NOMINATION_KINDS }, councilDossierId: { not: null } },
    orderBy: { submittedAt: "asc" },
    include: { nomination: true },
    take: 200,
  });
  const queue: Array<{ code: string; label: string; allows: Action[] }> = [];
  for (const d of rows) {
    if (scope && !units.isWithin(d.unitId, scope)) continue;
    const status = i18n.t(lang, `bot.review.queue_status.${d.status}`);
    let label = `${d.code} — ${d.nomination?.nomineeName ?? units.label(d.unitId)} (${status})`;
    if (d.nomination) {
      const duplicates = await findDuplicateNominations(db, { nominee: nomineeOf(d.nomination), awardCode: d.nomination.awardCode, year: d.nomination.year, excludeNominationId: d.nomination.id });
      if (duplicates.length) label += ` ⚠ ${i18n.t(lang, "bot.review.duplicate_flag", { codes: duplicates.map((f) => f.code).join(", ") })}`;
    }
    // Only what this status allows is offered, so a secretary never types a decision that is then refused.
    const allows = d.nomination ? actionsFor(d.status, await isUpwardAward(db, d.nomination.awardCode)) : [];
    queue.push({ code: d.code, label, allows });
  }
  return queue;
}

export type ReviewQueued =
  | { ok: true; code: string; action: string }
  | { ok: false; reason: "not_in_queue" }
  | { ok: false; reason: "not_allowed"; code: string; status: string; allowed: Action[] };

const TO = {
  IN_REVIEW: "in_review",
  RECOMMEND: "recommended",
  NOT_RECOMMEND: "not_recommended",
  RETURN: "returned",
  FORWARD_UPWARD: "forwarded_upward",
} as const;

/** What a staff entry (a secretary's review, an officer's verification) is recorded from. */
export interface StaffEntryBase {
  answers: Answers;
  person: { id: string; units: Partial<Record<string, string | null>> };
  draftId: string;
  now: Date;
  units: UnitDirectory;
}

export async function queueCouncilReview(tx: Tx, input: StaffEntryBase): Promise<ReviewQueued> {
  const review = councilReviewRecord.parse(input.answers);
  const dossier = await tx.dossier.findUnique({ where: { code: review.dossier }, include: { nomination: true } });
  const scope = input.person.units.secretary ?? null;
  const open = [...WAITING, ...AWAITING_DECISION];
  if (!dossier?.councilDossierId || !dossier.nomination || !open.includes(dossier.status) || (scope && !input.units.isWithin(dossier.unitId, scope))) {
    return { ok: false, reason: "not_in_queue" };
  }
  const allowed = actionsFor(dossier.status, await isUpwardAward(tx, dossier.nomination.awardCode));
  if (!allowed.includes(review.action)) return { ok: false, reason: "not_allowed", code: dossier.code, status: dossier.status, allowed };

  const message = review.note ?? "";
  const fields = review.fields.flatMap((area) => {
    const field = fieldForArea(dossier.kind, area);
    return field ? [{ field, message }] : [];
  });
  const payload: CouncilTransitionPayload =
    review.action === "DECIDE"
      ? {
          councilDossierId: dossier.councilDossierId,
          code: dossier.code,
          to: null,
          reason: null,
          fields: [],
          decision: { number: review.decisionNumber!, signedOn: review.decisionDate!, signer: review.signer!, outcome: review.outcome === "GRANTED" ? "granted" : "refused" },
          actorId: input.person.id,
        }
      : {
          councilDossierId: dossier.councilDossierId,
          code: dossier.code,
          to: TO[review.action],
          reason: review.note,
          fields: review.action === "RETURN" ? (fields.length ? fields : [{ field: "unit", message }]) : [],
          actorId: input.person.id,
        };
  await enqueueJob(tx, COUNCIL_TRANSITION_JOB, payload, { key: `${COUNCIL_TRANSITION_JOB.kind}:${input.draftId}`, at: input.now });
  await tx.auditLog.create({
    data: {
      at: input.now,
      actorId: input.person.id,
      action: review.action === "DECIDE" ? "dossier.decision_recorded" : "dossier.reviewed",
      entity: "Dossier",
      entityId: dossier.id,
      data: payload.decision ? { decision: payload.decision } : { to: payload.to, fields: payload.fields.map((f) => f.field) },
    },
  });
  return { ok: true, code: dossier.code, action: review.action };
}

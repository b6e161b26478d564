/**
 * A council secretary's entries on a nomination, whoever takes them (the chat's council-review
 * flow, the console's dossier page): in review, the council's advice (thống nhất đề nghị, không
 * thống nhất, trả lại để bổ sung), "đã trình cấp trên" and the decision (quyết định). An entry is
 * queued in the outbox as a `council-transition` job, sent with the bot's staff client
 * (council-transition-job.ts); the submitter then hears of it through the council's feed
 * (apply-council-change.ts). The secretary's scope and the dossier's status are checked here, in
 * the transaction that queues the job, whatever was shown before: an entry the status does not
 * allow is answered with what is allowed, and nothing is sent.
 */
import { COUNCIL_TRANSITION_JOB, enqueueJob, type CouncilTransitionPayload } from "../outbox/jobs.ts";
import { jobsInUse } from "../jobs/jobs-in-use.ts";
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import type { Db, Tx } from "../db/open-database.ts";
import type { CouncilReviewRecord } from "../records/parse-record.ts";
import { fieldForArea } from "../records/payload-fields.ts";
import { isUpwardAward } from "../awards/is-upward-award.ts";

/** Local statuses of a nomination the council still has to advise on. */
export const WAITING = ["FORWARDED", "RECEIVED", "IN_REVIEW"];
/** Local statuses of a nomination waiting for "trình cấp trên" or a decision. */
export const AWAITING_DECISION = ["RECOMMENDED", "FORWARDED_UPWARD"];

export const NOMINATION_KINDS = ["NOMINATION_INDIVIDUAL", "NOMINATION_COLLECTIVE", "NOMINATION_HOUSEHOLD"];

export type CouncilAction = CouncilReviewRecord["action"];

/** The entries a nomination's local status allows; for an upward award, a decision only after forwarding. */
export function actionsFor(status: string, upward: boolean): CouncilAction[] {
  if (status === "FORWARDED" || status === "RECEIVED") return ["IN_REVIEW", "NOT_RECOMMEND", "RETURN"];
  if (status === "IN_REVIEW") return ["RECOMMEND", "NOT_RECOMMEND", "RETURN"];
  if (status === "RECOMMENDED") return upward ? ["FORWARD_UPWARD"] : ["DECIDE"];
  if (status === "FORWARDED_UPWARD") return ["DECIDE"];
  return [];
}

/**
 * Council entries still in the outbox (from the console or the chat), by dossier code: each one's
 * target status upper-cased as the dossier's status, or DECIDE. Another entry waits until the
 * council has taken these.
 */
export async function pendingEntriesByCode(db: Db | Tx): Promise<Map<string, string[]>> {
  const byCode = new Map<string, string[]>();
  for (const payload of await jobsInUse().pendingPayloads(db, COUNCIL_TRANSITION_JOB)) {
    const p = COUNCIL_TRANSITION_JOB.payload.safeParse(payload);
    if (p.success) byCode.set(p.data.code, [...(byCode.get(p.data.code) ?? []), p.data.to ? p.data.to.toUpperCase() : "DECIDE"]);
  }
  return byCode;
}

/** The entries a dossier allows now: none before the council has it, for a report, or once decided. */
export async function entriesAllowed(db: Db | Tx, dossier: { status: string; councilDossierId: string | null; nomination: { awardCode: string } | null }): Promise<CouncilAction[]> {
  if (!dossier.councilDossierId || !dossier.nomination) return [];
  return actionsFor(dossier.status, await isUpwardAward(db, dossier.nomination.awardCode));
}

export type EntryQueued =
  | { ok: true; code: string; action: CouncilAction }
  | { ok: false; reason: "not_in_queue" }
  | { ok: false; reason: "not_allowed"; code: string; status: string; allowed: CouncilAction[] };

const TO = {
  IN_REVIEW: "in_review",
  RECOMMEND: "recommended",
  NOT_RECOMMEND: "not_recommended",
  RETURN: "returned",
  FORWARD_UPWARD: "forwarded_upward",
} as const;

export interface CouncilEntryInput {
  entry: CouncilReviewRecord;
  /** Who takes it, and the unit their council serves (null: every unit, an administrator). */
  actor: { id: string; scope: string | null };
  /** The job's idempotency key: one entry, one job, however often it is submitted. */
  key: string;
  now: Date;
  units: UnitDirectory;
}

/** Queues the entry's council-transition job and its audit entry in `tx`, or says why not. */
export async function queueCouncilEntry(tx: Tx, input: CouncilEntryInput): Promise<EntryQueued> {
  const { entry, actor } = input;
  const dossier = await tx.dossier.findUnique({ where: { code: entry.dossier }, include: { nomination: true } });
  const open = [...WAITING, ...AWAITING_DECISION];
  if (!dossier?.councilDossierId || !dossier.nomination || !open.includes(dossier.status) || (actor.scope && !input.units.isWithin(dossier.unitId, actor.scope))) {
    return { ok: false, reason: "not_in_queue" };
  }
  const allowed = await entriesAllowed(tx, dossier);
  if (!allowed.includes(entry.action)) return { ok: false, reason: "not_allowed", code: dossier.code, status: dossier.status, allowed };

  const message = entry.note ?? "";
  const fields = entry.fields.flatMap((area) => {
    const field = fieldForArea(dossier.kind, area);
    return field ? [{ field, message }] : [];
  });
  const payload: CouncilTransitionPayload =
    entry.action === "DECIDE"
      ? {
          councilDossierId: dossier.councilDossierId,
          code: dossier.code,
          to: null,
          reason: null,
          fields: [],
          decision: { number: entry.decisionNumber!, signedOn: entry.decisionDate!, signer: entry.signer!, outcome: entry.outcome === "GRANTED" ? "granted" : "refused" },
          actorId: actor.id,
        }
      : {
          councilDossierId: dossier.councilDossierId,
          code: dossier.code,
          to: TO[entry.action],
          reason: entry.note,
          fields: entry.action === "RETURN" ? (fields.length ? fields : [{ field: "unit", message }]) : [],
          actorId: actor.id,
        };
  await enqueueJob(tx, COUNCIL_TRANSITION_JOB, payload, { key: input.key, at: input.now });
  await tx.auditLog.create({
    data: {
      at: input.now,
      actorId: actor.id,
      action: entry.action === "DECIDE" ? "dossier.decision_recorded" : "dossier.reviewed",
      entity: "Dossier",
      entityId: dossier.id,
      data: payload.decision ? { decision: payload.decision } : { to: payload.to, fields: payload.fields.map((f) => f.field) },
    },
  });
  return { ok: true, code: dossier.code, action: entry.action };
}

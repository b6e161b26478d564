/**
 * A secretary's decision on a waiting dossier, taken in the chat (the council-review flow): the
 * same transitions as the council API, queued in the outbox as a `council-transition` job and sent
 * with the bot's staff client; the submitter then hears of it through the council's feed, like any
 * decision. The secretary's scope is checked again here, not only when the queue is shown.
 */
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import type { Db, Tx } from "../db/open-database.ts";
import type { Answers } from "../flows/run-state.ts";
import { councilReviewRecord } from "../records/parse-record.ts";
import { fieldForArea } from "../records/payload-fields.ts";

/** Local statuses of a dossier the council still has to decide on. */
export const WAITING = ["FORWARDED", "RECEIVED", "IN_REVIEW"];

export const COUNCIL_TRANSITION = "council-transition";

export interface CouncilTransitionPayload {
  councilDossierId: string;
  code: string;
  to: "in_review" | "approved" | "returned" | "rejected";
  reason: string | null;
  fields: Array<{ field: string; message: string }>;
  actorId: string;
}

/** The dossiers a secretary may act on: forwarded, undecided, in their council's units. */
export async function reviewQueue(db: Db, units: UnitDirectory, scope: string | null): Promise<Array<{ code: string; label: string }>> {
  const rows = await db.dossier.findMany({
    where: { status: { in: WAITING }, councilDossierId: { not: null } },
    orderBy: { submittedAt: "asc" },
    include: { nomination: true, goodDeedReport: true },
    take: 200,
  });
  return rows
    .filter((d) => !scope || units.isWithin(d.unitId, scope))
    .map((d) => ({ code: d.code, label: `${d.code} — ${d.nomination?.nomineeName ?? d.goodDeedReport?.subjectName ?? units.label(d.unitId)}` }));
}

export type ReviewQueued = { ok: true; code: string; action: string } | { ok: false };

const TO = { IN_REVIEW: "in_review", APPROVE: "approved", RETURN: "returned", REJECT: "rejected" } as const;

export async function queueCouncilReview(
  tx: Tx,
  input: { answers: Answers; person: { id: string; units: Partial<Record<string, string | null>> }; draftId: string; now: Date; units: UnitDirectory },
): Promise<ReviewQueued> {
  const review = councilReviewRecord.parse(input.answers);
  const dossier = await tx.dossier.findUnique({ where: { code: review.dossier } });
  const scope = input.person.units.secretary ?? null;
  if (!dossier?.councilDossierId || !WAITING.includes(dossier.status) || (scope && !input.units.isWithin(dossier.unitId, scope))) return { ok: false };
  const message = review.note ?? "";
  const fields = review.fields.flatMap((area) => {
    const field = fieldForArea(dossier.kind, area);
    return field ? [{ field, message }] : [];
  });
  const payload: CouncilTransitionPayload = {
    councilDossierId: dossier.councilDossierId,
    code: dossier.code,
    to: TO[review.action],
    reason: review.note,
    fields: review.action === "RETURN" ? (fields.length ? fields : [{ field: "unit", message }]) : [],
    actorId: input.person.id,
  };
  await tx.outboxJob.create({
    data: { kind: COUNCIL_TRANSITION, payload: payload as object, idempotencyKey: `${COUNCIL_TRANSITION}:${input.draftId}`, status: "PENDING", nextAttemptAt: input.now },
  });
  await tx.auditLog.create({ data: { at: input.now, actorId: input.person.id, action: "dossier.reviewed", entity: "Dossier", entityId: dossier.id, data: { to: payload.to, fields: payload.fields.map((f) => f.field) } } });
  return { ok: true, code: dossier.code, action: review.action };
}

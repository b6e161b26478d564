/**
 * A secretary's entry for a nomination, taken in the chat (the council-review flow): the queue the
 * flow offers, and the flow's record turned into an entry of the shared service
 * (src/council/council-entries.ts), which the console's dossier page uses too. The secretary's
 * scope and the dossier's status are checked again there, not only when the queue is shown.
 */
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import type { Db, Tx } from "../db/open-database.ts";
import type { Answers } from "../flows/run-state.ts";
import type { I18n, Lang } from "../i18n/i18n.ts";
import { councilReviewRecord } from "../records/parse-record.ts";
import { findDuplicatesOfMany, nomineeOf } from "../awards/award-history.ts";
import { AWAITING_DECISION, entriesAllowed, NOMINATION_KINDS, queueCouncilEntry, WAITING, type CouncilAction, type EntryQueued } from "../council/council-entries.ts";
import { COUNCIL_TRANSITION_JOB } from "../outbox/jobs.ts";

/**
 * The nominations a secretary may act on, in their council's units: waiting for the council's
 * advice or for a decision. The label names the status, and flags a possible duplicate (the same
 * nominee, award and year already granted or in progress).
 */
export async function reviewQueue(db: Db, units: UnitDirectory, scope: string | null, i18n: I18n, lang: Lang): Promise<Array<{ code: string; label: string; allows: CouncilAction[] }>> {
  const rows = await db.dossier.findMany({
    where: { status: { in: [...WAITING, ...AWAITING_DECISION] }, kind: { in: NOMINATION_KINDS }, councilDossierId: { not: null } },
    orderBy: { submittedAt: "asc" },
    include: { nomination: true },
    take: 200,
  });
  const inScope = rows.filter((d) => !scope || units.isWithin(d.unitId, scope));
  const nominations = inScope.flatMap((d) => (d.nomination ? [d.nomination] : []));
  const found = await findDuplicatesOfMany(db, nominations.map((n) => ({ nominee: nomineeOf(n), awardCode: n.awardCode, year: n.year, excludeNominationId: n.id })));
  const duplicatesOf = new Map(nominations.map((n, i) => [n.id, found[i]!]));
  const queue: Array<{ code: string; label: string; allows: CouncilAction[] }> = [];
  for (const d of inScope) {
    const status = i18n.t(lang, `bot.review.queue_status.${d.status}`);
    let label = `${d.code} — ${d.nomination?.nomineeName ?? units.label(d.unitId)} (${status})`;
    if (d.nomination) {
      const duplicates = duplicatesOf.get(d.nomination.id) ?? [];
      if (duplicates.length) label += ` ⚠ ${i18n.t(lang, "bot.review.duplicate_flag", { codes: duplicates.map((f) => f.code).join(", ") })}`;
    }
    // Only what this status allows is offered, so a secretary never types a decision that is then refused.
    queue.push({ code: d.code, label, allows: await entriesAllowed(db, d) });
  }
  return queue;
}

/** What a staff entry (a secretary's review, an officer's verification) is recorded from. */
export interface StaffEntryBase {
  answers: Answers;
  person: { id: string; units: Partial<Record<string, string | null>> };
  draftId: string;
  now: Date;
  units: UnitDirectory;
}

export async function queueCouncilReview(tx: Tx, input: StaffEntryBase): Promise<EntryQueued> {
  return queueCouncilEntry(tx, {
    entry: councilReviewRecord.parse(input.answers),
    actor: { id: input.person.id, scope: input.person.units.secretary ?? null },
    key: `${COUNCIL_TRANSITION_JOB.kind}:${input.draftId}`,
    now: input.now,
    units: input.units,
  });
}

/**
 * Staff entries made through a form (a secretary's council-review, an officer's or secretary's
 * report-verification): recorded by their module, then answered here with what was sent, or why
 * nothing was (the dossier left the queue, or its status allows other entries, which are named).
 */
import type { Tx } from "../db/open-database.ts";
import { councilEntryAnswer } from "../council/council-entry-answer.ts";
import { queueCouncilReview, type StaffEntryBase } from "./council-review.ts";
import type { NominateFromReportDeps } from "./nominate-from-report.ts";
import { queueReportVerification, type VerificationQueued } from "./report-verification.ts";

type T = (key: string, params?: Record<string, string | number>) => string;

export type StaffEntryKind = "council-review" | "report-verification";

export function isStaffEntry(record: string): record is StaffEntryKind {
  return record === "council-review" || record === "report-verification";
}

export interface StaffEntryInput extends StaffEntryBase {
  nominate: NominateFromReportDeps | null;
}

/** Records the entry in `tx`; returns the answer to show, in the person's language. */
export async function recordStaffEntry(tx: Tx, kind: StaffEntryKind, input: StaffEntryInput): Promise<(t: T) => string> {
  if (kind === "council-review") {
    const reviewed = await queueCouncilReview(tx, input);
    return (t) => councilEntryAnswer(reviewed, t);
  }
  const verified = await queueReportVerification(tx, input);
  return (t) => verificationAnswer(verified, t);
}

export function verificationAnswer(verified: VerificationQueued, t: T): string {
  if (verified.ok) {
    return t(`bot.review.report_queued_${verified.action}`, { code: verified.code, officer: verified.officerName ?? t("bot.report_nomination.the_officer") });
  }
  if (verified.reason !== "not_allowed") return t(`bot.review.report_${verified.reason}`);
  return t("bot.review.report_not_allowed", {
    code: verified.code,
    status: t(`bot.dossier.status.report.${verified.status}`),
    allowed: verified.allowed.map((a) => `“${t(`bot.review.report_action.${a}`)}”`).join(", "),
  });
}

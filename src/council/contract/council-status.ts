/**
 * The statuses of a council dossier (part of the contract gathered in
 * {@link ../council-api-schemas.ts}), and which of them a transition may target.
 */
import { z } from "zod";

/**
 * Where a dossier is in the council's process (contract 2.0). The Hội đồng TĐKT only advises: for
 * a nomination it recommends (thống nhất đề nghị) or not, and the decision (quyết định) is then
 * the Chủ tịch UBND's, or an upper level's after "trình cấp trên". A good-deed report is verified,
 * not decided. Contract 1.x had `approved` and `rejected`; they became `recommended` and
 * `not_recommended` (for a good-deed report `verified` and `unfounded`).
 */
export const councilStatus = z
  .enum([
    "received",
    "in_review",
    "returned",
    "recommended",
    "not_recommended",
    "forwarded_upward",
    "granted",
    "refused",
    "verified",
    "unfounded",
    "duplicate",
    "praised",
    "proposed_for_award",
    "filed",
  ])
  .describe(
    "Both kinds: received → in_review; returned (for changes) from received and in_review, and a returned dossier comes back as a new dossier (a resubmission). A nomination: → recommended | not_recommended (the council's advice); recommended → forwarded_upward (trình cấp trên, for awards beyond the commune) ; a decision (recordDecision) moves recommended or forwarded_upward to granted | refused. A good-deed report: → verified | unfounded | duplicate; verified → praised (biểu dương) | proposed_for_award (đề nghị khen) | filed (lưu). returned, not_recommended, granted, refused, unfounded, duplicate, praised, proposed_for_award and filed are final.",
  );
export type CouncilStatus = z.infer<typeof councilStatus>;

/** The statuses a transition may move a dossier to (`received` is only ever the first; `granted` and `refused` come with a decision). */
export const transitionTarget = councilStatus.exclude(["received", "granted", "refused"]);
export type TransitionTarget = z.infer<typeof transitionTarget>;

/** Transitions that must give a reason: a refusal to recommend, a report found unfounded or a duplicate. */
export const REASON_REQUIRED: readonly TransitionTarget[] = ["not_recommended", "unfounded", "duplicate"];

/**
 * Which status a council dossier may move to, by kind (contract 2.0). The Hội đồng TĐKT advises
 * on a nomination (recommended / not_recommended); the decision is recorded separately
 * ({@link decisionLevelFrom}). A good-deed report is verified by an officer and then praised,
 * proposed for an award or filed; it is never "decided".
 */
import type { DossierKind } from "../dossiers/dossier-payload.ts";
import type { CouncilStatus, Decision, TransitionTarget } from "./council-api-schemas.ts";

const NOMINATION: Partial<Record<CouncilStatus, readonly TransitionTarget[]>> = {
  received: ["in_review", "returned", "not_recommended"],
  in_review: ["returned", "recommended", "not_recommended"],
  recommended: ["forwarded_upward"],
};

const GOOD_DEED_REPORT: Partial<Record<CouncilStatus, readonly TransitionTarget[]>> = {
  received: ["in_review", "returned", "verified", "unfounded", "duplicate"],
  in_review: ["returned", "verified", "unfounded", "duplicate"],
  verified: ["praised", "proposed_for_award", "filed"],
};

/** The statuses a dossier of this kind may move to from `from` with a transition. */
export function transitionsFrom(kind: DossierKind, from: CouncilStatus): readonly TransitionTarget[] {
  return (kind === "GOOD_DEED_REPORT" ? GOOD_DEED_REPORT : NOMINATION)[from] ?? [];
}

/**
 * Who decides a nomination in status `from`: the commune's chair once the council recommended
 * it, the upper level once it was forwarded upward; null when no decision can be recorded now.
 */
export function decisionLevelFrom(kind: DossierKind, from: CouncilStatus): Decision["level"] | null {
  if (kind === "GOOD_DEED_REPORT") return null;
  if (from === "recommended") return "commune";
  if (from === "forwarded_upward") return "upper";
  return null;
}

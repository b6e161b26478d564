/**
 * Which awards an `award` step offers: those the subject may hold (an individual, an individual
 * of the armed forces, a household, a collective of the kind answered earlier) and that are
 * given for the achievement type answered earlier (danh hiệu thi đua are annual only). Pure.
 */
import type { RunAward } from "./run-context.ts";
import type { Step } from "./flow-definition.ts";
import type { Answers } from "./run-state.ts";

export type AwardStep = Extract<Step, { kind: "award" }>;

/**
 * The subject as the catalogue's holders name it: the answer of `holderFrom` when some award
 * names it (THON, DOANH_NGHIEP, CHIEN_SI…), else the step's subject kind (an individual whose
 * category is not a holder of its own is CA_NHAN).
 */
export function holderOf(step: AwardStep, answers: Answers, awards: readonly RunAward[]): string {
  const answer = step.holderFrom ? answers[step.holderFrom] : undefined;
  if (typeof answer === "string" && awards.some((a) => a.holders?.includes(answer))) return answer;
  return step.subjectKind;
}

export function awardsOffered(step: AwardStep, answers: Answers, awards: readonly RunAward[]): RunAward[] {
  const holder = holderOf(step, answers, awards);
  const type = step.achievementTypeFrom ? answers[step.achievementTypeFrom] : undefined;
  return awards.filter((a) => {
    if (!a.subjectKinds.includes(step.subjectKind)) return false;
    // An award without holder data (older callers, tests) is offered to its whole subject kind;
    // a collective of no known kind ("TAP_THE") to every award a collective may hold.
    if (a.holders && holder !== "TAP_THE" && !a.holders.includes(holder)) return false;
    if (a.achievementTypes && typeof type === "string" && !a.achievementTypes.includes(type)) return false;
    return true;
  });
}

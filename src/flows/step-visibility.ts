/**
 * Which steps apply: a step with `when` applies only while an earlier answer matches. Everything
 * that walks a run (the next question, "quay lại", the summary, the question's number) asks here.
 */
import type { Flow, Step } from "./flow-definition.ts";
import type { Answers } from "./run-state.ts";

export function isVisible(step: Step, answers: Answers): boolean {
  if (!step.when) return true;
  const answer = answers[step.when.step];
  if (Array.isArray(answer)) return answer.some((a) => typeof a === "string" && step.when!.in.includes(a));
  return answer !== undefined && answer !== null && typeof answer !== "number" && step.when.in.includes(answer);
}

/** The first step after position `afterIndex` that applies (and, if asked, has no answer yet). */
export function nextVisible(flow: Flow, afterIndex: number, answers: Answers, onlyUnanswered: boolean): Step | undefined {
  return flow.steps.slice(afterIndex + 1).find((s) => isVisible(s, answers) && (!onlyUnanswered || answers[s.id] === undefined));
}

/** The answers of every step that applies now; a skipped optional step is null. */
export function visibleAnswers(flow: Flow, answers: Answers): Answers {
  const out: Answers = {};
  for (const step of flow.steps) if (isVisible(step, answers)) out[step.id] = answers[step.id] ?? null;
  return out;
}

/** The step's 1-based number among the steps that apply now ("Câu 3"). */
export function positionOf(flow: Flow, answers: Answers, step: Step): number {
  return flow.steps.filter((s) => isVisible(s, answers)).findIndex((s) => s.id === step.id) + 1;
}

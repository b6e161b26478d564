/**
 * Several nominees in one conversation ("thêm người nữa"): the answers of a flow's `shared` steps
 * (the kind of commendation, the movement, the award, the year) are the same for every nominee of
 * a batch, so the next run starts with them kept and asks only the others. Pure, like the engine.
 *
 * A kept answer is taken only when it is still an answer the current revision accepts (an option
 * that exists, a number within its limits, an award of the catalogue for the subject kind), and
 * only for a step that applies given the other kept answers: a shared step whose condition names
 * a step that is not shared cannot be known yet and is asked. Moving forward passes over a kept
 * answer while it still fits the answers given since (an award the nominee's category may hold);
 * one that no longer fits is asked again, with a line saying why.
 */
import { awardsOffered } from "./award-choices.ts";
import type { Flow, Step } from "./flow-definition.ts";
import { localize, translator } from "./localize.ts";
import { effectiveMax } from "./question.ts";
import type { RunContext } from "./run-context.ts";
import type { Answer, Answers, RunState } from "./run-state.ts";
import { isVisible } from "./step-visibility.ts";
import { formatAnswer } from "./summary-message.ts";

/** Whether a run of `flow` can keep answers for the next nominee. */
export function hasSharedSteps(flow: Flow): boolean {
  return flow.steps.some((s) => s.shared);
}

/** The answers of `previous` (a submitted run's) that the next run of `flow` keeps, in step order. */
export function sharedAnswers(flow: Flow, previous: Answers, ctx: RunContext): Answers {
  const kept: Answers = {};
  for (const step of flow.steps) {
    if (!step.shared || !isVisible(step, kept)) continue;
    const answer = previous[step.id];
    if (answer !== undefined && acceptable(step, answer, kept, ctx)) kept[step.id] = answer;
  }
  return kept;
}

/**
 * The next step to ask after position `afterIndex` in a run with kept answers: first a step that
 * applies and was never answered before it (a "quay lại" went back past the person's own first
 * question), else the next step that applies unless its answer is kept and still fits.
 */
export function nextAfterKept(flow: Flow, afterIndex: number, state: RunState, ctx: RunContext): { step: Step; note?: string } | undefined {
  const { answers } = state;
  const kept = new Set(state.kept ?? []);
  const missed = flow.steps.slice(0, Math.max(afterIndex, 0)).find((s) => isVisible(s, answers) && answers[s.id] === undefined);
  if (missed) return { step: missed };
  for (const step of flow.steps.slice(afterIndex + 1)) {
    if (!isVisible(step, answers)) continue;
    const answer = answers[step.id];
    if (!kept.has(step.id) || answer === undefined) return { step };
    if (fits(step, answer, answers, ctx)) continue;
    const t = translator(ctx, state.lang);
    return { step, note: t("bot.more.kept_no_longer_fits", { answer: formatAnswer(step, answer, ctx, state.lang) }) };
  }
  return undefined;
}

/** "Lao động tiên tiến · Năm xét khen thưởng: 2026": the kept answers as the person reads them. */
export function keptList(flow: Flow, state: RunState, ctx: RunContext): string {
  const lang = state.lang;
  return flow.steps
    .filter((s) => state.kept?.includes(s.id) && state.answers[s.id] !== undefined && state.answers[s.id] !== null)
    .map((s) => {
      const value = formatAnswer(s, state.answers[s.id]!, ctx, lang);
      // A choice or an award reads alone; a number, a text or a yes/no needs its label.
      return s.kind === "choice" || s.kind === "multi-choice" || s.kind === "award" ? value : `${localize(s.label ?? s.prompt, lang)}: ${value}`;
    })
    .join(" · ");
}

/** An answer the step accepts on its own (kind, options, limits), given the answers kept before it. */
function acceptable(step: Step, answer: Answer, kept: Answers, ctx: RunContext): boolean {
  if (answer === null) return step.optional;
  switch (step.kind) {
    case "choice":
      return typeof answer === "string" && step.options.some((o) => o.value === answer);
    case "multi-choice":
      return Array.isArray(answer) && answer.length >= step.minSelected && answer.every((v) => typeof v === "string" && step.options.some((o) => o.value === v));
    case "yes-no":
      return typeof answer === "boolean";
    case "number":
      return typeof answer === "number" && Number.isInteger(answer) && answer >= step.min && answer <= effectiveMax(step, kept);
    case "text":
      return typeof answer === "string" && answer.length >= step.minLength && answer.length <= step.maxLength;
    case "unit":
      return typeof answer === "string" && ctx.units.some((u) => u.id === answer);
    case "award": {
      // Who the nominee is (holderFrom) is not known yet: only the subject kind and the achievement type.
      const type = step.achievementTypeFrom ? kept[step.achievementTypeFrom] : undefined;
      return ctx.awards.some((a) => a.code === answer && a.subjectKinds.includes(step.subjectKind) && (!a.achievementTypes || typeof type !== "string" || a.achievementTypes.includes(type)));
    }
    case "person-name":
    case "date":
    case "phone":
    case "cccd":
      return typeof answer === "string";
    case "files":
    case "consent":
    case "dossier":
      return false;
  }
}

/** A kept answer still fits the answers given since: the award is one the nominee may hold, a number within an earlier one. */
function fits(step: Step, answer: Answer, answers: Answers, ctx: RunContext): boolean {
  if (step.kind === "award") return awardsOffered(step, answers, ctx.awards).some((a) => a.code === answer);
  if (step.kind === "number" && typeof answer === "number") return answer <= effectiveMax(step, answers);
  return true;
}

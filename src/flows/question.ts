/**
 * A step's question as the person reads it: its number, the prompt, a hint with an example of
 * what is expected, and its buttons.
 */
import type { Flow, Step } from "./flow-definition.ts";
import { localize, translator } from "./localize.ts";
import type { RunContext } from "./run-context.ts";
import type { RunSay } from "./run-output.ts";
import type { Answers, RunState } from "./run-state.ts";
import { choicesOf } from "./step-choices.ts";
import { positionOf } from "./step-visibility.ts";

/** A text step with at least this minimum asks for sentences (a story, a summary), not a name. */
export const STORY_MIN_LENGTH = 20;

const HINTS: Partial<Record<Step["kind"], string>> = {
  date: "bot.hint.date",
  phone: "bot.hint.phone",
  cccd: "bot.hint.cccd",
  unit: "bot.hint.unit",
  files: "bot.hint.files",
  "multi-choice": "bot.hint.multi",
  "person-name": "bot.hint.name",
};

/** A number step's upper bound now: its own, or an earlier answer when lower (members with a title ≤ members). */
export function effectiveMax(step: Extract<Step, { kind: "number" }>, answers: Answers): number {
  const limit = step.maxFromStep ? answers[step.maxFromStep] : undefined;
  return typeof limit === "number" ? Math.min(step.max, limit) : step.max;
}

/** The question of `step`; asked again after a refused answer (`isRetry`), without its number. */
export function question(flow: Flow, state: RunState, step: Step, ctx: RunContext, isRetry = false): RunSay {
  const lang = state.lang;
  const t = translator(ctx, lang);
  const parts = [localize(step.prompt, lang)];
  if (step.kind === "consent") parts.push(`“${localize(step.statement, lang)}”`);
  const hint = HINTS[step.kind];
  if (hint) parts.push(t(hint, step.kind === "files" ? { max: step.maxFiles } : undefined));
  // People write sentences, not character counts: a story or summary is asked in sentences (its
  // limits are still checked, and a refusal names them); a name needs no hint.
  if (step.kind === "text" && step.minLength >= STORY_MIN_LENGTH) parts.push(t("bot.hint.sentences"));
  const suggested = step.kind === "text" ? ctx.law?.suggestion?.(step.id, lang) : undefined;
  if (suggested) parts.push(suggested.note);
  if (step.kind === "number") parts.push(t("bot.hint.number", { min: step.min, max: effectiveMax(step, state.answers) }));
  if (step.optional) parts.push(t("bot.hint.optional"));
  // "Câu 3:" without a total: the number of questions depends on answers not given yet, and a
  // total that grows under the person ("(1/12)" then "(2/13)") reads as a mistake.
  const position = t("bot.run.position", { n: positionOf(flow, state.answers, step) });
  const text = isRetry ? parts.join("\n") : `${position} ${parts.join("\n")}`;
  const choices = choicesOf(step, state, ctx);
  return choices ? { type: "say", text, choices } : { type: "say", text };
}

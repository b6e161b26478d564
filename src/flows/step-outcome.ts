/**
 * What an answer to a step comes to (accept, refuse with a reason, stay on the step, end the run),
 * and what the interpreters of each kind of step read. A wrong answer is an outcome, not an error:
 * it is asked again with a message that says what is expected.
 */
import type { Lang } from "../i18n/i18n.ts";
import type { ParseResult, ValidationIssue } from "../validation/parse-result.ts";
import type { Flow, Step, StepKind } from "./flow-definition.ts";
import { translator } from "./localize.ts";
import type { RunContext } from "./run-context.ts";
import type { RunInput } from "./run-input.ts";
import type { RunOutput } from "./run-output.ts";
import type { Answer, RunState } from "./run-state.ts";
import { choicesOf } from "./step-choices.ts";

export type StepOutcome =
  | { kind: "accept"; value: Answer; notes?: string[] }
  | { kind: "reject"; issue: ValidationIssue }
  /** Stay on the step with a new state (e.g. collecting files or narrowing an ambiguous unit). */
  | { kind: "stay"; state: RunState; say: RunOutput[] }
  /** End the run here (consent declined): nothing is kept. */
  | { kind: "end"; say: string };

/** An answer to one step of kind `K`: the run, the step, the input and its text, normalised. */
export type StepAnswer<K extends StepKind = StepKind> = AnswerTo<Extract<Step, { kind: K }>>;

/** Generic in the step itself, so that an interpreter of several kinds serves each of them. */
interface AnswerTo<S extends Step> {
  flow: Flow;
  state: RunState;
  step: S;
  input: RunInput;
  /** The typed text or the pressed choice's value, normalised; empty for files. */
  text: string;
  now: Date;
  ctx: RunContext;
}

/** The string key of a validation issue: the validators' own codes live under `validation.`. */
export function issueKey(issue: ValidationIssue): string {
  return issue.code.startsWith("bot.") ? issue.code : `validation.${issue.code}`;
}

/** A validator's result as an outcome; its warnings become notes said after the answer. */
export function fromParse<T extends Answer>(result: ParseResult<T>, ctx: RunContext, lang: Lang): StepOutcome {
  if (!result.ok) return { kind: "reject", issue: result.error };
  const notes = (result.warnings ?? []).map((w) => ctx.i18n.t(lang, issueKey(w), w.params));
  return { kind: "accept", value: result.value, notes };
}

/** Offers the candidates of an ambiguous answer as choices, staying on the step. */
export function narrow(state: RunState, step: Step, values: string[], ctx: RunContext): StepOutcome {
  const next: RunState = { ...state, candidates: values };
  const t = translator(ctx, state.lang);
  return { kind: "stay", state: next, say: [{ type: "say", text: t("bot.choice.ambiguous"), choices: choicesOf(step, next, ctx) }] };
}

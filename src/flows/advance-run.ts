/**
 * The flow engine's entry points. Pure: it reads no clock, database, network or environment. The
 * caller loads the run state, calls {@link startRun} or {@link advanceRun} with the time and the
 * catalogues, persists the returned state, and only then delivers the outputs.
 *
 * A wrong answer is not an error: it produces a polite re-ask that says what is expected, with
 * an example, and the state keeps every earlier answer.
 *
 * Every state these return records the choices of the question its outputs end with
 * (`RunState.offered`): a later button press is resolved against what was shown, without
 * rendering the question again.
 */
import type { Lang } from "../i18n/i18n.ts";
import { answerStep } from "./answer-step.ts";
import type { Flow } from "./flow-definition.ts";
import { localize, translator } from "./localize.ts";
import { applyCommand } from "./run-command.ts";
import type { RunContext } from "./run-context.ts";
import type { RunInput } from "./run-input.ts";
import { ask, moveOn, toSummary } from "./run-navigation.ts";
import type { RunOutput, RunResult } from "./run-output.ts";
import { RUN_STATE_VERSION, type Answers, type RunState } from "./run-state.ts";
import { keptList, sharedAnswers } from "./shared-answers.ts";
import { isVisible, nextVisible } from "./step-visibility.ts";
import { summaryInput } from "./summary-input.ts";

export type { RunAward, RunContact, RunContext, RunFormerUnit, RunLaw, RunUnit } from "./run-context.ts";
export type { RunCommand, RunInput } from "./run-input.ts";
export type { RunOutput, RunResult } from "./run-output.ts";
export { repeatPrompt } from "./repeat-prompt.ts";
export { visibleAnswers } from "./step-visibility.ts";
export { hasSharedSteps } from "./shared-answers.ts";
export { CANCEL, formatAnswer, SUBMIT } from "./summary-message.ts";

/** Starts a run of `flow`: the intro and the first question. */
export function startRun(flow: Flow, lang: Lang, ctx: RunContext): RunResult {
  const state = freshState(flow, lang);
  const first = nextVisible(flow, -1, state.answers, false);
  const outputs: RunOutput[] = [{ type: "say", text: localize(flow.intro, lang) }];
  return recordOffered(first ? ask(flow, { ...state, stepId: first.id }, first, ctx, outputs) : toSummary(flow, state, ctx, outputs));
}

/**
 * Starts the next nominee's run of `flow` after a submission ("thêm người nữa"): the answers of
 * its shared steps are kept from `previous` (see shared-answers.ts), a line says which, and the
 * first question is the first step that is not kept. "Quay lại" walks back through the kept ones.
 * With nothing to keep it is {@link startRun}.
 */
export function startRunKeeping(flow: Flow, lang: Lang, ctx: RunContext, previous: Answers): RunResult {
  const answers = sharedAnswers(flow, previous, ctx);
  const kept = Object.keys(answers);
  if (kept.length === 0) return startRun(flow, lang, ctx);
  const state: RunState = { ...freshState(flow, lang), answers, trail: kept, kept };
  const t = translator(ctx, lang);
  const outputs: RunOutput[] = [{ type: "say", text: t("bot.more.kept", { title: localize(flow.title, lang), kept: keptList(flow, state, ctx) }) }];
  return recordOffered(moveOn(flow, state, ctx, outputs));
}

/** Applies one input to a run. A finished or cancelled run ignores further input. */
export function advanceRun(flow: Flow, state: RunState, input: RunInput, now: Date, ctx: RunContext): RunResult {
  if (state.phase === "done" || state.phase === "cancelled") return { state, outputs: [] };
  if (input.type === "command") return recordOffered(applyCommand(flow, state, input.command, ctx));
  if (state.phase === "summary") return recordOffered(summaryInput(flow, state, input, ctx));
  const step = flow.steps.find((s) => s.id === state.stepId);
  // A pinned flow without the step should not happen (revisions are immutable): the summary then.
  if (!step) return recordOffered(toSummary(flow, state, ctx, []));
  return recordOffered(answerStep(flow, state, step, input, now, ctx));
}

/**
 * Reopens a finished run to change the named steps (the council returned the dossier): the run
 * asks the first of them, then each of the others, then shows the summary again. Steps that no
 * longer exist or do not apply are left out; with none left, the run opens at the summary.
 */
export function reopenRun(flow: Flow, state: RunState, stepIds: readonly string[], ctx: RunContext): RunResult {
  const fixes = stepIds.filter((id, i) => stepIds.indexOf(id) === i && flow.steps.some((s) => s.id === id && isVisible(s, state.answers)));
  const base: RunState = { ...state, phase: "asking", editing: true, candidates: undefined, pendingFixes: fixes.slice(1) };
  const first = flow.steps.find((s) => s.id === fixes[0]);
  return recordOffered(first ? ask(flow, { ...base, stepId: first.id }, first, ctx, []) : toSummary(flow, { ...base, pendingFixes: [] }, ctx, []));
}

/** A run of `flow` before its first question. */
function freshState(flow: Flow, lang: Lang): RunState {
  return { v: RUN_STATE_VERSION, flowId: flow.id, revision: flow.revision, lang, phase: "asking", stepId: null, answers: {}, trail: [], editing: false };
}

/**
 * The result with its state recording the choices of the message its outputs end with, the
 * question on screen (none: a question answered by typing). A finished or cancelled run offers
 * nothing; outputs that ask nothing leave the record as it was.
 */
function recordOffered(result: RunResult): RunResult {
  const { state, outputs } = result;
  if (state.phase === "done" || state.phase === "cancelled") return state.offered ? { state: { ...state, offered: undefined }, outputs } : result;
  const last = outputs.at(-1);
  if (last?.type !== "say") return result;
  return { state: { ...state, offered: last.choices ?? [] }, outputs };
}

/**
 * Moving through a run: recording an answer, asking the next step that applies (or the next one
 * the council named, when a returned dossier is corrected), and reaching the summary once every
 * step that applies has a valid answer.
 */
import type { Flow, Step } from "./flow-definition.ts";
import { question } from "./question.ts";
import type { RunContext } from "./run-context.ts";
import type { RunOutput, RunResult } from "./run-output.ts";
import type { Answer, Answers, RunState } from "./run-state.ts";
import { nextAfterKept } from "./shared-answers.ts";
import { isVisible, nextVisible } from "./step-visibility.ts";
import { summaryMessage } from "./summary-message.ts";

/** The run with `value` as the answer of `stepId`, the step on the trail "quay lại" walks back. */
export function recordAnswer(state: RunState, stepId: string, value: Answer): RunState {
  const trail = state.trail[state.trail.length - 1] === stepId ? state.trail : [...state.trail, stepId];
  return { ...state, answers: { ...state.answers, [stepId]: value }, trail, candidates: undefined };
}

/** Asks `step`, after `outputs`. */
export function ask(flow: Flow, state: RunState, step: Step, ctx: RunContext, outputs: RunOutput[]): RunResult {
  const next: RunState = { ...state, phase: "asking", stepId: step.id };
  return { state: next, outputs: [...outputs, question(flow, next, step, ctx)] };
}

/** After an answer: the next step to ask, or the summary. */
export function moveOn(flow: Flow, state: RunState, ctx: RunContext, outputs: RunOutput[]): RunResult {
  const at = flow.steps.findIndex((s) => s.id === state.stepId);
  if (state.editing && state.pendingFixes?.length) {
    // A step the change made applicable comes first; then the next answer the council named.
    const opened = nextVisible(flow, at, state.answers, true);
    if (opened) return ask(flow, { ...state, stepId: opened.id, candidates: undefined }, opened, ctx, outputs);
    const [fix, ...rest] = state.pendingFixes;
    const step = flow.steps.find((s) => s.id === fix && isVisible(s, state.answers));
    const nextState = { ...state, pendingFixes: rest, candidates: undefined };
    return step ? ask(flow, { ...nextState, stepId: step.id }, step, ctx, outputs) : moveOn(flow, nextState, ctx, outputs);
  }
  if (state.kept?.length && !state.editing) {
    // A run that kept the previous nominee's shared answers passes over them (see shared-answers.ts).
    const next = nextAfterKept(flow, at, state, ctx);
    if (!next) return toSummary(flow, state, ctx, outputs);
    const notes: RunOutput[] = next.note ? [{ type: "say", text: next.note }] : [];
    return ask(flow, { ...state, stepId: next.step.id, candidates: undefined }, next.step, ctx, [...outputs, ...notes]);
  }
  const next = nextVisible(flow, at, state.answers, state.editing);
  if (!next) return toSummary(flow, state, ctx, outputs);
  return ask(flow, { ...state, stepId: next.id, candidates: undefined }, next, ctx, outputs);
}

/**
 * The first step that applies but has no valid answer: never answered (an edit or a "back" made
 * it applicable), or no longer valid against another answer (members with a title above a
 * lowered member count). The summary is only shown when there is none.
 */
function unsettledStep(flow: Flow, answers: Answers): Step | undefined {
  return flow.steps.find((s) => {
    if (!isVisible(s, answers)) return false;
    const answer = answers[s.id];
    if (answer === undefined) return true;
    if (s.kind === "number" && s.maxFromStep && typeof answer === "number") {
      const limit = answers[s.maxFromStep];
      return typeof limit === "number" && answer > limit;
    }
    return false;
  });
}

/** The summary, or first the step that still needs an answer. */
export function toSummary(flow: Flow, state: RunState, ctx: RunContext, outputs: RunOutput[]): RunResult {
  const unsettled = unsettledStep(flow, state.answers);
  if (unsettled) return ask(flow, { ...state, editing: true, candidates: undefined, pendingFixes: undefined }, unsettled, ctx, outputs);
  const next: RunState = { ...state, phase: "summary", stepId: null, editing: false, candidates: undefined, pendingFixes: undefined };
  return { state: next, outputs: [...outputs, summaryMessage(flow, next, ctx)] };
}

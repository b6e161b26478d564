/**
 * The question on screen, asked again: after the language changed, with a reminder, after a
 * command or a refused upload, on resume.
 */
import type { Flow } from "./flow-definition.ts";
import { question } from "./question.ts";
import type { RunContext } from "./run-context.ts";
import type { RunOutput } from "./run-output.ts";
import type { RunState } from "./run-state.ts";
import { summaryMessage } from "./summary-message.ts";

/** Re-renders the current question or summary; nothing for a finished run. */
export function repeatPrompt(flow: Flow, state: RunState, ctx: RunContext): RunOutput[] {
  if (state.phase === "summary") return [summaryMessage(flow, state, ctx)];
  const step = flow.steps.find((s) => s.id === state.stepId);
  if (state.phase !== "asking" || !step) return [];
  return [question(flow, state, step, ctx)];
}

/**
 * What the engine returns: the run's next state, to be persisted before anything is delivered,
 * and its outputs, channel-neutral.
 */
import type { RunChoice, Answers, RunState } from "./run-state.ts";

export type RunOutput =
  | { type: "say"; text: string; choices?: RunChoice[]; choicesAreKeywords?: boolean }
  /** The person confirmed the summary: these are the answers of every step that applies. */
  | { type: "completed"; answers: Answers }
  | { type: "cancelled" };

/** A `say` output: a message, with the choices it offers if any. */
export type RunSay = Extract<RunOutput, { type: "say" }>;

export interface RunResult {
  state: RunState;
  outputs: RunOutput[];
}

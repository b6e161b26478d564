/**
 * How many more files a run takes right now: the room left on the files step being asked
 * (its `maxFiles` less the files already collected), and 0 anywhere else (another kind of step,
 * the summary, a finished run). The conversation service asks this before it writes an upload to
 * disk, and the engine uses it to cap a files step, so both agree on what is accepted. Pure.
 */
import type { Flow } from "./flow-definition.ts";
import type { RunState } from "./run-state.ts";

export function fileRoom(flow: Flow, state: RunState): number {
  if (state.phase !== "asking") return 0;
  const step = flow.steps.find((s) => s.id === state.stepId);
  if (step?.kind !== "files") return 0;
  const collected = state.answers[step.id];
  return Math.max(0, step.maxFiles - (Array.isArray(collected) ? collected.length : 0));
}

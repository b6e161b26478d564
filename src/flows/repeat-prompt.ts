/**
 * The question on screen, asked again: after the language changed, with a reminder, after a
 * command or a refused upload, on resume.
 */
import type { Flow } from "./flow-definition.ts";
import { question } from "./question.ts";
import type { RunContext } from "./run-context.ts";
import type { RunOutput, RunSay } from "./run-output.ts";
import type { RunChoice, RunState } from "./run-state.ts";
import { summaryMessage } from "./summary-message.ts";

/** Re-renders the current question or summary; nothing for a finished run. */
export function repeatPrompt(flow: Flow, state: RunState, ctx: RunContext): RunOutput[] {
  if (state.phase === "summary") return [asOffered(summaryMessage(flow, state, ctx), state.offered)];
  const step = flow.steps.find((s) => s.id === state.stepId);
  if (state.phase !== "asking" || !step) return [];
  return [asOffered(question(flow, state, step, ctx), state.offered)];
}

/**
 * The prompt with the choices it offered when it was asked (`RunState.offered`) rather than those
 * of the catalogues and queues now, so that a press on either message means the same choice: a
 * dossier decided meanwhile stays listed, and is refused with a new question if pressed. A choice
 * still on offer takes its label now, in the run's language (which may have changed). States
 * written before choices were recorded show the prompt as rendered now.
 */
function asOffered(prompt: RunSay, offered: readonly RunChoice[] | undefined): RunSay {
  if (!offered) return prompt;
  if (offered.length === 0) return { type: "say", text: prompt.text };
  const now = prompt.choices ?? [];
  return { ...prompt, choices: offered.map((c) => now.find((n) => n.value === c.value) ?? c) };
}

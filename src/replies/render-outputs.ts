/**
 * The engine's messages as channel-neutral replies: `say` outputs only, their choices tagged with
 * the scope of the question they belong to (see button-scope.ts), keyword choices marked.
 */
import type { OutgoingMessage } from "../channels/channel-port.ts";
import type { RunOutput } from "../flows/advance-run.ts";

export function renderOutputs(outputs: readonly RunOutput[], scope: string): OutgoingMessage[] {
  return outputs.flatMap((o) =>
    o.type === "say"
      ? [{ text: o.text, ...(o.choices ? { choices: o.choices, scope } : {}), ...(o.choicesAreKeywords ? { keywordChoices: true } : {}) }]
      : [],
  );
}

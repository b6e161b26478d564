/** What a person's message is to the engine: typed text, a pressed choice, files, or a command. */
import type { FileRef } from "./run-state.ts";

export type RunCommand = "back" | "skip" | "cancel" | "help";

export type RunInput =
  | { type: "text"; text: string }
  | { type: "choice"; value: string }
  | { type: "files"; files: FileRef[] }
  | { type: "command"; command: RunCommand };

/** The text an answer is read from: what was typed, or a pressed choice's value; none for files and commands. */
export function textOf(input: RunInput): string | undefined {
  if (input.type === "text") return input.text;
  if (input.type === "choice") return input.value;
  return undefined;
}

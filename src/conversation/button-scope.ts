/**
 * A short name for the question a set of buttons belongs to: the draft, its phase and step (and
 * the candidates of an ambiguous answer), or the menu when no draft is open. Channels echo it back
 * with a pressed button, and the service refuses a button whose question is no longer asked.
 */
import { createHash } from "node:crypto";
import type { RunState } from "../flows/run-state.ts";

export function scopeFor(draft: { id: string; state: RunState } | null): string {
  const key = draft ? `${draft.id}|${draft.state.phase}|${draft.state.stepId}|${(draft.state.candidates ?? []).join(",")}` : "menu";
  return createHash("sha256").update(key).digest("base64url").slice(0, 8);
}

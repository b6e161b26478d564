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

/**
 * The scope of a dossier's "Tải hồ sơ (Word)" button, offered with the message that confirms its
 * submission. Unlike a question's, it stays valid: the service recognises it among the scopes of
 * the person's own dossiers whenever it is pressed, and still checks who may download.
 */
export function downloadScopeFor(code: string): string {
  return createHash("sha256").update(`download|${code}`).digest("base64url").slice(0, 8);
}

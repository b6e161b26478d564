/**
 * A files step collects files over several messages, up to its room (see file-room.ts), until the
 * person says it is all ("xong", the button, or its number on channels without buttons).
 */
import { foldText } from "../text/fold-text.ts";
import { matchChoice } from "../validation/match-choice.ts";
import { fileRoom } from "./file-room.ts";
import type { RunOutput } from "./run-output.ts";
import type { FileRef } from "./run-state.ts";
import { DONE } from "./step-choices.ts";
import type { StepAnswer, StepOutcome } from "./step-outcome.ts";

const DONE_WORDS = ["xong", "xong roi", "done", "het", "hoan tat", "finish"];

export function interpretFiles({ flow, step, input, text, state, ctx }: StepAnswer<"files">): StepOutcome {
  const lang = state.lang;
  const collected = (Array.isArray(state.answers[step.id]) ? state.answers[step.id] : []) as FileRef[];
  if (input.type === "files") {
    const added = input.files.slice(0, fileRoom(flow, state));
    const files = [...collected, ...added];
    const say: RunOutput[] = [];
    if (added.length < input.files.length) say.push({ type: "say", text: ctx.i18n.t(lang, "bot.files.too_many", { max: step.maxFiles }) });
    say.push({ type: "say", text: ctx.i18n.t(lang, "bot.files.received", { count: files.length }), choices: [{ value: DONE, label: ctx.i18n.t(lang, "bot.files.done_button") }] });
    return { kind: "stay", state: { ...state, answers: { ...state.answers, [step.id]: files } }, say };
  }
  const done =
    (input.type === "choice" && input.value === DONE) ||
    DONE_WORDS.includes(foldText(text)) ||
    // "1": the number of the one choice ("1. Xong") on channels without buttons.
    matchChoice(text, [{ value: DONE, labels: [ctx.i18n.t(lang, "bot.files.done_button")] }]).kind === "match";
  if (!done) return { kind: "reject", issue: { code: "bot.files.waiting" } };
  if (collected.length === 0 && !step.optional) return { kind: "reject", issue: { code: "bot.files.none" } };
  return { kind: "accept", value: collected.length === 0 ? null : collected };
}

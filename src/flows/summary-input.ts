/**
 * An answer to the summary: send (its button or a word such as "gửi", "ok"), cancel, or the number
 * of an answer to change ("sửa 3", "3").
 */
import { foldText } from "../text/fold-text.ts";
import type { Flow } from "./flow-definition.ts";
import { translator } from "./localize.ts";
import { applyCommand } from "./run-command.ts";
import type { RunContext } from "./run-context.ts";
import { textOf, type RunInput } from "./run-input.ts";
import { ask } from "./run-navigation.ts";
import type { RunResult } from "./run-output.ts";
import type { RunState } from "./run-state.ts";
import { visibleAnswers } from "./step-visibility.ts";
import { CANCEL, SUBMIT, summaryItems, summaryMessage } from "./summary-message.ts";

const SUBMIT_WORDS = ["gui", "gui di", "xac nhan", "dong y", "ok", "submit", "send", "confirm", "co"];
const CANCEL_WORDS = ["huy", "cancel", "thoi"];

export function summaryInput(flow: Flow, state: RunState, input: RunInput, ctx: RunContext): RunResult {
  const t = translator(ctx, state.lang);
  if (input.type === "choice" && input.value === SUBMIT) return complete(flow, state);
  if (input.type === "choice" && input.value === CANCEL) return applyCommand(flow, state, "cancel", ctx);
  if (input.type === "files") return { state, outputs: [{ type: "say", text: t("bot.files.not_expected") }, summaryMessage(flow, state, ctx)] };
  const folded = foldText(textOf(input) ?? "");
  if (SUBMIT_WORDS.includes(folded)) return complete(flow, state);
  if (CANCEL_WORDS.includes(folded)) return applyCommand(flow, state, "cancel", ctx);
  const edit = /^(?:sua|edit|chinh|doi)?\s*(?:muc|so|item)?\s*(\d{1,2})$/.exec(folded);
  if (edit) {
    const items = summaryItems(flow, state);
    const target = items[Number(edit[1]) - 1];
    if (!target) return { state, outputs: [{ type: "say", text: t("bot.summary.no_such_item", { max: items.length }) }, summaryMessage(flow, state, ctx)] };
    return ask(flow, { ...state, editing: true, candidates: undefined }, target, ctx, []);
  }
  return { state, outputs: [{ type: "say", text: t("bot.summary.not_understood") }, summaryMessage(flow, state, ctx)] };
}

/** The person confirmed: the run is done, with the answers of every step that applies. */
function complete(flow: Flow, state: RunState): RunResult {
  const answers = visibleAnswers(flow, state.answers);
  return { state: { ...state, phase: "done" }, outputs: [{ type: "completed", answers }] };
}

/** The commands a person may give at any question: "quay lại", "bỏ qua", "hủy", "trợ giúp". */
import type { Flow } from "./flow-definition.ts";
import { localize, translator } from "./localize.ts";
import { question } from "./question.ts";
import { repeatPrompt } from "./repeat-prompt.ts";
import type { RunContext } from "./run-context.ts";
import type { RunCommand } from "./run-input.ts";
import type { RunResult } from "./run-output.ts";
import { ask, moveOn, recordAnswer, toSummary } from "./run-navigation.ts";
import type { RunState } from "./run-state.ts";
import { isVisible } from "./step-visibility.ts";

export function applyCommand(flow: Flow, state: RunState, cmd: RunCommand, ctx: RunContext): RunResult {
  const t = translator(ctx, state.lang);
  const step = flow.steps.find((s) => s.id === state.stepId);
  switch (cmd) {
    case "cancel":
      return {
        state: { ...state, phase: "cancelled", stepId: null, candidates: undefined },
        outputs: [{ type: "say", text: t("bot.run.cancelled", { title: localize(flow.title, state.lang) }) }, { type: "cancelled" }],
      };
    case "help": {
      const help = step?.help ? localize(step.help, state.lang) : t("bot.run.help");
      return { state, outputs: [{ type: "say", text: help }, ...repeatPrompt(flow, state, ctx)] };
    }
    case "skip": {
      if (state.phase !== "asking" || !step) return { state, outputs: [{ type: "say", text: t("bot.run.nothing_to_skip") }, ...repeatPrompt(flow, state, ctx)] };
      if (!step.optional) {
        return { state, outputs: [{ type: "say", text: t("bot.run.skip_required") }, question(flow, state, step, ctx)] };
      }
      // Files already sent are kept: "bỏ qua" on a files step means "no more".
      const collected = step.kind === "files" && Array.isArray(state.answers[step.id]) && (state.answers[step.id] as unknown[]).length > 0;
      return moveOn(flow, recordAnswer(state, step.id, collected ? state.answers[step.id]! : null), ctx, []);
    }
    case "back": {
      if (state.phase === "summary" || state.editing) {
        const last = [...state.trail].reverse().find((id) => {
          const s = flow.steps.find((x) => x.id === id);
          return s && isVisible(s, state.answers);
        });
        const target = flow.steps.find((s) => s.id === last);
        if (state.phase === "asking" && state.editing) return toSummary(flow, state, ctx, []);
        if (!target) return { state, outputs: repeatPrompt(flow, state, ctx) };
        return ask(flow, { ...state, trail: state.trail.slice(0, state.trail.lastIndexOf(target.id)) }, target, ctx, []);
      }
      const at = state.trail.length;
      if (at === 0) return { state, outputs: [{ type: "say", text: t("bot.run.at_first_step") }, ...repeatPrompt(flow, state, ctx)] };
      const previousId = state.trail[at - 1]!;
      const previous = flow.steps.find((s) => s.id === previousId);
      if (!previous) return { state, outputs: repeatPrompt(flow, state, ctx) };
      return ask(flow, { ...state, trail: state.trail.slice(0, at - 1), candidates: undefined }, previous, ctx, []);
    }
  }
}

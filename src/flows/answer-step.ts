/**
 * An answer to the step being asked: read by the interpreter of the step's kind, then recorded
 * (and the next step asked), refused (and the question asked again), kept while the step goes on,
 * or the end of the run.
 */
import { normalizeInput } from "../text/fold-text.ts";
import type { Flow, Step, StepKind } from "./flow-definition.ts";
import { interpretAward, interpretDossier, interpretUnit } from "./interpret-catalogue.ts";
import { interpretChoice, interpretMultiChoice, interpretYesNo } from "./interpret-choice.ts";
import { interpretFiles } from "./interpret-files.ts";
import { interpretCccd, interpretDate, interpretNumber, interpretPersonName, interpretPhone, interpretText } from "./interpret-typed.ts";
import { translator } from "./localize.ts";
import { question } from "./question.ts";
import type { RunContext } from "./run-context.ts";
import { textOf, type RunInput } from "./run-input.ts";
import { moveOn, recordAnswer } from "./run-navigation.ts";
import type { RunOutput, RunResult } from "./run-output.ts";
import type { RunState } from "./run-state.ts";
import { issueKey, type StepAnswer, type StepOutcome } from "./step-outcome.ts";

export function answerStep(flow: Flow, state: RunState, step: Step, input: RunInput, now: Date, ctx: RunContext): RunResult {
  const t = translator(ctx, state.lang);
  const outcome = interpret(flow, state, step, input, now, ctx);
  switch (outcome.kind) {
    case "stay":
      return { state: outcome.state, outputs: outcome.say };
    case "end":
      return { state: { ...state, phase: "cancelled", stepId: null, candidates: undefined }, outputs: [{ type: "say", text: outcome.say }, { type: "cancelled" }] };
    case "reject": {
      const text = t(issueKey(outcome.issue), outcome.issue.params);
      return { state, outputs: [{ type: "say", text }, question(flow, state, step, ctx, true)] };
    }
    case "accept": {
      const notes: RunOutput[] = (outcome.notes ?? []).map((text) => ({ type: "say", text }));
      return moveOn(flow, recordAnswer(state, step.id, outcome.value), ctx, notes);
    }
  }
}

/** The interpreter of each kind of step; a new kind does not compile until it has one. */
const INTERPRETERS: { [K in StepKind]: (answer: StepAnswer<K>) => StepOutcome } = {
  text: interpretText,
  "person-name": interpretPersonName,
  number: interpretNumber,
  date: interpretDate,
  choice: interpretChoice,
  "multi-choice": interpretMultiChoice,
  "yes-no": interpretYesNo,
  consent: interpretYesNo,
  phone: interpretPhone,
  cccd: interpretCccd,
  unit: interpretUnit,
  award: interpretAward,
  dossier: interpretDossier,
  files: interpretFiles,
};

function interpret(flow: Flow, state: RunState, step: Step, input: RunInput, now: Date, ctx: RunContext): StepOutcome {
  if (input.type === "files" && step.kind !== "files") return { kind: "reject", issue: { code: "bot.files.not_expected" } };
  const raw = textOf(input);
  // TypeScript cannot tie the step's kind to its entry in the map; the map's type does.
  const interpreter = INTERPRETERS[step.kind] as (answer: StepAnswer) => StepOutcome;
  return interpreter({ flow, state, step, input, text: raw === undefined ? "" : normalizeInput(raw), now, ctx });
}

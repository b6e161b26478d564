/**
 * A confirmed form whose answers do not make a valid record (a draft started before a flow fix,
 * answers pre-filled from a report, a cross-field rule the questions could not enforce) is not an
 * internal error: nothing is submitted, the person is told which answers to change, in Vietnamese,
 * and those questions are asked again with every other answer kept (the draft stays open). Pure.
 */
import { reopenRun, type RunContext, type RunResult } from "../flows/advance-run.ts";
import type { Flow } from "../flows/flow-definition.ts";
import { parseFlowRecord, type RecordProblem } from "../records/parse-flow-record.ts";

export interface RefusedRecord {
  /** The run reopened at the answers to change (or at the summary when no step is to blame). */
  result: RunResult;
  problems: RecordProblem[];
}

/** Null when `result` does not complete the run or its answers make a record; else the refusal. */
export function refuseInvalidRecord(flow: Flow, result: RunResult, ctx: RunContext): RefusedRecord | null {
  const completed = result.outputs.find((o) => o.type === "completed");
  if (!completed) return null;
  const checked = parseFlowRecord(flow, completed.answers);
  if (checked.ok) return null;
  const lang = result.state.lang;
  const stepIds = [...new Set(checked.problems.flatMap((p) => (p.stepId ? [p.stepId] : [])))];
  const labels = stepIds.flatMap((id) => {
    const step = flow.steps.find((s) => s.id === id);
    const label = step?.label ?? step?.prompt;
    return label ? [lang === "en" && label.en ? label.en : label.vi] : [];
  });
  const reopened = reopenRun(flow, result.state, stepIds, ctx);
  const text = labels.length
    ? ctx.i18n.t(lang, "bot.submit.invalid_record", { items: labels.join("”, “") })
    : ctx.i18n.t(lang, "bot.submit.invalid_record_general");
  const said = result.outputs.filter((o) => o.type === "say");
  return { result: { state: reopened.state, outputs: [...said, { type: "say", text }, ...reopened.outputs] }, problems: checked.problems };
}

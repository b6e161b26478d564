/**
 * One row of a round's list, checked as the chat checks the same answers: each cell is given to
 * the flow engine (advanceRun) as the answer to its step, in the flow's order, so the steps that
 * apply (`when`), the readers of names, dates, units and awards, and the refusals are the chat's
 * own, in its words. The round's shared answers go in as the round gives them, the files step is
 * skipped, and the attestation is the secretary's, given for the whole list. A refused cell does
 * not stop the row: the next step that applies is asked, so every cell to fix is named at once.
 * A row whose every cell is accepted is confirmed as the summary is, and its answers must then
 * make a record (parseFlowRecord), as a chat's must before it is sent. The law's findings are
 * warnings, as the chat's summary shows them: the row is still sent. Pure, like the engine.
 */
import { advanceRun, startRun, SUBMIT, type RunContext, type RunInput, type RunOutput } from "../flows/advance-run.ts";
import type { Flow, Step } from "../flows/flow-definition.ts";
import type { Answers, RunState } from "../flows/run-state.ts";
import { YES } from "../flows/step-choices.ts";
import { nextVisible } from "../flows/step-visibility.ts";
import type { Lang } from "../i18n/i18n.ts";
import { parseFlowRecord } from "../records/parse-flow-record.ts";

/** A cell to fix: its step (null: the row as a whole) and why, in the engine's words. */
export interface ImportRowIssue {
  stepId: string | null;
  message: string;
}

export type ImportRowCheck =
  | { ok: true; answers: Answers; warnings: string[] }
  | { ok: false; errors: ImportRowIssue[]; warnings: string[] };

export interface ImportRowInput {
  flow: Flow;
  /** The answers the round gives every row (import-columns.ts `roundAnswers`). */
  fixed: Answers;
  /** The row's cells as text, by step id. */
  cells: Readonly<Record<string, string>>;
  now: Date;
  ctx: RunContext;
  lang: Lang;
}

export function checkImportRow(input: ImportRowInput): ImportRowCheck {
  const { flow, ctx, now, lang } = input;
  const errors: ImportRowIssue[] = [];
  const warnings: string[] = [];
  const asked = new Set<string>();
  let state: RunState = startRun(flow, lang, ctx).state;
  while (state.phase === "asking" && state.stepId && !asked.has(state.stepId)) {
    const step = flow.steps.find((s) => s.id === state.stepId)!;
    asked.add(step.id);
    const given = inputFor(step, input);
    const result = advanceRun(flow, state, given, now, ctx);
    if (Object.hasOwn(result.state.answers, step.id)) {
      // Accepted: what the engine said before its next question are the answer's notes. An
      // award's say who decides it (the dossier shows that); the others are warnings.
      if (step.kind !== "award") warnings.push(...said(result.outputs.slice(0, -1)));
      state = result.state;
      continue;
    }
    errors.push({ stepId: step.id, message: refusal(step, given, result.state, result.outputs, input) });
    const next = nextVisible(flow, flow.steps.indexOf(step), state.answers, false);
    if (!next) break;
    state = { ...state, stepId: next.id, candidates: undefined };
  }
  if (errors.length) return { ok: false, errors, warnings };
  if (state.phase !== "summary") return { ok: false, errors: [{ stepId: state.stepId, message: ctx.i18n.t(lang, "console.import.incomplete") }], warnings };
  // The chat's summary warns of the criteria the answers fail; the dossier carries them too.
  const findings = ctx.law?.findings(flow, state.answers, lang) ?? [];
  warnings.push(...findings.slice(1).map((f) => f.replace(/^⚠\s*/, "")));
  const completed = advanceRun(flow, state, { type: "choice", value: SUBMIT }, now, ctx).outputs.find((o) => o.type === "completed");
  if (!completed) return { ok: false, errors: [{ stepId: null, message: ctx.i18n.t(lang, "console.import.incomplete") }], warnings };
  const record = parseFlowRecord(flow, completed.answers);
  if (!record.ok) {
    const problems = record.problems.map((p) => ({ stepId: p.stepId, message: ctx.i18n.t(lang, "console.import.invalid_record") }));
    return { ok: false, errors: problems.filter((p, i) => problems.findIndex((q) => q.stepId === p.stepId) === i), warnings };
  }
  return { ok: true, answers: completed.answers, warnings };
}

/** What the row answers `step`: the round's answer, the cell's text, or "bỏ qua" for an empty cell. */
function inputFor(step: Step, input: ImportRowInput): RunInput {
  if (Object.hasOwn(input.fixed, step.id)) {
    const value = input.fixed[step.id];
    if (value === null || value === undefined) return { type: "command", command: "skip" };
    if (typeof value === "string" && step.kind === "choice") return { type: "choice", value };
    return { type: "text", text: String(value) };
  }
  if (step.kind === "consent") return { type: "choice", value: YES };
  const text = step.kind === "files" ? "" : (input.cells[step.id] ?? "").trim();
  return text ? { type: "text", text } : { type: "command", command: "skip" };
}

/** Why the engine did not take the cell: empty but required, several matches, or its own refusal. */
function refusal(step: Step, given: RunInput, after: RunState, outputs: RunOutput[], input: ImportRowInput): string {
  const { ctx, lang } = input;
  if (given.type === "command") return ctx.i18n.t(lang, "console.import.required");
  const [first] = said(outputs);
  // The question asked again offers what is accepted (or, for an ambiguous name, what it fits).
  const last = outputs.at(-1);
  const options = last?.type === "say" ? (last.choices ?? []).map((c) => c.label).join("; ") : "";
  if (after.candidates?.length) return ctx.i18n.t(lang, "console.import.ambiguous", { options });
  // The chat's "bấm một nút" is no advice in a sheet: the values accepted follow instead.
  const message = first === undefined ? ctx.i18n.t(lang, "console.import.invalid_cell") : first === ctx.i18n.t(lang, "bot.choice.none") ? ctx.i18n.t(lang, "console.import.not_an_option") : first;
  return options && step.kind !== "yes-no" ? `${message} ${ctx.i18n.t(lang, "console.import.accepted", { options })}` : message;
}

function said(outputs: readonly RunOutput[]): string[] {
  return outputs.flatMap((o) => (o.type === "say" ? [o.text] : []));
}

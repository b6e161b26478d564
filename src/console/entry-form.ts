/**
 * The console's entry forms are the chat's council-review flow shown as HTML forms: the same steps
 * (labels, prompts, options, limits) decide what each entry asks, and a posted form is checked as
 * the chat's answers are (parseFlowRecord: the flow's options and limits, then the record's rules),
 * so the console cannot record what the chat would refuse. One form per entry: the steps an entry
 * asks are those whose `when` names it.
 */
import type { Flow, Step } from "../flows/flow-definition.ts";
import type { Answers } from "../flows/run-state.ts";
import type { CouncilReviewRecord } from "../records/parse-record.ts";
import { answerSchemaFor } from "../records/answer-schema.ts";
import { parseFlowRecord } from "../records/parse-flow-record.ts";
import { fieldForArea } from "../records/payload-fields.ts";
import { readStepDate } from "../flows/interpret-typed.ts";
import { formatLocalDate, localDateFromIso, toIsoDate, type LocalDate } from "../time/local-date.ts";

/** The flow whose steps are the entries. */
export const COUNCIL_REVIEW_FLOW = "council-review";
/** Its step that picks the entry, and the one that names the dossier. */
const ACTION_STEP = "action";
const DOSSIER_STEP = "dossier";

/** A posted form: one value per field, several for a multi-choice. */
export type PostedForm = Record<string, string | string[] | File | (string | File)[]>;

export type EntryForm =
  | { ok: true; entry: CouncilReviewRecord; answers: Answers; steps: Step[] }
  /** `invalid` names the steps to fix ("action" when the entry itself is not one). */
  | { ok: false; action: string; answers: Answers; invalid: string[] };

/** The step that picks the entry: its options are the entries, with their labels. */
export function actionStep(flow: Flow): Extract<Step, { kind: "choice" }> | undefined {
  const step = flow.steps.find((s) => s.id === ACTION_STEP);
  return step?.kind === "choice" ? step : undefined;
}

/**
 * The steps an entry asks, in the flow's order; a multi-choice of the parts to fix offers only the
 * parts a dossier of `dossierKind` has.
 */
export function entrySteps(flow: Flow, action: string, dossierKind: string): Step[] {
  return flow.steps
    .filter((s) => s.when?.step === ACTION_STEP && s.when.in.includes(action))
    .map((s) => (s.kind === "multi-choice" ? { ...s, options: s.options.filter((o) => fieldForArea(dossierKind, o.value) !== null) } : s));
}

/** Reads and checks a posted entry for dossier `code`; `today` is the date in Vietnam. */
export function readEntryForm(flow: Flow, code: string, dossierKind: string, form: PostedForm, today: LocalDate): EntryForm {
  const action = first(form[ACTION_STEP]) ?? "";
  const answers: Answers = { [DOSSIER_STEP]: code, [ACTION_STEP]: action };
  if (!actionStep(flow)?.options.some((o) => o.value === action)) return { ok: false, action, answers, invalid: [ACTION_STEP] };
  const steps = entrySteps(flow, action, dossierKind);
  const invalid: string[] = [];
  for (const step of steps) {
    const value = readAnswer(step, form[step.id], today);
    if (value === undefined) invalid.push(step.id);
    else if (value !== null) answers[step.id] = value;
    else if (step.optional) answers[step.id] = null;
    else invalid.push(step.id);
  }
  // Each answer against its step's limits, so every field to fix is named at once; then the record's rules.
  const asked = answerSchemaFor(flow).safeParse(answers);
  if (!asked.success) invalid.push(...asked.error.issues.map((i) => String(i.path[0] ?? ACTION_STEP)));
  if (invalid.length) return { ok: false, action, answers, invalid: [...new Set(invalid)] };
  const parsed = parseFlowRecord(flow, answers);
  if (!parsed.ok || parsed.parsed.kind !== "council-review") return { ok: false, action, answers, invalid: parsed.ok ? [ACTION_STEP] : parsed.problems.map((p) => p.stepId ?? ACTION_STEP) };
  return { ok: true, entry: parsed.parsed.record, answers, steps };
}

/** The answer a field gives: null when left empty, undefined when it is not one the step accepts. */
function readAnswer(step: Step, raw: PostedForm[string] | undefined, today: LocalDate): Answers[string] | null | undefined {
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === "string").map((v) => v.trim()).filter(Boolean);
  switch (step.kind) {
    case "multi-choice":
      if (!values.length) return null;
      return values.every((v) => step.options.some((o) => o.value === v)) ? [...new Set(values)] : undefined;
    case "choice":
      if (!values[0]) return null;
      return step.options.some((o) => o.value === values[0]) ? values[0] : undefined;
    case "text":
      return values[0] ? values[0].replace(/\s+/g, " ") : null;
    case "date": {
      if (!values[0]) return null;
      // The date input sends yyyy-mm-dd; a browser without one sends what was typed.
      const typed = /^\d{4}-\d{2}-\d{2}$/.test(values[0]) ? isoAsTyped(values[0]) : values[0];
      const date = readStepDate(step, typed ?? "", today);
      return date.ok ? toIsoDate(date.value) : undefined;
    }
    default:
      return undefined;
  }
}

function first(raw: PostedForm[string] | undefined): string | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  return typeof value === "string" ? value : undefined;
}

/** An ISO date as a person would type it, so one reader checks both; null when it is no date. */
function isoAsTyped(iso: string): string | null {
  try {
    return formatLocalDate(localDateFromIso(iso));
  } catch {
    return null;
  }
}


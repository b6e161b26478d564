/**
 * The round's Excel template for one kind of list, generated from the flow (never kept by hand):
 * a sheet whose headers are the steps' labels, with the step ids on a hidden second row (the
 * reader finds the columns by them, whatever the headers were changed to), every column stored as
 * text (a CCCD keeps its leading zero, a date stays as typed), a drop-down of the choices on the
 * columns that have some (typing stays allowed: the chat's other words are read too); and a notes sheet: the round's
 * shared answers, then for each column whether it is required, when it applies, the values
 * accepted (the options' labels, the awards the round offers) and the step's own help.
 */
import ExcelJS from "exceljs";
import { choicesOf } from "../flows/step-choices.ts";
import type { Flow, Step } from "../flows/flow-definition.ts";
import type { RunContext } from "../flows/advance-run.ts";
import { RUN_STATE_VERSION, type Answers, type RunState } from "../flows/run-state.ts";
import type { Params } from "../i18n/i18n.ts";
import { importColumns, roundAnswers, type ImportRound } from "./import-columns.ts";
import { HEADER_ROW, IDS_ROW } from "./read-import-workbook.ts";

export interface TemplateInput {
  flow: Flow;
  round: ImportRound & { code: string; title: string };
  ctx: RunContext;
  /** Console strings (`import.template.*`), Vietnamese: the list is an official's paper. */
  t: (key: string, params?: Params) => string;
}

/** Text format: Excel keeps what is typed ("0381…", "05/03/1985") instead of converting it. */
const TEXT = "@";

export async function buildImportTemplate(input: TemplateInput): Promise<Buffer> {
  const { flow, round, t } = input;
  const columns = importColumns(flow);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = t("title");
  const list = workbook.addWorksheet(t("import.template.list_sheet"), { views: [{ state: "frozen", ySplit: IDS_ROW }] });
  list.columns = columns.map((s) => ({ key: s.id, width: widthOf(s), style: { numFmt: TEXT } }));
  list.getRow(HEADER_ROW).values = columns.map(labelOf);
  list.getRow(HEADER_ROW).font = { bold: true };
  list.getRow(HEADER_ROW).alignment = { wrapText: true, vertical: "top" };
  list.getRow(IDS_ROW).values = columns.map((s) => s.id);
  list.getRow(IDS_ROW).hidden = true;

  const notes = workbook.addWorksheet(t("import.template.notes_sheet"));
  notes.columns = [{ width: 30 }, { width: 14 }, { width: 40 }, { width: 60 }, { width: 80 }];
  notes.addRow([t("import.template.heading", { title: round.title, code: round.code })]).font = { bold: true, size: 13 };
  notes.addRow([t("import.template.how", { first: IDS_ROW + 1 })]);
  notes.addRow([t("import.template.shared", { shared: sharedText(input) })]);
  notes.addRow([]);
  const head = notes.addRow([t("import.template.column"), t("import.template.required"), t("import.template.when"), t("import.template.values"), t("import.template.help")]);
  head.font = { bold: true };
  const fixed = roundAnswers(round);
  for (const step of columns) {
    const row = notes.addRow([
      labelOf(step),
      step.optional ? t("import.template.optional") : t("import.template.mandatory"),
      step.when ? whenText(flow, step, fixed, input) : "",
      valuesText(step, fixed, input),
      step.help?.vi ?? step.prompt.vi,
    ]);
    row.alignment = { wrapText: true, vertical: "top" };
  }
  addChoiceLists(workbook, list, columns, input);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The rows a drop-down covers: as many as a list may have. */
const LIST_ROWS = 500;

/**
 * A hidden sheet with each choice column's labels, and a drop-down on that column pointing to
 * them. Not enforced (no error box): an alias typed ("nu", "htxs") is read as in the chat.
 */
function addChoiceLists(workbook: ExcelJS.Workbook, list: ExcelJS.Worksheet, columns: Step[], input: TemplateInput): void {
  const fixed = roundAnswers(input.round);
  const lists = workbook.addWorksheet("LuaChon", { state: "veryHidden" });
  let at = 0;
  columns.forEach((step, index) => {
    if (step.kind !== "choice" && step.kind !== "award" && step.kind !== "yes-no") return;
    const labels = (choicesOf(step, stateWith(fixed), input.ctx) ?? []).map((c) => c.label);
    if (!labels.length) return;
    at += 1;
    labels.forEach((label, i) => (lists.getRow(i + 1).getCell(at).value = label));
    const letter = lists.getColumn(at).letter;
    const validation: ExcelJS.DataValidation = { type: "list", allowBlank: true, showErrorMessage: false, formulae: [`LuaChon!$${letter}$1:$${letter}$${labels.length}`] };
    for (let row = IDS_ROW + 1; row <= IDS_ROW + LIST_ROWS; row++) list.getRow(row).getCell(index + 1).dataValidation = validation;
  });
}

function labelOf(step: Step): string {
  return step.label?.vi ?? step.prompt.vi;
}

function widthOf(step: Step): number {
  if (step.kind === "text" && step.maxLength > 300) return 60;
  return step.kind === "text" || step.kind === "unit" || step.kind === "award" || step.kind === "choice" ? 30 : 16;
}

/** The round's answers every row shares, in words. */
function sharedText({ flow, round, ctx, t }: TemplateInput): string {
  const fixed = roundAnswers(round);
  return Object.entries(fixed)
    .flatMap(([id, value]) => {
      const step = flow.steps.find((s) => s.id === id);
      if (!step || value === null || typeof value === "object") return [];
      return [`${labelOf(step)}: ${shown(step, value, fixed, ctx, t)}`];
    })
    .join("; ");
}

/** "Khi “Danh hiệu, hình thức đề nghị” là: Lao động tiên tiến; Chiến sĩ thi đua cơ sở". */
function whenText(flow: Flow, step: Step, fixed: Answers, input: TemplateInput): string {
  const on = flow.steps.find((s) => s.id === step.when!.step);
  if (!on) return "";
  const values = step.when!.in.map((v) => shown(on, v, fixed, input.ctx, input.t));
  return input.t("import.template.applies_when", { step: labelOf(on), values: values.join("; ") });
}

/** What a column accepts: its choices' labels, or how its kind is written. */
function valuesText(step: Step, fixed: Answers, { ctx, t }: TemplateInput): string {
  const choices = choicesOf(step, stateWith(fixed), ctx);
  if (choices?.length && step.kind !== "text") return choices.map((c) => c.label).join("; ");
  switch (step.kind) {
    case "date":
      return t("import.template.values_date");
    case "number":
      return t("import.template.values_number", { min: step.min, max: step.max });
    case "cccd":
      return t("import.template.values_cccd");
    case "unit":
      return t("import.template.values_unit");
    case "text":
      return t("import.template.values_text", { min: step.minLength, max: step.maxLength });
    default:
      return "";
  }
}

/** A value as the notes name it: an option's or award's label, Có/Không, or the value itself. */
function shown(step: Step, value: string | number | boolean, fixed: Answers, ctx: RunContext, t: TemplateInput["t"]): string {
  if (typeof value === "boolean") return t(value ? "bot.yes" : "bot.no");
  if (step.kind === "award") return ctx.awards.find((a) => a.code === value)?.name ?? String(value);
  const choice = choicesOf(step, stateWith(fixed), ctx)?.find((c) => c.value === value);
  return choice?.label ?? String(value);
}

/** A run state holding only the round's answers: the awards offered depend on its kind. */
function stateWith(answers: Answers): RunState {
  return { v: RUN_STATE_VERSION, flowId: "", revision: 1, lang: "vi", phase: "asking", stepId: null, answers, trail: [], editing: false };
}

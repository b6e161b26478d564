/**
 * Reads an uploaded list (an XLSX made from the round's template) into rows of cell texts by step
 * id, with exceljs. The columns are found by the template's hidden second row (the step ids);
 * a sheet that lost it (copied into a new workbook) is read by its headers, the steps' labels.
 * What is not a workbook, cannot be read, lacks a required column or holds too many rows is a
 * value naming the problem, never an exception. Cells are read as the person sees them: a date
 * Excel converted is written back as dd/mm/yyyy, a number as its digits, a formula as its result.
 */
import ExcelJS from "exceljs";
import type { Flow, Step } from "../flows/flow-definition.ts";
import { foldText } from "../text/fold-text.ts";
import { importColumns } from "./import-columns.ts";

/** The row the template's headers are on; the step ids are on the next one, hidden. */
export const HEADER_ROW = 1;
export const IDS_ROW = 2;

export interface ImportRow {
  /** The row's number in the sheet, as Excel shows it. */
  rowNumber: number;
  cells: Record<string, string>;
}

export type ImportSheet =
  | { ok: true; rows: ImportRow[] }
  | { ok: false; problem: "not_xlsx" | "unreadable" | "empty" | "too_large" }
  | { ok: false; problem: "too_many_rows"; max: number }
  /** Required columns the sheet does not have, by their labels. */
  | { ok: false; problem: "missing_columns"; columns: string[] };

/** Every XLSX is a ZIP archive: "PK\x03\x04". */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** The largest list file accepted: hundreds of rows of text take a few hundred kilobytes. */
export const MAX_IMPORT_FILE_BYTES = 1024 * 1024;
/** The most rows a list may have (a commune's year-end round has dozens). */
export const MAX_IMPORT_ROWS = 500;

/**
 * The most a list may unpack to: a list of 500 rows is a few megabytes of XML; a small file that
 * unpacks to far more (a "zip bomb") is refused before exceljs inflates it in memory.
 */
export const MAX_UNPACKED_BYTES = 40 * 1024 * 1024;

export async function readImportWorkbook(bytes: Uint8Array, flow: Flow, maxRows: number): Promise<ImportSheet> {
  if (bytes.length < ZIP_MAGIC.length || ZIP_MAGIC.some((b, i) => bytes[i] !== b)) return { ok: false, problem: "not_xlsx" };
  const unpacked = unpackedSize(bytes);
  if (unpacked === null) return { ok: false, problem: "unreadable" };
  if (unpacked > MAX_UNPACKED_BYTES) return { ok: false, problem: "too_large" };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    return { ok: false, problem: "unreadable" };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, problem: "empty" };
  const columns = importColumns(flow);
  const located = locateColumns(sheet, columns);
  const missing = columns.filter((s) => !s.optional && !s.when && !located.byStep.has(s.id));
  if (missing.length) return { ok: false, problem: "missing_columns", columns: missing.map((s) => s.label?.vi ?? s.prompt.vi) };

  // A date pasted into a text column arrives as Excel's day number.
  const dateSteps = new Set(columns.filter((s) => s.kind === "date").map((s) => s.id));
  const rows: ImportRow[] = [];
  for (let n = located.firstDataRow; n <= sheet.rowCount; n++) {
    const row = sheet.getRow(n);
    const cells: Record<string, string> = {};
    for (const [stepId, col] of located.byStep) {
      const value = row.getCell(col).value;
      const text = typeof value === "number" && dateSteps.has(stepId) ? serialDate(value) : cellText(value);
      if (text) cells[stepId] = text;
    }
    if (!Object.keys(cells).length) continue;
    if (rows.length === maxRows) return { ok: false, problem: "too_many_rows", max: maxRows };
    rows.push({ rowNumber: n, cells });
  }
  return rows.length ? { ok: true, rows } : { ok: false, problem: "empty" };
}

/**
 * The sizes the archive's central directory declares for its files, summed; null when there is no
 * readable directory. ZIP64 entries (sizes of 0xFFFFFFFF) count as too large: no list needs them.
 */
function unpackedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-directory record is the last 22 bytes, before a comment of at most 65535.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const size = view.getUint32(at + 24, true);
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
    total += size;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return total;
}

/** The column of each step: by the ids row, else by the headers (labels, compared folded). */
function locateColumns(sheet: ExcelJS.Worksheet, steps: Step[]): { byStep: Map<string, number>; firstDataRow: number } {
  const byIds = new Map<string, number>();
  sheet.getRow(IDS_ROW).eachCell((cell, col) => {
    const id = cellText(cell.value);
    if (steps.some((s) => s.id === id) && !byIds.has(id)) byIds.set(id, col);
  });
  if (byIds.size) return { byStep: byIds, firstDataRow: IDS_ROW + 1 };
  const byLabels = new Map<string, number>();
  sheet.getRow(HEADER_ROW).eachCell((cell, col) => {
    const header = foldText(cellText(cell.value).replace(/\s*\*$/, ""));
    const step = steps.find((s) => foldText(s.label?.vi ?? s.prompt.vi) === header);
    if (step && !byLabels.has(step.id)) byLabels.set(step.id, col);
  });
  return { byStep: byLabels, firstDataRow: HEADER_ROW + 1 };
}

/** Excel's day number (1900 date system) as dd/mm/yyyy; day 25569 is 01/01/1970. */
function serialDate(serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > 2_958_465) return String(serial);
  return cellText(new Date((serial - 25569) * 86_400_000));
}

/** A cell as its text. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "có" : "không";
  if (value instanceof Date) {
    // Excel's dates carry no zone: exceljs reads them as midnight UTC of the day shown.
    const dd = String(value.getUTCDate()).padStart(2, "0");
    const mm = String(value.getUTCMonth() + 1).padStart(2, "0");
    return `${dd}/${mm}/${value.getUTCFullYear()}`;
  }
  if ("richText" in value) return value.richText.map((r) => r.text).join("").trim();
  if ("formula" in value || "sharedFormula" in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ("text" in value) return String(value.text).trim();
  return "";
}

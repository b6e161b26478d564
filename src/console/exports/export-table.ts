/**
 * A list export as a table, before it becomes a file: the heading lines of the danh sách (title,
 * unit, what was filtered), the column headers in the person's language with their widths, and
 * the cells. The XLSX prints all of it; the CSV only the header row and the cells, so that a
 * program reading it finds the columns on its first line.
 */
import type { Translate } from "../console-env.ts";
import type { ExportRow } from "./export-rows.ts";

export type Cell = string | number | null;

export interface ExportTable {
  title: string;
  /** Lines under the title: the unit, the filters. */
  lines: string[];
  headers: string[];
  /** Column widths, in characters. */
  widths: number[];
  rows: Cell[][];
}

/** The columns, in the order of the danh sách, then the console's own; each with its width. */
const COLUMNS: Array<[key: keyof ExportRow, width: number]> = [
  ["index", 6],
  ["name", 28],
  ["birthYear", 9],
  ["details", 36],
  ["award", 30],
  ["note", 40],
  ["code", 18],
  ["kind", 20],
  ["unit", 30],
  ["submitted", 12],
  ["status", 22],
  ["votesFor", 10],
  ["votePercent", 10],
  ["voteResult", 12],
];

export function exportTable(t: Translate, rows: readonly ExportRow[], lines: string[]): ExportTable {
  return {
    title: t("export.title"),
    lines,
    headers: COLUMNS.map(([key]) => t(`export.column.${key}`)),
    widths: COLUMNS.map(([, width]) => width),
    rows: rows.map((r) => COLUMNS.map(([key]) => r[key])),
  };
}

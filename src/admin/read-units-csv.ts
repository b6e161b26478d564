/**
 * Reads the text of a units CSV file into rows of raw cells: the header names the columns (any
 * order, optional ones may be left out), the separator is the one the header uses, and a row with
 * more cells than the header is reported rather than guessed at. Cells are not validated here
 * (see validate-unit-rows.ts), so the CSV importer and `units:add` check rows the same way.
 */
import { CsvError, parse } from "csv-parse/sync";
import type { UnitRowInput } from "./validate-unit-rows.ts";

/** The columns a header may name, in any order; the first three must be there. */
const COLUMNS = ["code", "name", "kind", "parent_code", "valid_from", "valid_to"] as const;
const REQUIRED_COLUMNS = ["code", "name", "kind"] as const;
type Column = (typeof COLUMNS)[number];

/** What the file holds: a header problem, a problem that stops reading, or rows and the malformed ones. */
export type ParsedCsv = { headerError: string } | { fileError: { line: number; problem: string } } | { rows: UnitRowInput[]; malformed: { line: number; problem: string }[] };

/** Splits the text into unit rows, checking the header and the number of fields of each row. */
export function readUnitsCsv(text: string): ParsedCsv {
  const body = text.replace(/^\uFEFF/, "");
  const sep = detectSeparator(body);
  const records = parseCsv(body, sep);
  if (!Array.isArray(records)) return { fileError: records };
  // More cells than the header is almost always a name with an unquoted separator in it.
  return unitRowsOf(records, (cells, width) => `có ${cells} cột, tiêu đề có ${width} (tên có dấu ${sep === ";" ? "chấm phẩy" : "phẩy"} cần đặt trong ngoặc kép "…")`);
}

/**
 * Unit rows from a table's records of text cells, the first being the header (the CSV reader and
 * the XLSX reader share it): checks the header's column names and each row's width. `tooWide`
 * words the problem of a row with more cells than the header has columns.
 */
export function unitRowsOf(records: readonly { line: number; fields: string[] }[], tooWide: (cells: number, width: number) => string): ParsedCsv {
  const [header, ...body] = records;
  if (!header || header.fields.every((f) => f.trim() === "")) {
    return { headerError: `tệp trống, cần dòng tiêu đề ${COLUMNS.join(",")}` };
  }
  // A spreadsheet may save empty columns after the last named one; they are ignored.
  const width = header.fields.length;
  const names = header.fields.map((f) => f.trim().toLowerCase());
  while (names.length > 1 && names.at(-1) === "") names.pop();
  const unknown = names.filter((n) => !(COLUMNS as readonly string[]).includes(n));
  const duplicated = names.filter((n, i) => names.indexOf(n) !== i);
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (unknown.length || duplicated.length || missing.length) {
    const parts = [
      unknown.length ? `cột không rõ: ${unknown.map((n) => `"${n}"`).join(", ")}` : "",
      duplicated.length ? `cột lặp lại: ${duplicated.join(", ")}` : "",
      missing.length ? `thiếu cột: ${missing.join(", ")}` : "",
    ].filter(Boolean);
    return { headerError: `${parts.join("; ")} (tiêu đề cần là ${COLUMNS.join(",")})` };
  }
  const index = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<Column, number>;
  const cell = (fields: string[], c: Column) => (index[c] >= 0 ? (fields[index[c]] ?? "") : "");

  const rows: UnitRowInput[] = [];
  const malformed: { line: number; problem: string }[] = [];
  for (const r of body) {
    if (r.fields.every((f) => f.trim() === "")) continue;
    if (r.fields.length > width || r.fields.slice(names.length).some((f) => f.trim() !== "")) {
      malformed.push({ line: r.line, problem: tooWide(r.fields.length, names.length) });
      continue;
    }
    rows.push({
      line: r.line,
      code: cell(r.fields, "code"),
      name: cell(r.fields, "name"),
      kind: cell(r.fields, "kind"),
      parentCode: cell(r.fields, "parent_code"),
      validFrom: cell(r.fields, "valid_from"),
      validTo: cell(r.fields, "valid_to"),
    });
  }
  return { rows, malformed };
}

/** The header's separator: `;` when its first line has more semicolons than commas, else `,`. */
function detectSeparator(text: string): "," | ";" {
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? "";
  const count = (ch: string) => firstLine.split(ch).length - 1;
  return count(";") > count(",") ? ";" : ",";
}

/**
 * RFC 4180 records (csv-parse) with the line each starts on (1-based). Quoted fields may hold the
 * separator, line breaks and `""`; a quote inside an unquoted field is taken as written; CRLF, LF
 * and CR line ends may be mixed; rows may have any number of fields (checked by the caller). A
 * quote never closed is the only error: it is reported with the line it opened on.
 */
function parseCsv(text: string, sep: string): { line: number; fields: string[] }[] | { line: number; problem: string } {
  // csv-parse tells the line a record ends on; the next one starts on the line after.
  let next = 1;
  const records: { line: number; fields: string[] }[] = [];
  try {
    parse(text, {
      delimiter: sep,
      relax_column_count: true,
      relax_quotes: true,
      ltrim: true,
      record_delimiter: ["\r\n", "\n", "\r"],
      on_record: (fields: string[], context) => {
        records.push({ line: next, fields });
        next = context.lines + 1;
        return null;
      },
    });
  } catch (err) {
    if (err instanceof CsvError && err.code === "CSV_QUOTE_NOT_CLOSED") return { line: next, problem: 'ngoặc kép " mở mà không đóng đến hết tệp' };
    throw err;
  }
  return records;
}

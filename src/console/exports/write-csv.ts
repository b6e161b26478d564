/**
 * A list export as CSV for spreadsheets and other programs: UTF-8 with a byte-order mark (without
 * it Excel reads the file as the system's legacy code page and garbles Vietnamese letters), CRLF
 * line ends, every field quoted where it needs to be (csv-stringify; a line break of any kind
 * inside a field too), the header row first. A field that a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@` first: a name typed in a chat could be `=HYPERLINK(…)`) gets a leading `'`.
 */
import { stringify } from "csv-stringify/sync";
import type { ExportTable } from "./export-table.ts";

export const CSV_MEDIA_TYPE = "text/csv; charset=utf-8";

export function writeCsv(table: ExportTable): Uint8Array {
  const text = stringify([table.headers, ...table.rows.map((r) => r.map((cell) => cell ?? ""))], { bom: true, record_delimiter: "windows", quote_record_delimiter: true, escape_formulas: true });
  return new TextEncoder().encode(text);
}

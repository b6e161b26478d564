/**
 * Reads a units workbook (XLSX, as Excel or LibreOffice save it) into the same rows as a units
 * CSV: the first sheet, a header row with the CSV's column names, then one unit per row. Cells
 * are read as text the way people see them; a date Excel converted comes back as yyyy-mm-dd.
 * Row numbers are the sheet's, so "Dòng 7" is the row Excel shows as 7.
 */
import ExcelJS from "exceljs";
import { cellText } from "../round-import/read-import-workbook.ts";
import { unitRowsOf, type ParsedCsv } from "./read-units-csv.ts";

/** Every XLSX is a ZIP archive: "PK\x03\x04". */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Splits the first sheet into unit rows; a file that is not a readable workbook is a `fileError` of line 1. */
export async function readUnitsXlsx(bytes: Uint8Array): Promise<ParsedCsv> {
  const notWorkbook = { fileError: { line: 1, problem: "tệp không phải bảng tính Excel (.xlsx) đọc được" } };
  if (bytes.length < ZIP_MAGIC.length || ZIP_MAGIC.some((b, i) => bytes[i] !== b)) return notWorkbook;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    return notWorkbook;
  }
  const sheet = workbook.worksheets[0];
  const records: { line: number; fields: string[] }[] = [];
  // Rows before the header that are entirely empty are skipped, as blank CSV lines are.
  sheet?.eachRow({ includeEmpty: false }, (row, line) => {
    const fields: string[] = [];
    for (let col = 1; col <= row.cellCount; col++) fields.push(textOf(row.getCell(col).value));
    records.push({ line, fields });
  });
  return unitRowsOf(records, (cells, width) => `có ${cells} ô có dữ liệu, tiêu đề có ${width} cột`);
}

/** A cell as text; a date as yyyy-mm-dd (Excel's dates carry no zone: exceljs reads them as midnight UTC). */
function textOf(value: ExcelJS.CellValue): string {
  const v = value !== null && typeof value === "object" && ("formula" in value || "sharedFormula" in value) ? (value as ExcelJS.CellFormulaValue).result : value;
  return v instanceof Date ? v.toISOString().slice(0, 10) : cellText(v as ExcelJS.CellValue);
}

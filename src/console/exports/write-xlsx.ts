/**
 * A list export as an Excel workbook laid out like the danh sách: the title in capitals across
 * the table, the unit and the filters under it, then the header row (bold, wrapped, frozen so it
 * stays in view while scrolling) and one row per dossier. Text cells are stored as the strings
 * they are (exceljs writes UTF-8 XML), so Vietnamese letters survive intact.
 */
import ExcelJS from "exceljs";
import type { ExportTable } from "./export-table.ts";

export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The sheet's name (at most 31 characters, no `[]:*?/\`). */
const SHEET_NAME = "Danh sách";

export async function writeXlsx(table: ExportTable, now: Date): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = now;
  workbook.modified = now;
  const sheet = workbook.addWorksheet(SHEET_NAME, { pageSetup: { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 } });
  const span = table.headers.length;

  const title = sheet.addRow([table.title]);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: "center" };
  sheet.mergeCells(title.number, 1, title.number, span);
  for (const line of table.lines) {
    const row = sheet.addRow([line]);
    row.alignment = { horizontal: "center" };
    sheet.mergeCells(row.number, 1, row.number, span);
  }
  sheet.addRow([]);

  const header = sheet.addRow(table.headers);
  header.font = { bold: true };
  header.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  header.eachCell((cell) => {
    cell.border = { top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF4" } };
  });
  table.widths.forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });
  for (const cells of table.rows) {
    const row = sheet.addRow(cells.map((c) => c ?? ""));
    row.alignment = { vertical: "top", wrapText: true };
  }
  sheet.views = [{ state: "frozen", ySplit: header.number, xSplit: 0 }];
  sheet.pageSetup.printTitlesRow = `${header.number}:${header.number}`;
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

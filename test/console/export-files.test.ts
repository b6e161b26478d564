/**
 * The export writers on their own: what a chat could have typed into a name (a formula, a line
 * break, quotes, Vietnamese in NFD) comes out of the CSV as text in one field and out of the XLSX
 * as a string cell, never a formula.
 */
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { ExportTable } from "../../src/console/exports/export-table.ts";
import { writeCsv } from "../../src/console/exports/write-csv.ts";
import { writeXlsx } from "../../src/console/exports/write-xlsx.ts";

const table: ExportTable = {
  title: "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
  lines: ["Phạm vi: Xã Hà Trung"],
  headers: ["STT", "Họ và tên", "Ghi chú"],
  widths: [6, 28, 40],
  rows: [
    [1, '=HYPERLINK("http://evil.example","Bấm")', "dòng một\ndòng hai"],
    [2, "Nguyễn Thị Hoa".normalize("NFD"), '+1 "trích dẫn", có dấu phẩy'],
    [3, "@SUM(A1)", null],
  ],
};

describe("export writers", () => {
  it("writes CSV fields a spreadsheet reads as text, each in its own field", () => {
    const text = new TextDecoder().decode(writeCsv(table));
    const records = parse(text, { bom: true }) as string[][];
    expect(records).toEqual([
      ["STT", "Họ và tên", "Ghi chú"],
      ["1", `'=HYPERLINK("http://evil.example","Bấm")`, "dòng một\ndòng hai"],
      ["2", "Nguyễn Thị Hoa".normalize("NFD"), `'+1 "trích dẫn", có dấu phẩy`],
      ["3", "'@SUM(A1)", ""],
    ]);
  });

  it("writes XLSX cells as strings, not formulas", async () => {
    const workbook = new ExcelJS.Workbook();
    const bytes = await writeXlsx(table, new Date(Date.UTC(2026, 11, 5)));
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1)).find((r) => r.getCell(1).value === "STT")!;
    const first = sheet.getRow(header.number + 1).getCell(2);
    expect(first.type).toBe(ExcelJS.ValueType.String);
    expect(first.value).toBe('=HYPERLINK("http://evil.example","Bấm")');
    expect(sheet.getRow(header.number + 2).getCell(2).value).toBe("Nguyễn Thị Hoa".normalize("NFD"));
  });
});

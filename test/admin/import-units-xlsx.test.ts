/**
 * A commune's village list as an Excel workbook, imported under the commune of the national list
 * on a real migrated SQLite file; and the progress line of long imports.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { importUnitsXlsx } from "../../src/admin/import-units-csv.ts";
import { progressLine } from "../../src/admin/progress-line.ts";
import { loadCatalogues } from "../../src/catalogues/load-catalogues.ts";
import { seedCatalogues } from "../../src/db/seed-catalogues.ts";
import { sqliteUrl } from "../support/test-databases.ts";

const opened: Db[] = [];
afterAll(async () => {
  for (const db of opened) await db.$disconnect();
});

let db: Db;
beforeEach(async () => {
  db = (await openDatabase(sqliteUrl())).db;
  opened.push(db);
  await seedCatalogues(db, await loadCatalogues(undefined, { provinces: ["38"], communes: [] }));
});

/** An XLSX whose first sheet holds `rows` (the first is the header), as Excel would save it. */
async function workbook(rows: ExcelJS.CellValue[][], extraSheetFirst = false): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  if (extraSheetFirst) wb.addWorksheet("Hướng dẫn").addRow(["Điền danh sách ở trang sau"]);
  const sheet = wb.addWorksheet("Thôn");
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe("importUnitsXlsx", () => {
  it("imports a commune's villages under its national code, reports a bad row by its sheet row, and keeps the villages' own words", async () => {
    const bytes = await workbook([
      ["code", "name", "kind", "parent_code", "valid_from"],
      ["15271-01", "Bản Nà Lơi", "THON", "15271", new Date("2025-07-01T00:00:00Z")],
      ["15271-02", "Thôn Tân Lập", "THON", "15271", "01/07/2025"],
      [],
      ["15271-TDP3", "Tổ dân phố 3", "TO_DAN_PHO", 15271, null],
      ["15271-04", "Xóm Mới", "XOM", "15271", null],
      ["15271-05", "Thôn Đông", "THON", "15999", null],
    ]);
    const result = await importUnitsXlsx(db, bytes);
    expect(result).toMatchObject({ imported: 3, created: 3, updated: 0 });
    expect(result.rejected).toEqual([
      { line: 6, reason: expect.stringMatching(/^Dòng 6: loại đơn vị "XOM" không hợp lệ/) },
      { line: 7, reason: "Dòng 7: mã đơn vị cha 15999 không tồn tại" },
    ]);
    expect(await db.administrativeUnit.findUnique({ where: { code: "15271-01" } })).toMatchObject({
      id: "u-15271-01",
      name: "Bản Nà Lơi",
      type: "THON",
      localTypeName: "Bản",
      level: "THON",
      parentId: "u-15271",
      validFrom: new Date("2025-07-01T00:00:00Z"),
    });
    expect(await db.administrativeUnit.findUnique({ where: { code: "15271-02" } })).toMatchObject({ localTypeName: "Thôn", validFrom: new Date("2025-07-01T00:00:00Z") });
    expect(await db.administrativeUnit.findUnique({ where: { code: "15271-TDP3" } })).toMatchObject({ type: "TO_DAN_PHO", localTypeName: "Tổ dân phố", parentId: "u-15271" });
    expect(await db.auditLog.findFirst({ where: { action: "units.imported" } })).toMatchObject({ entityId: expect.stringMatching(/^xlsx:[0-9a-f]{16}$/), data: { source: "xlsx", imported: 3, rejected: 2 } });
  });

  it("reads the first sheet only, and names a wrong header, a row wider than it, and a file that is no workbook", async () => {
    const guideFirst = await workbook([["code", "name", "kind", "parent_code"], ["15271-01", "Bản Nà Lơi", "THON", "15271"]], true);
    expect((await importUnitsXlsx(db, guideFirst)).rejected).toEqual([{ line: 1, reason: expect.stringContaining('Dòng 1: cột không rõ: "điền danh sách ở trang sau"') }]);
    const wide = await workbook([["code", "name", "kind", "parent_code"], ["15271-01", "Bản Nà Lơi", "THON", "15271", "ghi chú"]]);
    expect((await importUnitsXlsx(db, wide)).rejected).toEqual([{ line: 2, reason: "Dòng 2: có 5 ô có dữ liệu, tiêu đề có 4 cột" }]);
    const csvRenamed = new TextEncoder().encode("code,name,kind,parent_code\n15271-01,Bản Nà Lơi,THON,15271\n");
    expect(await importUnitsXlsx(db, csvRenamed)).toEqual({ imported: 0, created: 0, updated: 0, rejected: [{ line: 1, reason: "Dòng 1: tệp không phải bảng tính Excel (.xlsx) đọc được" }] });
    expect(await db.administrativeUnit.count({ where: { level: "THON" } })).toBe(0);
  });

  it("calls onProgress for every unit written, up to the number of good rows", async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`15271-${String(i + 1).padStart(3, "0")}`, `Tổ dân phố ${i + 1}`, "TO_DAN_PHO", "15271"]);
    const calls: [number, number][] = [];
    const result = await importUnitsXlsx(db, await workbook([["code", "name", "kind", "parent_code"], ...rows]), { onProgress: (done, total) => calls.push([done, total]) });
    expect(result.imported).toBe(120);
    expect(calls).toHaveLength(120);
    expect(calls.at(-1)).toEqual([120, 120]);
  });
});

describe("progressLine", () => {
  const sink = (isTTY: boolean) => {
    const written: string[] = [];
    return { out: { isTTY, write: (t: string) => written.push(t) }, written };
  };

  it("writes a line at every tenth of a long import when the output is not a terminal, and nothing for a small one", () => {
    const { out, written } = sink(false);
    const report = progressLine(out);
    for (let done = 1; done <= 480; done++) report(done, 480);
    expect(written).toHaveLength(10);
    expect(written[0]).toBe("Đang nhập 48/480 đơn vị…\n");
    expect(written.at(-1)).toBe("Đang nhập 480/480 đơn vị…\n");
    const small = sink(false);
    for (let done = 1; done <= 99; done++) progressLine(small.out)(done, 99);
    expect(small.written).toEqual([]);
  });

  it("rewrites one line in place on a terminal, ending it when done, with Vietnamese thousands", () => {
    const { out, written } = sink(true);
    const report = progressLine(out);
    for (let done = 1; done <= 3355; done++) report(done, 3355);
    expect(written).toHaveLength(3355);
    expect(written[1199]).toBe("\rĐang nhập 1.200/3.355 đơn vị…");
    expect(written.at(-1)).toBe("\rĐang nhập 3.355/3.355 đơn vị…\n");
    expect(written.slice(0, -1).every((w) => !w.includes("\n"))).toBe(true);
  });
});

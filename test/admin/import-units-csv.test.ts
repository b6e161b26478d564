/** The unit CSV import on a real, migrated SQLite file. */
import { readFileSync } from "node:fs";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { importUnitRows, importUnitsCsv } from "../../src/admin/import-units-csv.ts";
import { sqliteUrl } from "../support/test-databases.ts";
import { UnitDirectory } from "../../src/catalogues/unit-directory.ts";
import { loadUnits } from "../../src/db/seed-catalogues.ts";

const HEADER = "code,name,kind,parent_code,valid_from,valid_to";

const opened: Db[] = [];
afterAll(async () => {
  for (const db of opened) await db.$disconnect();
});

let db: Db;
beforeEach(async () => {
  db = (await openDatabase(sqliteUrl())).db;
  opened.push(db);
  await db.administrativeUnit.create({ data: { id: "thanh-hoa", code: "38", name: "Thanh Hóa", type: "TINH", localTypeName: "Tỉnh", level: "TINH" } });
  // A commune of the catalogue without a GSO code: found by its id.
  await db.administrativeUnit.create({ data: { id: "thanh-hoa/ha-trung", name: "Hà Trung", type: "XA", localTypeName: "Xã", level: "XA", parentId: "thanh-hoa" } });
});

const unit = (code: string) => db.administrativeUnit.findUnique({ where: { code } });

describe("importUnitsCsv", () => {
  it("imports good rows with the derived level and type word, NFC names, dates and parents (also one defined earlier in the file)", async () => {
    const nfd = "Hà Trung".normalize("NFD");
    const csv = [
      HEADER,
      `38001,${nfd},XA,38,2025-07-01,`,
      `38001-01,"Thôn Tân Lập, mới",THON,38001,01/07/2025,`,
      "38002,Hạc Thành,phuong,38,,",
      "39,Nghệ An,TINH,,,",
      "392,Hà Trung,HUYEN,38,,30/06/2025",
      "40001,Côn Cỏ,DAC_KHU,39,,",
      "40002,Hà Lan,THI_TRAN,392,,2025-06-30",
      "40003,Sầm Sơn,THANH_PHO_THUOC_TINH,38,,30/06/2025",
      "TK2,Tiểu khu 2,TO_DAN_PHO,thanh-hoa/ha-trung,,",
    ].join("\n");
    const result = await importUnitsCsv(db, csv);
    expect(result).toEqual({ imported: 9, created: 9, updated: 0, rejected: [] });

    expect(await unit("38001")).toEqual({
      id: "u-38001", code: "38001", name: "Hà Trung", type: "XA", localTypeName: "Xã", level: "XA", parentId: "thanh-hoa",
      validFrom: new Date("2025-07-01T00:00:00Z"), validTo: null, successorIds: null,
    });
    expect((await unit("38001"))!.name).toBe("Hà Trung".normalize("NFC"));
    expect(await unit("38001-01")).toMatchObject({ id: "u-38001-01", name: "Thôn Tân Lập, mới", type: "THON", localTypeName: "Thôn", level: "THON", parentId: "u-38001", validFrom: new Date("2025-07-01T00:00:00Z") });
    expect(await unit("38002")).toMatchObject({ type: "PHUONG", localTypeName: "Phường", level: "XA" });
    expect(await unit("39")).toMatchObject({ id: "u-39", type: "TINH", localTypeName: "Tỉnh", level: "TINH", parentId: null });
    expect(await unit("392")).toMatchObject({ type: "HUYEN", localTypeName: "Huyện", level: "HUYEN", validTo: new Date("2025-06-30T00:00:00Z") });
    expect(await unit("40001")).toMatchObject({ type: "DAC_KHU", localTypeName: "Đặc khu", level: "XA", parentId: "u-39" });
    expect(await unit("40002")).toMatchObject({ type: "THI_TRAN", localTypeName: "Thị trấn", level: "XA", parentId: "u-392" });
    expect(await unit("40003")).toMatchObject({ type: "THANH_PHO_THUOC_TINH", localTypeName: "Thành phố", level: "HUYEN" });
    // "Tiểu khu 2" keeps its own word: shown "Tiểu khu 2", not "Tổ dân phố Tiểu khu 2".
    expect(await unit("TK2")).toMatchObject({ id: "u-tk2", localTypeName: "Tiểu khu", level: "THON", parentId: "thanh-hoa/ha-trung" });

    const audit = await db.auditLog.findFirst({ where: { action: "units.imported" } });
    expect(audit?.data).toEqual({ source: "csv", imported: 9, created: 9, updated: 0, rejected: 0 });
  });

  it("reports bad rows with their line numbers and Vietnamese reasons, and imports the rest", async () => {
    const csv = [
      HEADER, //                                   line 1
      "38010,Xã Một,XA,38,,", //                   2 ok
      "38011,Xã Hai,LANG,38,,", //                 3 unknown kind
      "38012,,XA,38,,", //                         4 missing name
      "38013,Xã Ba,XA,38999,,", //                 5 unknown parent
      "38014,Xã Bốn,XA,38,31/02/2025,", //         6 impossible date
      "38015,Xã Năm,XA,38,2025-07-01,2025-06-30", // 7 valid_to before valid_from
      "38011-01,Thôn A,THON,38011,,", //           8 its parent (line 3) was rejected
      "38010-01,Thôn B,THON,38010,,", //           9 ok: parent on line 2
      "", //                                       10 blank, skipped
      "38010,Xã Một bis,XA,38,,", //               11 duplicate code
      "38016,Xã Sáu,XA,38016-01,,", //             12 parent only later in the file
      "38016-01,Thôn C,THON,38010,,", //           13 ok
      "38017,Xã Bảy,XA,38010-01,,", //             14 a commune under a village
      "38018,Xã Tám,XA,,,", //                     15 no parent
      "38019,Xã Chín,XA,38,2025-13-01,", //        16 bad date
      "38020,Xã Mười,XA,38,1/7/2025,", //          17 ok, d/m/yyyy
      "38021,Xã, Mười Một,XA,38,,", //             18 unquoted comma: one column too many
    ].join("\r\n");
    const result = await importUnitsCsv(db, csv);
    expect(result.imported).toBe(4);
    expect(result.rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 18]);
    const reason = (line: number) => result.rejected.find((r) => r.line === line)!.reason;
    expect(reason(3)).toMatch(/^Dòng 3: loại đơn vị "LANG" không hợp lệ/);
    expect(reason(4)).toBe("Dòng 4: thiếu tên đơn vị (name)");
    expect(reason(5)).toBe("Dòng 5: mã đơn vị cha 38999 không tồn tại");
    expect(reason(6)).toMatch(/^Dòng 6: ngày bắt đầu hiệu lực \(valid_from\) "31\/02\/2025" không đúng/);
    expect(reason(7)).toBe("Dòng 7: ngày hết hiệu lực 30/06/2025 trước ngày bắt đầu hiệu lực 01/07/2025");
    expect(reason(8)).toBe("Dòng 8: đơn vị cha 38011 (dòng 3) bị từ chối");
    expect(reason(11)).toBe("Dòng 11: mã đơn vị 38010 trùng với dòng 2");
    expect(reason(12)).toMatch(/^Dòng 12: mã đơn vị cha 38016-01 chỉ có ở dòng 13/);
    expect(reason(14)).toMatch(/^Dòng 14: đơn vị cấp xã không thể trực thuộc đơn vị cấp thôn/);
    expect(reason(15)).toBe("Dòng 15: thiếu mã đơn vị cha (parent_code)");
    expect(reason(16)).toMatch(/^Dòng 16: ngày bắt đầu hiệu lực/);
    expect(reason(18)).toMatch(/^Dòng 18: có 7 cột, tiêu đề có 6/);

    const codes = (await db.administrativeUnit.findMany({ where: { code: { startsWith: "380" } }, orderBy: { code: "asc" } })).map((u) => u.code);
    expect(codes).toEqual(["38010", "38010-01", "38016-01", "38020"]);
    expect((await unit("38010"))!.name).toBe("Xã Một");
    const audit = await db.auditLog.findFirst({ where: { action: "units.imported" } });
    expect(audit?.data).toMatchObject({ imported: 4, rejected: 12 });
  });

  it("reports every problem of a row in one reason", async () => {
    const { rejected } = await importUnitsCsv(db, `${HEADER}\n,,XYZ,38,hôm qua,`);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatch(/^Dòng 2: thiếu mã đơn vị \(code\); thiếu tên đơn vị \(name\); loại đơn vị "XYZ" không hợp lệ .*; ngày bắt đầu hiệu lực/);
  });

  it("accepts a UTF-8 BOM, ';' separators, quoted fields and CRLF, as Excel saves them", async () => {
    const csv = '\uFEFFcode;name;kind;parent_code;valid_from;valid_to\r\n38030;"Xã ""Mới""; Hà Trung";XA;38;01/07/2025;\r\n38030-01;Thôn Đông;THON;38030;;\r\n';
    const result = await importUnitsCsv(db, csv);
    expect(result.rejected).toEqual([]);
    expect(await unit("38030")).toMatchObject({ name: 'Xã "Mới"; Hà Trung', validFrom: new Date("2025-07-01T00:00:00Z") });
    expect(await unit("38030-01")).toMatchObject({ parentId: "u-38030" });
  });

  it("accepts the columns in any order, and without the optional ones", async () => {
    const result = await importUnitsCsv(db, "Kind,Code,Name,Parent_Code\nXA,38040,Xã Bốn Mươi,38\n");
    expect(result.rejected).toEqual([]);
    expect(await unit("38040")).toMatchObject({ type: "XA", parentId: "thanh-hoa", validFrom: null });
  });

  it("refuses a file whose header is wrong, on line 1, and imports nothing", async () => {
    const before = await db.administrativeUnit.count();
    const result = await importUnitsCsv(db, "code,name,type,parent\n38050,Xã A,XA,38\n");
    expect(result.imported).toBe(0);
    expect(result.rejected).toEqual([{ line: 1, reason: expect.stringMatching(/^Dòng 1: cột không rõ: "type", "parent"; thiếu cột: kind/) }]);
    expect(await db.administrativeUnit.count()).toBe(before);
    expect((await importUnitsCsv(db, "")).rejected[0]!.reason).toMatch(/^Dòng 1: tệp trống/);
  });

  it("updates a unit that already has the code, keeping its id", async () => {
    const result = await importUnitsCsv(db, `${HEADER}\n38,Thanh Hoá,TINH,,,\n38060,Xã Sáu Mươi,XA,38,,\n`);
    expect(result).toMatchObject({ imported: 2, created: 1, updated: 1 });
    expect(await db.administrativeUnit.findUnique({ where: { id: "thanh-hoa" } })).toMatchObject({ code: "38", name: "Thanh Hoá" });
    expect(await db.administrativeUnit.count({ where: { code: "38" } })).toBe(1);
  });

  it("refuses a code whose u- id another unit already has, and a parent that would make a cycle", async () => {
    await db.administrativeUnit.create({ data: { id: "u-38070", name: "Xã cũ", type: "XA", localTypeName: "Xã", level: "XA", parentId: "thanh-hoa" } });
    const { rejected } = await importUnitsCsv(db, `${HEADER}\n38070,Xã Bảy Mươi,XA,38,,\n38,Thanh Hóa,XA,38999,,\n`);
    expect(rejected.map((r) => r.reason)).toEqual([
      "Dòng 2: mã định danh u-38070 đã thuộc một đơn vị khác trong cơ sở dữ liệu",
      "Dòng 3: mã đơn vị cha 38999 không tồn tại",
    ]);
    await importUnitsCsv(db, `${HEADER}\n38071,Xã A,XA,38,,\n`);
    const cycle = await importUnitsCsv(db, `${HEADER}\n38,Thanh Hóa,HUYEN,38071,,\n`);
    expect(cycle.rejected[0]!.reason).toMatch(/^Dòng 2: đơn vị cấp huyện không thể trực thuộc đơn vị cấp xã 38071/);
  });

  it("keeps a village's own word (bản, ấp, khu phố…) as its type word, so it is printed once", async () => {
    const { rejected } = await importUnitsCsv(db, `${HEADER}\n38001,Hà Trung,XA,38,,\n38001-01,Bản Nà Lơi,THON,38001,,\n38001-02,Khu phố 3,TO_DAN_PHO,38001,,\n38001-03,Tân Lập,THON,38001,,\n`);
    expect(rejected).toEqual([]);
    expect(await unit("38001-01")).toMatchObject({ name: "Bản Nà Lơi", type: "THON", localTypeName: "Bản" });
    expect(await unit("38001-02")).toMatchObject({ name: "Khu phố 3", type: "TO_DAN_PHO", localTypeName: "Khu phố" });
    expect(await unit("38001-03")).toMatchObject({ name: "Tân Lập", localTypeName: "Thôn" });
    const units = new UnitDirectory(await loadUnits(db));
    expect(units.label("u-38001-01")).toBe("Bản Nà Lơi, Xã Hà Trung");
  });

  it("refuses a huyện, thành phố thuộc tỉnh or thị trấn still in force after 30/06/2025", async () => {
    const { rejected, imported } = await importUnitsCsv(db, `${HEADER}\n392,Hà Trung,HUYEN,38,,\n40002,Hà Lan,THI_TRAN,38,2024-01-01,2025-07-01\n40003,Sầm Sơn,THANH_PHO_THUOC_TINH,38,,\n`);
    expect(imported).toBe(0);
    expect(rejected.map((r) => r.reason)).toEqual([
      "Dòng 2: huyện không còn từ ngày 01/7/2025: ghi ngày hết hiệu lực (valid_to) không sau 30/06/2025",
      "Dòng 3: thị trấn không còn từ ngày 01/7/2025: ghi ngày hết hiệu lực (valid_to) không sau 30/06/2025",
      "Dòng 4: thành phố không còn từ ngày 01/7/2025: ghi ngày hết hiệu lực (valid_to) không sau 30/06/2025",
    ]);
  });

  it("imports the whole national list (flows/catalogues/national-units.csv): the 34 provincial units, the six cities among them, and 3,321 communes", async () => {
    const csv = readFileSync(new URL("../../flows/catalogues/national-units.csv", import.meta.url), "utf8");
    const result = await importUnitsCsv(db, csv);
    expect(result.rejected).toEqual([]);
    expect(result.imported).toBe(3355);
    expect(await db.administrativeUnit.count({ where: { level: "TINH", code: { not: null } } })).toBe(34);
    expect(await db.administrativeUnit.count({ where: { type: "THANH_PHO_TW" } })).toBe(6);
    expect(await unit("01")).toMatchObject({ type: "THANH_PHO_TW", localTypeName: "Thành phố", level: "TINH", parentId: null });
    expect(await unit("31078")).toMatchObject({ name: "Đặc khu Phú Quốc", type: "DAC_KHU", level: "XA" });
  });

  it("writes nothing when the transaction fails half-way", async () => {
    // The database refuses one unit that passes every check of the importer, as a concurrent
    // change or a constraint the importer does not know would.
    await db.$executeRawUnsafe(
      `CREATE TRIGGER refuse_38099 BEFORE INSERT ON "AdministrativeUnit" WHEN NEW.code = '38099' BEGIN SELECT RAISE(ABORT, 'refused by test'); END`,
    );
    const before = await db.administrativeUnit.count();
    const auditsBefore = await db.auditLog.count();
    const csv = [HEADER, "38090,Xã A,XA,38,,", "38090-01,Thôn A,THON,38090,,", "38,Thanh Hóa đổi tên,TINH,,,", "38099,Xã B,XA,38,,", "38100,Xã C,XA,38,,"].join("\n");
    const progress: number[] = [];
    await expect(importUnitsCsv(db, csv, { onProgress: (done) => progress.push(done) })).rejects.toThrow();
    expect(progress).toEqual([1, 2, 3]);
    expect(await db.administrativeUnit.count()).toBe(before);
    expect(await db.administrativeUnit.findUnique({ where: { id: "thanh-hoa" } })).toMatchObject({ name: "Thanh Hóa" });
    expect(await db.auditLog.count()).toBe(auditsBefore);
  });

  it("imports a 2,000-row file in one go, reporting progress", async () => {
    const lines = [HEADER];
    for (let x = 1; x <= 40; x++) {
      const xa = `38${String(x).padStart(3, "0")}`;
      lines.push(`${xa},Xã Số ${x},XA,38,2025-07-01,`);
      for (let t = 1; t <= 49; t++) lines.push(`${xa}-${t},Thôn ${t},THON,${xa},,`);
    }
    expect(lines.length - 1).toBe(2000);
    const calls: Array<[number, number]> = [];
    const started = Date.now();
    const result = await importUnitsCsv(db, lines.join("\n"), { onProgress: (done, total) => calls.push([done, total]) });
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ imported: 2000, rejected: [] });
    expect(await db.administrativeUnit.count({ where: { level: "THON" } })).toBe(1960);
    expect(calls).toHaveLength(2000);
    expect(calls.every(([done, total], i) => done === i + 1 && total === 2000)).toBe(true);
    expect(calls.at(-1)).toEqual([2000, 2000]);
    expect(elapsed).toBeLessThan(25_000);
  });
});

describe("importUnitRows", () => {
  it("returns the problems of a single unit without a line prefix (units:add)", async () => {
    const result = await importUnitRows(db, [{ line: 0, code: "38001", name: "Hà Trung", kind: "XA", parentCode: "38999", validFrom: "", validTo: "" }]);
    expect(result.rejected).toEqual([{ line: 0, problems: ["mã đơn vị cha 38999 không tồn tại"] }]);
    expect(result.imported).toBe(0);
  });
});

describe("importUnitsCsv quoting (csv-parse)", () => {
  it("reads a quoted field holding a comma and a line break, and counts lines from where each row starts", async () => {
    const csv = `${HEADER}\n38200,"Xã Hà Trung, mới\n(sáp nhập 2025)",XA,38,,\n38201,Xã B,LANG,38,,\n`;
    const result = await importUnitsCsv(db, csv);
    // The field is one cell; names are then normalised, so the line break becomes a space.
    expect(await unit("38200")).toMatchObject({ name: "Xã Hà Trung, mới (sáp nhập 2025)", parentId: "thanh-hoa" });
    // The row after the two-line field starts on line 4.
    expect(result.rejected.map((r) => r.line)).toEqual([4]);
  });

  it("refuses a file with a quote never closed, naming the line it opens on, and imports nothing", async () => {
    const result = await importUnitsCsv(db, `${HEADER}\n38210,Xã A,XA,38,,\n38211,"Xã B,XA,38,,\n38212,Xã C,XA,38,,\n`);
    expect(result).toEqual({ imported: 0, created: 0, updated: 0, rejected: [{ line: 3, reason: 'Dòng 3: ngoặc kép " mở mà không đóng đến hết tệp' }] });
    expect(await unit("38210")).toBeNull();
  });
});

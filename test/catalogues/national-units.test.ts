/**
 * The national unit list (flows/catalogues/national-units.csv) against the official counts: 34
 * provincial units and 3,321 commune-level units from 01/7/2025, the counts per province stated by
 * each Nghị quyết of the Ủy ban Thường vụ Quốc hội (1654–1687/NQ-UBTVQH15), and named units read in
 * them. The file is read with the unit CSV import's own reader, so it stays importable.
 * Where the facts come from: flows/catalogues/national-units.SOURCE.md.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readUnitsCsv } from "../../src/admin/read-units-csv.ts";
import type { UnitRowInput } from "../../src/admin/validate-unit-rows.ts";

const text = readFileSync(new URL("../../flows/catalogues/national-units.csv", import.meta.url), "utf8");
const parsed = readUnitsCsv(text);
const rows: UnitRowInput[] = "rows" in parsed ? parsed.rows : [];
const provinces = rows.filter((r) => r.parentCode === "");
const communes = rows.filter((r) => r.parentCode !== "");
const byCode = new Map(rows.map((r) => [r.code, r]));

/** The six thành phố trực thuộc trung ương (NQ 202/2025/QH15). */
const CITIES = ["01", "31", "46", "48", "79", "92"];

/**
 * Per province: [code, phường, xã, đặc khu], as each Nghị quyết states "Sau khi sắp xếp, … có N đơn
 * vị hành chính cấp xã, gồm …" (the Nghị quyết's number in the SOURCE file's table).
 */
const PER_PROVINCE: ReadonlyArray<readonly [string, number, number, number]> = [
  ["01", 51, 75, 0], ["04", 3, 53, 0], ["08", 7, 117, 0], ["11", 3, 42, 0], ["12", 2, 36, 0],
  ["14", 8, 67, 0], ["15", 10, 89, 0], ["19", 15, 77, 0], ["20", 4, 61, 0], ["22", 30, 22, 2],
  ["24", 33, 66, 0], ["25", 15, 133, 0], ["31", 45, 67, 2], ["33", 11, 93, 0], ["37", 32, 97, 0],
  ["38", 19, 147, 0], ["40", 11, 119, 0], ["42", 9, 60, 0], ["44", 8, 69, 1], ["46", 21, 19, 0],
  ["48", 23, 70, 1], ["51", 9, 86, 1], ["52", 25, 110, 0], ["56", 16, 48, 1], ["66", 14, 88, 0],
  ["68", 20, 103, 1], ["75", 23, 72, 0], ["79", 113, 54, 1], ["80", 14, 82, 0], ["82", 20, 82, 0],
  ["86", 19, 105, 0], ["91", 14, 85, 3], ["92", 31, 72, 0], ["96", 9, 55, 0],
];

/** The type word each kind's official name starts with. */
const TYPE_WORD: Record<string, string> = { THANH_PHO_TW: "Thành phố", TINH: "Tỉnh", PHUONG: "Phường", XA: "Xã", DAC_KHU: "Đặc khu" };

const count = (list: UnitRowInput[], kind: string) => list.filter((r) => r.kind === kind).length;

describe("national-units.csv", () => {
  it("is read by the unit import's reader: its header, every row well formed, UTF-8 NFC with LF line ends", () => {
    expect(parsed).toHaveProperty("rows");
    expect("malformed" in parsed ? parsed.malformed : ["unread"]).toEqual([]);
    expect(rows).toHaveLength(34 + 3321);
    expect(text.split("\n", 1)[0]).toBe("code,name,kind,parent_code,valid_from");
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text).not.toContain("\r");
    expect(text.normalize("NFC")).toBe(text);
  });

  it("has 34 provincial units: 6 centrally-run cities and 28 provinces, 2-digit codes, no parent", () => {
    expect(provinces).toHaveLength(34);
    expect(provinces.filter((p) => p.kind === "THANH_PHO_TW").map((p) => p.code)).toEqual(CITIES);
    expect(count(provinces, "TINH")).toBe(28);
    for (const p of provinces) expect(p.code).toMatch(/^\d{2}$/);
    expect(byCode.get("01")?.name).toBe("Thành phố Hà Nội");
    expect(byCode.get("08")?.name).toBe("Tỉnh Tuyên Quang");
  });

  it("has 3,321 commune-level units: 2,621 xã, 687 phường, 13 đặc khu, 5-digit codes", () => {
    expect(communes).toHaveLength(3321);
    expect(count(communes, "XA")).toBe(2621);
    expect(count(communes, "PHUONG")).toBe(687);
    expect(count(communes, "DAC_KHU")).toBe(13);
    for (const c of communes) expect(c.code).toMatch(/^\d{5}$/);
  });

  it("has unique codes, and every commune's parent is one of the 34", () => {
    expect(byCode.size).toBe(rows.length);
    const provinceCodes = new Set(provinces.map((p) => p.code));
    expect(communes.filter((c) => !provinceCodes.has(c.parentCode))).toEqual([]);
  });

  it("has, in every province, the phường, xã and đặc khu its Nghị quyết counts", () => {
    const actual = provinces.map((p) => {
      const own = communes.filter((c) => c.parentCode === p.code);
      return [p.code, count(own, "PHUONG"), count(own, "XA"), count(own, "DAC_KHU")];
    });
    expect(actual).toEqual(PER_PROVINCE);
    // Hà Nội (NQ 1656/NQ-UBTVQH15): 126 units, 51 phường and 75 xã.
    expect(communes.filter((c) => c.parentCode === "01")).toHaveLength(126);
  });

  it("names each unit officially, with its type word, valid from 01/7/2025, in the project's orthography", () => {
    for (const r of rows) {
      expect(r.name.startsWith(`${TYPE_WORD[r.kind]} `), `${r.code} ${r.name}`).toBe(true);
      expect(r.validFrom).toBe("2025-07-01");
    }
    // Tone on the main vowel (Hòa, Thủy, Úy), as in the legal texts and test/i18n/banned-phrases.test.ts.
    const oldTones = /(?<![qQ])[uU][ýỳỷỹỵ](?![A-Za-zÀ-ỹĐđ])|[oO][áàảãạéèẻẽẹ](?![A-Za-zÀ-ỹĐđ])/;
    expect(rows.filter((r) => oldTones.test(r.name)).map((r) => r.name)).toEqual([]);
  });

  it("holds the units read in the Nghị quyết with their codes and provinces", () => {
    const unit = (code: string) => {
      const r = byCode.get(code);
      return r && { name: r.name, kind: r.kind, province: byCode.get(r.parentCode)?.name };
    };
    expect(unit("31078")).toEqual({ name: "Đặc khu Phú Quốc", kind: "DAC_KHU", province: "Tỉnh An Giang" });
    expect(unit("00004")).toEqual({ name: "Phường Ba Đình", kind: "PHUONG", province: "Thành phố Hà Nội" });
    expect(unit("01141")).toEqual({ name: "Xã Nấm Dẩn", kind: "XA", province: "Tỉnh Tuyên Quang" });
    expect(unit("15271")).toEqual({ name: "Xã Hà Trung", kind: "XA", province: "Tỉnh Thanh Hóa" });
    expect(unit("14797")).toEqual({ name: "Phường Hạc Thành", kind: "PHUONG", province: "Tỉnh Thanh Hóa" });
    // Kept its former code; 23737 (xã Ia Mơ Nông) went into xã Ia Ly (NQ 1664/NQ-UBTVQH15).
    expect(unit("23938")).toEqual({ name: "Xã Ia Mơ", kind: "XA", province: "Tỉnh Gia Lai" });
    expect(byCode.has("23737")).toBe(false);
  });
});

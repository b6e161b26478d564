/**
 * The former unit list (flows/catalogues/former-units.csv): the 63 provinces, 696 districts and
 * 10,047 communes in force on 30/6/2025 with the new units that took their territory, checked against
 * the new list (national-units.csv) for existence and completeness, and against units read by hand
 * in the Nghị quyết 1654–1687/NQ-UBTVQH15 and 60-NQ/TW. Then the reader's refusals and formerUnitsIn.
 * Where the facts come from: flows/catalogues/former-units.SOURCE.md.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readUnitsCsv } from "../../src/admin/read-units-csv.ts";
import type { UnitRowInput } from "../../src/admin/validate-unit-rows.ts";
import { formerUnitsIn, loadFormerUnits, readFormerUnits, type FormerUnit } from "../../src/catalogues/former-units.ts";

const text = readFileSync(new URL("../../flows/catalogues/former-units.csv", import.meta.url), "utf8");
const units = readFormerUnits(text);
const provinces = units.filter((u) => u.level === "TINH");
const districts = units.filter((u) => u.level === "HUYEN");
const communes = units.filter((u) => u.level === "XA");
const provinceByCode = new Map(provinces.map((u) => [u.code, u]));
const districtByCode = new Map(districts.map((u) => [u.code, u]));
const communeByCode = new Map(communes.map((u) => [u.code, u]));

const nationalText = readFileSync(new URL("../../flows/catalogues/national-units.csv", import.meta.url), "utf8");
const nationalParsed = readUnitsCsv(nationalText);
const national: UnitRowInput[] = "rows" in nationalParsed ? nationalParsed.rows : [];
const newByCode = new Map(national.map((r) => [r.code, r]));
const newProvinces = national.filter((r) => r.parentCode === "");
const newCommunes = national.filter((r) => r.parentCode !== "");

/** The type word each kind's official name starts with. */
const TYPE_WORD: Record<string, string> = {
  TINH: "Tỉnh", THANH_PHO_TW: "Thành phố", HUYEN: "Huyện", QUAN: "Quận", THI_XA: "Thị xã",
  THANH_PHO_THUOC_TINH: "Thành phố", XA: "Xã", PHUONG: "Phường", THI_TRAN: "Thị trấn",
};

const countKinds = (list: FormerUnit[]) => {
  const counts: Record<string, number> = {};
  for (const u of list) counts[u.kind] = (counts[u.kind] ?? 0) + 1;
  return counts;
};
/** A unit with its successors' names, to compare with what the Nghị quyết says. */
const successorsOf = (u: FormerUnit | undefined) => u && { name: u.name, kind: u.kind, successors: u.successorCodes.map((c) => newByCode.get(c)?.name) };

describe("former-units.csv", () => {
  it("is UTF-8 NFC with LF line ends and the agreed header, every row valid until 30/6/2025", () => {
    expect(text.split("\n", 1)[0]).toBe("code,name,kind,parent_code,valid_to,successor_codes");
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text).not.toContain("\r");
    expect(text.normalize("NFC")).toBe(text);
    expect(units).toHaveLength(63 + 696 + 10047);
    expect(units.filter((u) => u.validTo !== "2025-06-30")).toEqual([]);
  });

  it("has the 63 provinces, 696 districts and 10,047 communes of 30/6/2025, by kind", () => {
    expect(countKinds(provinces)).toEqual({ THANH_PHO_TW: 6, TINH: 57 });
    expect(countKinds(districts)).toEqual({ HUYEN: 508, QUAN: 49, THI_XA: 52, THANH_PHO_THUOC_TINH: 87 });
    expect(countKinds(communes)).toEqual({ XA: 7704, PHUONG: 1726, THI_TRAN: 617 });
    expect(provinces.filter((p) => p.kind === "THANH_PHO_TW").map((p) => p.name)).toEqual([
      "Thành phố Hà Nội", "Thành phố Hải Phòng", "Thành phố Huế", "Thành phố Đà Nẵng", "Thành phố Hồ Chí Minh", "Thành phố Cần Thơ",
    ]);
  });

  it("has unique codes within each level, and every parent is a unit of the level above", () => {
    expect(provinceByCode.size).toBe(63);
    expect(districtByCode.size).toBe(696);
    expect(communeByCode.size).toBe(10047);
    expect(provinces.filter((p) => p.parentCode !== null)).toEqual([]);
    expect(districts.filter((d) => !provinceByCode.has(d.parentCode ?? ""))).toEqual([]);
    expect(communes.filter((c) => !districtByCode.has(c.parentCode ?? ""))).toEqual([]);
  });

  it("names each unit with its type word, single-spaced, in the project's orthography", () => {
    for (const u of units) {
      expect(u.name.startsWith(`${TYPE_WORD[u.kind]} `), `${u.code} ${u.name}`).toBe(true);
      expect(u.name).toBe(u.name.replace(/\s+/g, " ").trim());
    }
    // Tone on the main vowel (Hòa, Thủy), as in national-units.csv and the legal texts.
    const oldTones = /(?<![qQ])[uU][ýỳỷỹỵ](?![A-Za-zÀ-ỹĐđ])|[oO][áàảãạéèẻẽẹ](?![A-Za-zÀ-ỹĐđ])/;
    expect(units.filter((u) => oldTones.test(u.name) || u.name.includes("’")).map((u) => u.name)).toEqual([]);
  });

  it("names successors that all exist in national-units.csv: a new province for a province, new communes for the others", () => {
    for (const p of provinces) expect(p.successorCodes.map((c) => newByCode.get(c)?.parentCode), p.name).toEqual([""]);
    for (const u of [...districts, ...communes]) {
      for (const c of u.successorCodes) expect(newByCode.get(c)?.parentCode ?? "missing", `${u.code} → ${c}`).toMatch(/^\d{2}$/);
    }
  });

  it("sends every commune and district into the new province its old province went into", () => {
    const newProvinceOf = (u: FormerUnit): string => {
      const province = u.level === "XA" ? provinceByCode.get(districtByCode.get(u.parentCode ?? "")?.parentCode ?? "") : provinceByCode.get(u.parentCode ?? "");
      return province?.successorCodes[0] ?? "none";
    };
    const strays = [...districts, ...communes].filter((u) => u.successorCodes.some((c) => newByCode.get(c)?.parentCode !== newProvinceOf(u)));
    expect(strays.map((u) => `${u.code} ${u.name}`)).toEqual([]);
  });

  it("gives a district the successors of its communes, those that took most of them first", () => {
    for (const d of districts) {
      const own = communes.filter((c) => c.parentCode === d.code);
      // Five island districts had no communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo): each became a đặc khu.
      if (own.length === 0) {
        expect(d.successorCodes.map((c) => newByCode.get(c)?.kind), d.name).toEqual(["DAC_KHU"]);
        continue;
      }
      const tally = new Map<string, number>();
      for (const c of own) for (const s of c.successorCodes) tally.set(s, (tally.get(s) ?? 0) + 1);
      const expected = [...tally.keys()].sort((a, b) => tally.get(b)! - tally.get(a)! || a.localeCompare(b));
      expect(d.successorCodes, d.name).toEqual(expected);
    }
    expect(districts.filter((d) => !communes.some((c) => c.parentCode === d.code)).map((d) => d.name)).toEqual([
      "Huyện Bạch Long Vĩ", "Huyện Cồn Cỏ", "Huyện Hoàng Sa", "Huyện Lý Sơn", "Huyện Côn Đảo",
    ]);
  });

  it("covers the new list: each of the 34 provinces and 3,321 communes took in some former unit", () => {
    expect(newProvinces).toHaveLength(34);
    expect(newCommunes).toHaveLength(3321);
    const fromProvinces = new Set(provinces.flatMap((p) => p.successorCodes));
    expect(newProvinces.filter((p) => !fromProvinces.has(p.code)).map((p) => p.name)).toEqual([]);
    const fromCommunesAndIslands = new Set([...communes, ...districts].flatMap((u) => u.successorCodes));
    expect(newCommunes.filter((c) => !fromCommunesAndIslands.has(c.code)).map((c) => c.name)).toEqual([]);
  });

  it("holds the units read by hand in the Nghị quyết", () => {
    // 60-NQ/TW khoản 11 and 23, NQ 202/2025/QH15: Kon Tum into Quảng Ngãi, Kiên Giang into An Giang.
    expect(successorsOf(provinceByCode.get("62"))).toEqual({ name: "Tỉnh Kon Tum", kind: "TINH", successors: ["Tỉnh Quảng Ngãi"] });
    expect(successorsOf(provinceByCode.get("91"))).toEqual({ name: "Tỉnh Kiên Giang", kind: "TINH", successors: ["Tỉnh An Giang"] });
    expect(successorsOf(provinceByCode.get("38"))).toEqual({ name: "Tỉnh Thanh Hóa", kind: "TINH", successors: ["Tỉnh Thanh Hóa"] });
    // NQ 1686 khoản 3 and 6: part of thị trấn Hà Trung into xã Hà Trung (same code 15271), the rest into xã Hoạt Giang.
    expect(successorsOf(communeByCode.get("15271"))).toEqual({ name: "Thị trấn Hà Trung", kind: "THI_TRAN", successors: ["Xã Hà Trung", "Xã Hoạt Giang"] });
    expect(communeByCode.get("15271")?.parentCode).toBe("392");
    // NQ 1686 khoản 3–7 and 136 (xã Hà Vinh into phường Bỉm Sơn): 5, 4, 4, 4, 3 and 1 of its 19 communes, ties by code.
    expect(successorsOf(districtByCode.get("392"))).toEqual({
      name: "Huyện Hà Trung", kind: "HUYEN",
      successors: ["Xã Hà Trung", "Xã Hoạt Giang", "Xã Lĩnh Toại", "Xã Tống Sơn", "Xã Hà Long", "Phường Bỉm Sơn"],
    });
    // NQ 1686 khoản 127: the wards of thành phố Thanh Hóa into phường Hạc Thành, among others.
    expect(districtByCode.get("380")).toMatchObject({ name: "Thành phố Thanh Hóa", kind: "THANH_PHO_THUOC_TINH", parentCode: "38" });
    expect(districtByCode.get("380")?.successorCodes[0]).toBe("14797");
    // NQ 1656 khoản 3: phường Trúc Bạch, all of it, into phường Ba Đình (which took its code).
    expect(successorsOf(communeByCode.get("00004"))).toEqual({ name: "Phường Trúc Bạch", kind: "PHUONG", successors: ["Phường Ba Đình"] });
    // NQ 1654 khoản 95, 96: thành phố Phú Quốc into đặc khu Phú Quốc, its xã Thổ Châu into đặc khu Thổ Châu.
    expect(successorsOf(districtByCode.get("911"))).toEqual({ name: "Thành phố Phú Quốc", kind: "THANH_PHO_THUOC_TINH", successors: ["Đặc khu Phú Quốc", "Đặc khu Thổ Châu"] });
    // NQ 1654 khoản 31: xã Tân Phú (huyện Châu Thành, An Giang) into xã Vĩnh An (the mapping said Đồng Tháp's Tân Phú Trung).
    expect(successorsOf(communeByCode.get("30622"))).toEqual({ name: "Xã Tân Phú", kind: "XA", successors: ["Xã Vĩnh An"] });
    // Three of the corrections to the mapping, each unit named in one khoản of its Nghị quyết (former-units.SOURCE.md):
    // NQ 1664 khoản 27 (xã Ân Nghĩa of huyện Hoài Ân, not xã An Nghĩa of huyện An Lão), NQ 1668 khoản 87
    // (xã Vĩnh Thành of huyện Thạnh Trị, not thị trấn Vĩnh Thạnh), NQ 1666 khoản 93 (xã Việt Hùng, not xã Việt Hưng).
    expect(successorsOf(communeByCode.get("21727"))).toEqual({ name: "Xã Ân Nghĩa", kind: "XA", successors: ["Xã Kim Sơn"] });
    expect(successorsOf(communeByCode.get("31771"))).toEqual({ name: "Xã Vĩnh Thành", kind: "XA", successors: ["Xã Vĩnh Lợi"] });
    expect(successorsOf(communeByCode.get("13219"))).toEqual({ name: "Xã Việt Hùng", kind: "XA", successors: ["Xã Vạn Xuân"] });
    // NQ 1669 khoản 114: huyện Bạch Long Vĩ, which had no commune, into đặc khu Bạch Long Vĩ.
    expect(successorsOf(districtByCode.get("318"))).toEqual({ name: "Huyện Bạch Long Vĩ", kind: "HUYEN", successors: ["Đặc khu Bạch Long Vĩ"] });
    // NQ 1664 khoản 43: xã Ia Mơ Nông into xã Ia Ly; xã Ia Mơ kept (its code 23938, not 23737).
    expect(successorsOf(communeByCode.get("23737"))).toEqual({ name: "Xã Ia Mơ Nông", kind: "XA", successors: ["Xã Ia Ly"] });
    expect(communeByCode.get("23938")?.successorCodes).toEqual(["23938"]);
    // NQ 1685 khoản 53: Phường 5 (quận Phú Nhuận) into phường Đức Nhuận; a phường, though the old list typed it "Xã".
    expect(successorsOf(communeByCode.get("27046"))).toEqual({ name: "Phường 5", kind: "PHUONG", successors: ["Phường Đức Nhuận"] });
    // NQ 1684 khoản 47: thị trấn Phó Bảng (huyện Đồng Văn, Hà Giang) into xã Phố Bảng of Tuyên Quang.
    expect(successorsOf(communeByCode.get("00712"))).toEqual({ name: "Thị trấn Phó Bảng", kind: "THI_TRAN", successors: ["Xã Phố Bảng"] });
  });
});

describe("readFormerUnits", () => {
  const HEADER = "code,name,kind,parent_code,valid_to,successor_codes";
  const good = [
    HEADER,
    "38,Tỉnh Thanh Hóa,TINH,,2025-06-30,38",
    "392,Huyện Hà Trung,HUYEN,38,2025-06-30,15271 15286",
    "15271,Thị trấn Hà Trung,THI_TRAN,392,2025-06-30,15271 15286",
  ];
  const withRow = (row: string) => [...good, row].join("\n");

  it("reads levels, parents and successors in order", () => {
    expect(readFormerUnits(`${good.join("\n")}\n`)).toEqual([
      { code: "38", name: "Tỉnh Thanh Hóa", kind: "TINH", level: "TINH", parentCode: null, validTo: "2025-06-30", successorCodes: ["38"] },
      { code: "392", name: "Huyện Hà Trung", kind: "HUYEN", level: "HUYEN", parentCode: "38", validTo: "2025-06-30", successorCodes: ["15271", "15286"] },
      { code: "15271", name: "Thị trấn Hà Trung", kind: "THI_TRAN", level: "XA", parentCode: "392", validTo: "2025-06-30", successorCodes: ["15271", "15286"] },
    ]);
  });

  it("refuses a malformed row, naming its line", () => {
    expect(() => readFormerUnits("code,name\n38,Tỉnh Thanh Hóa")).toThrow("the header must be code,name,kind,parent_code,valid_to,successor_codes");
    expect(() => readFormerUnits(withRow("15274,Thị trấn Hà Long,THI_TRAN,392,2025-06-30"))).toThrow("line 5: 5 fields, the header has 6");
    expect(() => readFormerUnits(withRow("15274,Thị trấn Hà Long,TOWN,392,2025-06-30,15274"))).toThrow('line 5: unknown kind "TOWN"');
    expect(() => readFormerUnits(withRow("1527,Thị trấn Hà Long,THI_TRAN,392,2025-06-30,15274"))).toThrow('line 5: code "1527" is not 5 digits');
    expect(() => readFormerUnits(withRow("15274,Thị trấn Hà Long,THI_TRAN,38,2025-06-30,15274"))).toThrow('line 5: unit 15274 needs a 3-digit parent code, not "38"');
    expect(() => readFormerUnits(withRow("15274,Thị trấn Hà Long,THI_TRAN,393,2025-06-30,15274"))).toThrow("line 5: parent 393 of unit 15274 is not in the file");
    expect(() => readFormerUnits(withRow("15274,Thị trấn Hà Long,THI_TRAN,392,30/6/2025,15274"))).toThrow('line 5: valid_to "30/6/2025"');
    expect(() => readFormerUnits(withRow("15274,Thị trấn Hà Long,THI_TRAN,392,2025-06-30,"))).toThrow("line 5: unit 15274 has no successor");
    expect(() => readFormerUnits(withRow("15274,Thị trấn Hà Long,THI_TRAN,392,2025-06-30,15274 38"))).toThrow('line 5: successor "38" of unit 15274 is not a 5-digit code');
    expect(() => readFormerUnits(withRow("15271,Xã Hà Ngọc,XA,392,2025-06-30,15271"))).toThrow("line 5: code 15271 is already on line 4");
    expect(() => readFormerUnits(withRow("40,Tỉnh Nghệ An,TINH,38,2025-06-30,40"))).toThrow('line 5: province 40 has a parent "38"');
  });

  it("lets an old and a new code be equal across levels: a province 38 and no clash with a district 380", () => {
    expect(readFormerUnits(withRow("380,Thành phố Thanh Hóa,THANH_PHO_THUOC_TINH,38,2025-06-30,14797")).map((u) => u.level)).toEqual(["TINH", "HUYEN", "XA", "HUYEN"]);
  });
});

describe("formerUnitsIn", () => {
  const unit = (code: string, level: FormerUnit["level"], successorCodes: string[]): FormerUnit => ({
    code, name: `Unit ${code}`, kind: level === "TINH" ? "TINH" : level === "HUYEN" ? "HUYEN" : "XA", level,
    parentCode: level === "TINH" ? null : "00", validTo: "2025-06-30", successorCodes,
  });

  it("keeps the units with a successor in scope, with only their successors in scope", () => {
    const all = [unit("01", "TINH", ["01"]), unit("10001", "XA", ["10001", "20001"]), unit("10002", "XA", ["20002"]), unit("10003", "XA", ["10003"])];
    const inScope = (c: string) => c.startsWith("1") || c === "01";
    expect(formerUnitsIn(all, inScope)).toEqual([unit("01", "TINH", ["01"]), unit("10001", "XA", ["10001"]), unit("10003", "XA", ["10003"])]);
    // The input is not changed.
    expect(all[1]?.successorCodes).toEqual(["10001", "20001"]);
    expect(formerUnitsIn(all, () => false)).toEqual([]);
  });

  it("keeps, for an installation serving Tỉnh Quảng Ngãi, old Quảng Ngãi and Kon Tum with all their districts and communes", () => {
    const scope = new Set(["51", ...newCommunes.filter((c) => c.parentCode === "51").map((c) => c.code)]);
    const kept = formerUnitsIn(units, (c) => scope.has(c));
    expect(kept.filter((u) => u.level === "TINH").map((u) => u.name)).toEqual(["Tỉnh Quảng Ngãi", "Tỉnh Kon Tum"]);
    const oldProvinceOf = (u: FormerUnit) => (u.level === "XA" ? districtByCode.get(u.parentCode ?? "")?.parentCode : u.parentCode);
    const expected = [...districts, ...communes].filter((u) => ["51", "62"].includes(oldProvinceOf(u) ?? ""));
    expect(kept.filter((u) => u.level !== "TINH")).toEqual(expected);
    expect(kept.find((u) => u.name === "Huyện Lý Sơn")?.successorCodes).toEqual(["21548"]);
  });
});

describe("loadFormerUnits", () => {
  it("reads the shipped file, and names the file when a row is bad", async () => {
    expect(await loadFormerUnits()).toEqual(units);
    const bad = new URL("../../flows/catalogues/national-units.csv", import.meta.url).pathname;
    await expect(loadFormerUnits(bad)).rejects.toThrow(`${bad}: former units: the header must be`);
  });
});

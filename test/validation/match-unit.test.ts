import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchUnit, type UnitEntry } from "../../src/validation/match-unit.ts";

const units: UnitEntry[] = [
  { id: "tt-ha-trung", name: "Thị trấn Hà Trung", type: "THI_TRAN", parentName: "Huyện Hà Trung" },
  { id: "h-ha-trung", name: "Hà Trung", type: "HUYEN", parentName: "Tỉnh Thanh Hóa" },
  { id: "tk2-ha-trung", name: "Tiểu khu 2", type: "THON", localTypeName: "Tiểu khu", parentName: "Thị trấn Hà Trung" },
  { id: "tk3-ha-trung", name: "Tiểu khu 3", type: "THON", localTypeName: "Tiểu khu", parentName: "Thị trấn Hà Trung" },
  { id: "tdp2-kon-tum", name: "Tổ dân phố 2", type: "TO_DAN_PHO", parentName: "Phường Quyết Thắng" },
  { id: "tk2-other", name: "Tiểu khu 2", type: "THON", localTypeName: "Tiểu khu", parentName: "Xã Hà Long" },
  { id: "ia-chim", name: "Xã IaChim", type: "XA", parentName: "Thành phố Kon Tum" },
  { id: "dak-bla", name: "Xã Đăk Blà", type: "XA", parentName: "Thành phố Kon Tum" },
  { id: "dak-cam", name: "Xã Đăk Cấm", type: "XA", parentName: "Thành phố Kon Tum" },
  { id: "quan-hoa", name: "Quan Hóa", type: "HUYEN", parentName: "Tỉnh Thanh Hóa" },
  { id: "hoa-old", name: "Xã Hòa Bình", type: "XA", parentName: "Thành phố Kon Tum", validTo: "2024-12-31" },
  { id: "hoa-new", name: "Phường Hòa Bình", type: "PHUONG", parentName: "Thành phố Kon Tum" },
  { id: "quyet-thang", name: "Phường Quyết Thắng", type: "PHUONG", parentName: "Thành phố Kon Tum" },
];

describe("matchUnit", () => {
  it.each([
    ["ia chim", "ia-chim"],
    ["IaChim", "ia-chim"],
    ["Xã Ia Chim", "ia-chim"],
    ["x.ia chim", "ia-chim"],
    ["X. IA CHIM", "ia-chim"],
    ["xã ia chim".normalize("NFD"), "ia-chim"],
    ["đăk blà", "dak-bla"],
    ["\u00D0ăkblà", "dak-bla"],
    ["dak bla", "dak-bla"],
    ["tt ha trung", "tt-ha-trung"],
    ["thị trấn Hà Trung", "tt-ha-trung"],
    ["huyện hà trung", "h-ha-trung"],
    ["tdp 02", "tdp2-kon-tum"],
    ["tdp2", "tdp2-kon-tum"],
    ["huyện Quan Hóa", "quan-hoa"],
    ["Quan Hoa", "quan-hoa"],
    ["p. quyet thang", "quyet-thang"],
    ["quyết th", "quyet-thang"],
  ])("matches %j", (input, id) => {
    expect(matchUnit(input, units)).toEqual({ kind: "match", id });
  });

  it("matches names typed without diacritics and a prefix", () => {
    expect(matchUnit("xa ha trung", units)).toEqual({ kind: "ambiguous", ids: ["tt-ha-trung", "h-ha-trung"] });
    expect(matchUnit("xa ha trung", units.filter((u) => u.id !== "h-ha-trung"))).toEqual({ kind: "match", id: "tt-ha-trung" });
  });

  it("narrows by the parent named after a comma", () => {
    expect(matchUnit("tk2", units)).toEqual({ kind: "ambiguous", ids: ["tk2-ha-trung", "tk2-other"] });
    expect(matchUnit("tiểu khu 2, hà trung", units)).toEqual({ kind: "match", id: "tk2-ha-trung" });
    expect(matchUnit("tk2, ha long", units)).toEqual({ kind: "match", id: "tk2-other" });
    expect(matchUnit("tk 2, kon tum", units)).toEqual({ kind: "none" });
  });

  it("prefers the kind of unit the answer names", () => {
    // Both "Tiểu khu 2" and "Tổ dân phố 2" reduce to "2"; the prefix decides.
    expect(matchUnit("tdp 2", units)).toEqual({ kind: "match", id: "tdp2-kon-tum" });
    expect(matchUnit("2", units)).toEqual({ kind: "ambiguous", ids: ["tk2-ha-trung", "tdp2-kon-tum", "tk2-other"] });
  });

  it("prefers units still in force over former ones", () => {
    expect(matchUnit("hoa binh", units)).toEqual({ kind: "match", id: "hoa-new" });
    expect(matchUnit("hoa binh", units.filter((u) => u.id !== "hoa-new"))).toEqual({ kind: "match", id: "hoa-old" });
  });

  it("reports several prefix matches and no match", () => {
    expect(matchUnit("dak", units)).toEqual({ kind: "ambiguous", ids: ["dak-bla", "dak-cam"] });
    expect(matchUnit("Đắk Glei", units)).toEqual({ kind: "none" });
    expect(matchUnit("xã", units)).toEqual({ kind: "none" });
    // A type word inside a catalogue name is not something to match a partial answer on.
    expect(matchUnit("phu", units)).toEqual({ kind: "none" });
    expect(matchUnit("", units)).toEqual({ kind: "none" });
  });

  it("finds every unit by its own name however it is typed", () => {
    const distinct = units.filter((u) => !["tk2-other", "hoa-old", "h-ha-trung"].includes(u.id));
    fc.assert(
      fc.property(fc.constantFrom(...distinct), fc.boolean(), fc.boolean(), fc.boolean(), (unit, nfd, upper, squeeze) => {
        let typed = unit.name;
        if (upper) typed = typed.toUpperCase();
        // Spaces inside the name may go ("IaChim", "Đăkblà"); the one after a type word stays.
        if (squeeze) typed = typed.replace(/^((?:xã|phường|thị trấn|tiểu khu|tổ dân phố) )?(.*)$/iu, (_, t = "", rest: string) => t + rest.replace(/ /g, ""));
        if (nfd) typed = typed.normalize("NFD");
        expect(matchUnit(typed, distinct)).toEqual({ kind: "match", id: unit.id });
      }),
    );
  });

  it("never throws and only returns catalogue ids", () => {
    const ids = new Set(units.map((u) => u.id));
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const r = matchUnit(s, units);
        if (r.kind === "match") return ids.has(r.id);
        if (r.kind === "ambiguous") return r.ids.length > 1 && r.ids.every((id) => ids.has(id));
        return true;
      }),
    );
  });
});

describe("matchUnit without a comma between unit and parent", () => {
  const units = [
    { id: "ht", name: "Hà Trung", type: "XA", localTypeName: "Xã", parentName: "Thanh Hóa" },
    { id: "ht/tk2", name: "Tiểu khu 2", type: "TO_DAN_PHO", localTypeName: "Tiểu khu", parentName: "Hà Trung" },
    { id: "ht/tl", name: "Tân Lập", type: "THON", localTypeName: "Thôn", parentName: "Hà Trung" },
    { id: "kt/tl", name: "Tân Lập", type: "THON", localTypeName: "Thôn", parentName: "Kon Tum" },
  ];
  it("reads the trailing words as the parent", () => {
    expect(matchUnit("tk2 ha trung", units)).toEqual({ kind: "match", id: "ht/tk2" });
    expect(matchUnit("thon tan lap kon tum", units)).toEqual({ kind: "match", id: "kt/tl" });
  });
  it("still reports a name that matches nothing", () => {
    expect(matchUnit("tk9 ha trung", units)).toEqual({ kind: "none" });
  });
});

describe("matchUnit on a long answer", () => {
  // Found by the fuzzer (test/fuzz/validator-fuzz.ts): every split of a long answer was tried
  // against the whole catalogue, 0.4 s for a 4,096-character message and 23 units.
  it("answers a 4,096-character message against 2,000 units in well under a second", () => {
    const many: UnitEntry[] = Array.from({ length: 2000 }, (_, i) => ({
      id: `thon-${i}`,
      name: `Thôn ${i}`,
      type: "THON",
      localTypeName: "Thôn",
      parentName: `Xã ${i % 50}`,
    }));
    const answer = "anh ấy cứu người ở thôn 12 ".repeat(200).slice(0, 4096);
    const started = performance.now();
    expect(matchUnit(answer, many)).toEqual({ kind: "none" });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

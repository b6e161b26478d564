import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldText } from "../../src/text/fold-text.ts";
import { MAX_OFFERED, matchUnit, type UnitEntry } from "../../src/validation/match-unit.ts";
import { nationalUnitEntries } from "../support/national-unit-entries.ts";

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

describe("matchUnit over the national list (flows/catalogues/national-units.csv)", () => {
  const national = nationalUnitEntries();
  const BA_DINH_HN = "00004";
  const HA_TRUNG = "15271";
  const PHU_QUOC = "31078";

  it.each([
    ["xa ha trungg", HA_TRUNG],
    ["Hà Trunng", HA_TRUNG],
    ["phuong ba dinhh", BA_DINH_HN],
    ["Phườgn Ba Đình", BA_DINH_HN],
    ["xãã hà trung", HA_TRUNG],
    ["phưng ba đình", BA_DINH_HN],
    ["Tam Dươngg", "08869"],
  ])("matches the misspelt %j", (input, id) => {
    expect(matchUnit(input, national)).toEqual({ kind: "match", id });
  });

  it("tries misspellings only when no name equals or starts with the answer", () => {
    // "tam dong" is Xã Tam Đồng exactly, though Xã Tam Dương is one letter away.
    expect(matchUnit("tam dong", national)).toEqual({ kind: "match", id: "17743" });
    expect(matchUnit("tam duong", national)).toEqual({ kind: "match", id: "08869" });
    expect(matchUnit("tam duo", national)).toEqual({ kind: "ambiguous", ids: ["08869", "08872"] });
  });

  it.each([
    ["phuong ba dinh ha noi", BA_DINH_HN],
    ["phuong ba dinh, tp ha noi", BA_DINH_HN],
    ["Phường Ba Đình, Thành phố Hà Nội", BA_DINH_HN],
    ["p. ba đình hn", BA_DINH_HN],
    ["ba dinh thanh hoa", "16171"],
    ["x. ba đình, t. thanh hóa", "16171"],
    ["dac khu phu quoc", PHU_QUOC],
    ["đk phú quốc", PHU_QUOC],
    ["p ben thanh tphcm", "26743"],
    ["phường Bến Thành, TP. HCM", "26743"],
    ["hcm", "79"],
    ["TP HCM", "79"],
    ["sg", "79"],
    ["hn", "01"],
  ])("reads %j with its parent or an abbreviation", (input, id) => {
    expect(matchUnit(input, national)).toEqual({ kind: "match", id });
  });

  it("offers same-named communes of several provinces, of the kind typed, best first and at most 8", () => {
    expect(matchUnit("xa tan lap", national)).toEqual({ kind: "ambiguous", ids: ["19462", "23134", "25489"] });
    expect(matchUnit("tan lap", national)).toEqual({ kind: "ambiguous", ids: ["19462", "24121", "23134", "25489"] });
    expect(matchUnit("phuong tan lap", national)).toEqual({ kind: "match", id: "24121" });
    expect(matchUnit("xa tan lap, tay ninh", national)).toEqual({ kind: "match", id: "25489" });

    const many = matchUnit("xa tan", national);
    if (many.kind !== "ambiguous") throw new Error(`expected several, got ${many.kind}`);
    expect(many.ids).toHaveLength(MAX_OFFERED);
    // The shortest names that start so come first: "Xã Tân An" before "Xã Tân Phước Khánh".
    const left = many.ids.map((id) => foldText(national.find((u) => u.id === id)!.name).length);
    expect(left).toEqual([...left].sort((a, b) => a - b));
    expect(national.filter((u) => u.type === "XA" && foldText(u.name).startsWith("xa tan")).length).toBeGreaterThan(MAX_OFFERED);
  });

  it("knows Sài Gòn as the city and as the phường of that name", () => {
    expect(matchUnit("sài gòn", national)).toEqual({ kind: "ambiguous", ids: ["79", "26740"] });
  });

  it("finds nothing in twelve words of a story", () => {
    expect(matchUnit("anh ấy cứu người ở đây hôm qua lúc trời mưa to", national)).toEqual({ kind: "none" });
  });
});

describe("matchUnit with village words and misspellings on a small catalogue", () => {
  const villages: UnitEntry[] = [
    { id: "kp4", name: "Khu phố 4", type: "TO_DAN_PHO", localTypeName: "Khu phố", parentName: "Phường Tân Lập" },
    { id: "tdp4", name: "Tổ dân phố 4", type: "TO_DAN_PHO", parentName: "Phường Tân Lập" },
    { id: "ap3", name: "Ấp 3", type: "THON", localTypeName: "Ấp", parentName: "Xã Tân Lập" },
    { id: "khom2", name: "Khóm 2", type: "TO_DAN_PHO", localTypeName: "Khóm", parentName: "Xã Tân Lập" },
    { id: "thon12", name: "Thôn 12", type: "THON", localTypeName: "Thôn", parentName: "Xã Ea Súp" },
    { id: "buon-tria", name: "Buôn Tría", type: "THON", localTypeName: "Buôn", parentName: "Xã Ea Súp" },
    { id: "plei-ku", name: "Plei Ốp", type: "THON", localTypeName: "Plei", parentName: "Phường Pleiku" },
    { id: "ia-o", name: "Ia O", type: "XA", parentName: "Gia Lai" },
    { id: "tl-dong", name: "Xã Tân Lập Đông", type: "XA", parentName: "Tỉnh Tây Ninh" },
    { id: "tl", name: "Xã Tân Lập", type: "XA", parentName: "Tỉnh Tây Ninh" },
  ];

  it.each([
    ["kp 4", "kp4"],
    ["khu pho 04", "kp4"],
    ["tdp 4", "tdp4"],
    ["ấp 3", "ap3"],
    ["ap 3 tan lap", "ap3"],
    ["khom 2", "khom2"],
    ["buon tria", "buon-tria"],
    ["plei op", "plei-ku"],
    ["thon 12, ea sup", "thon12"],
  ])("matches %j", (input, id) => {
    expect(matchUnit(input, villages)).toEqual({ kind: "match", id });
  });

  it("guesses no number and no name shorter than 4 letters", () => {
    expect(matchUnit("thon 13", villages)).toEqual({ kind: "none" });
    expect(matchUnit("ia p", villages)).toEqual({ kind: "none" });
    expect(matchUnit("ia o", villages)).toEqual({ kind: "match", id: "ia-o" });
  });

  it("ranks a shorter completion of the answer first, not the catalogue's first", () => {
    expect(matchUnit("tan la", villages)).toEqual({ kind: "ambiguous", ids: ["tl", "tl-dong"] });
  });
});

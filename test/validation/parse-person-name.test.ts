import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePersonName } from "../../src/validation/parse-person-name.ts";

describe("parsePersonName", () => {
  it.each([
    ["nguyễn văn an", "Nguyễn Văn An"],
    ["NGUYỄN  VĂN   AN ", "Nguyễn Văn An"],
    ["\u00D0ỗ Thị Hồng".normalize("NFD"), "Đỗ Thị Hồng"],
    ["đinh thị thu hà", "Đinh Thị Thu Hà"],
    ["h'hen niê", "H'Hen Niê"],
    ["H’Hen Niê", "H'Hen Niê"],
    ["y-moan ênuôl", "Y-Moan Ênuôl"],
    ["ksor h'bia", "Ksor H'Bia"],
    ["Từ Hữu Hà", "Từ Hữu Hà"],
  ])("tidies %j", (input, expected) => {
    expect(parsePersonName(input)).toEqual({ ok: true, value: expected });
  });

  it("accepts a single-word name with a warning", () => {
    expect(parsePersonName("a ma")).toEqual({ ok: true, value: "A Ma" });
    expect(parsePersonName("hùng")).toEqual({ ok: true, value: "Hùng", warnings: [{ code: "name.single_word" }] });
  });

  it.each(["Nguyễn Văn 2", "A", "", "   ", "Nguyễn_Văn", "Lê - Lợi", "H'", "'Hen", "Trần Văn An!", "x".repeat(101), "anh 😀"])(
    "refuses %j",
    (input) => {
      expect(parsePersonName(input)).toEqual({ ok: false, error: { code: "name.invalid" } });
    },
  );

  it("is idempotent on accepted names and never throws", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" })), (s) => {
        const r = parsePersonName(s);
        if (!r.ok) return r.error.code === "name.invalid";
        const again = parsePersonName(r.value);
        return again.ok && again.value === r.value && [...r.value].length >= 2 && [...r.value].length <= 100;
      }),
    );
  });

  const vietnameseWord = fc
    .tuple(
      fc.constantFrom("Nguyễn", "Trần", "Lê", "Phạm", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Văn", "Thị", "Hữu", "Thu", "Hà", "An", "Niê", "Ksor"),
      fc.constantFrom("lower", "upper", "as-is"),
    )
    .map(([w, style]) => (style === "lower" ? w.toLowerCase() : style === "upper" ? w.toUpperCase() : w));

  it("gives the same name whatever the case, Unicode form or spacing", () => {
    fc.assert(
      fc.property(fc.array(vietnameseWord, { minLength: 2, maxLength: 5 }), fc.constantFrom(" ", "  ", "\t"), fc.boolean(), (words, sep, nfd) => {
        const typed = words.join(sep);
        const r = parsePersonName(nfd ? typed.normalize("NFD") : typed);
        const canonical = parsePersonName(words.map((w) => w.toLowerCase()).join(" "));
        expect(r.ok).toBe(true);
        expect(r).toEqual(canonical);
      }),
    );
  });
});

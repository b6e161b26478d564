import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldText, normalizeInput } from "../../src/text/fold-text.ts";

describe("normalizeInput", () => {
  it("recomposes NFD input to NFC", () => {
    const nfd = "Nguyễn Thị Hồng".normalize("NFD");
    expect(nfd).not.toBe("Nguyễn Thị Hồng".normalize("NFC"));
    expect(normalizeInput(nfd)).toBe("Nguyễn Thị Hồng".normalize("NFC"));
  });

  it("maps the Icelandic Eth to the Vietnamese D with stroke", () => {
    expect(normalizeInput("\u00D0oàn Văn \u00F0ức")).toBe("\u0110oàn Văn \u0111ức");
  });

  it("collapses whitespace runs, including tabs, newlines and no-break spaces, and trims", () => {
    expect(normalizeInput("  Lao\u00A0\u00A0động \t trực\ntiếp  ")).toBe("Lao động trực tiếp");
  });

  it("keeps case, diacritics and punctuation", () => {
    expect(normalizeInput("Tiểu khu 2, Hà Trung.")).toBe("Tiểu khu 2, Hà Trung.");
  });

  it("is idempotent", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => normalizeInput(normalizeInput(s)) === normalizeInput(s)));
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => normalizeInput(normalizeInput(s)) === normalizeInput(s)));
  });

  it("never leaves double or surrounding spaces", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const out = normalizeInput(s);
        return !/\s\s/u.test(out) && out === out.trim();
      }),
    );
  });
});

describe("foldText", () => {
  it("makes typed-without-diacritics and full Vietnamese equal", () => {
    expect(foldText("Lao động trực tiếp")).toBe("lao dong truc tiep");
    expect(foldText("lao dong truc tiep")).toBe("lao dong truc tiep");
  });

  it("gives the same key for NFD and NFC input", () => {
    const s = "Người lao động trực tiếp ở Đắk Glei";
    expect(foldText(s.normalize("NFD"))).toBe(foldText(s.normalize("NFC")));
    expect(foldText(s.normalize("NFD"))).toBe("nguoi lao dong truc tiep o dak glei");
  });

  it("treats Ð (U+00D0) and ð as đ", () => {
    expect(foldText("\u00D0ội \u00F0oàn")).toBe("doi doan");
  });

  it("ignores tone-mark placement style", () => {
    expect(foldText("Thành uỷ, văn hoá")).toBe(foldText("Thành ủy, văn hóa"));
  });

  it("turns punctuation into spaces and collapses them", () => {
    expect(foldText("X.Hà Trung -- (Thanh Hóa)!")).toBe("x ha trung thanh hoa");
    expect(foldText("...")).toBe("");
  });

  it("is idempotent", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => foldText(foldText(s)) === foldText(s)));
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => foldText(foldText(s)) === foldText(s)));
  });

  it("never outputs combining marks, upper-case Vietnamese, đ or punctuation", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const out = foldText(s);
        return !/[\u0300-\u036fđĐ]/u.test(out) && /^[\p{L}\p{N} ]*$/u.test(out) && out === out.trim();
      }),
    );
  });

  it("is insensitive to NFC/NFD form for any input", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => foldText(s.normalize("NFD")) === foldText(s.normalize("NFC"))));
  });
});

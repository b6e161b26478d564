import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CCCD_PROVINCE_CODES, maskCccd, parseCccd } from "../../src/validation/parse-cccd.ts";

describe("parseCccd", () => {
  it("accepts 12 digits with spaces or dots and returns the bare digits", () => {
    expect(parseCccd("062 123 456 745")).toEqual({ ok: true, value: "062123456745" });
    expect(parseCccd("038.095.001.234")).toEqual({ ok: true, value: "038095001234" });
  });

  it("knows the 63 pre-2025 province codes", () => {
    expect(CCCD_PROVINCE_CODES.size).toBe(63);
    expect(CCCD_PROVINCE_CODES.get("062")).toBe("Kon Tum");
    expect(CCCD_PROVINCE_CODES.get("012")).toBe("Lai Châu");
    expect(CCCD_PROVINCE_CODES.get("038")).toBe("Thanh Hóa");
    expect(CCCD_PROVINCE_CODES.get("051")).toBe("Quảng Ngãi");
    expect(CCCD_PROVINCE_CODES.get("096")).toBe("Cà Mau");
    expect(CCCD_PROVINCE_CODES.has("003")).toBe(false);
  });

  it("reports a wrong length, including the legacy 9-digit CMND", () => {
    expect(parseCccd("06212345674")).toEqual({ ok: false, error: { code: "cccd.length" } });
    expect(parseCccd("0621234567451")).toEqual({ ok: false, error: { code: "cccd.length" } });
    expect(parseCccd("233123456")).toEqual({ ok: false, error: { code: "cccd.length" } });
    expect(parseCccd("06212345674x")).toEqual({ ok: false, error: { code: "cccd.length" } });
  });

  it("reports an unknown province code", () => {
    expect(parseCccd("003123456745")).toEqual({ ok: false, error: { code: "cccd.province" } });
    expect(parseCccd("097123456745")).toEqual({ ok: false, error: { code: "cccd.province" } });
  });

  it("cross-checks birth year and gender as a warning only", () => {
    // 062 Kon Tum, 1 = female born in the 1900s, 85 = 1985.
    const cccd = "062185001234";
    expect(parseCccd(cccd, { birthDate: { year: 1985, month: 5, day: 2 }, gender: "NU" })).toEqual({ ok: true, value: cccd });
    expect(parseCccd(cccd, { birthDate: { year: 1985 } })).toEqual({ ok: true, value: cccd });
    expect(parseCccd(cccd, { gender: "NAM" })).toEqual({ ok: true, value: cccd, warnings: [{ code: "cccd.mismatch" }] });
    expect(parseCccd(cccd, { birthDate: { year: 2085 } })).toEqual({ ok: true, value: cccd, warnings: [{ code: "cccd.mismatch" }] });
    // 2 = male born in the 2000s.
    expect(parseCccd("038205001234", { birthDate: { year: 2005 }, gender: "NAM" })).toEqual({ ok: true, value: "038205001234" });
    expect(parseCccd("038205001234", { birthDate: { year: 1905 } })).toEqual({
      ok: true,
      value: "038205001234",
      warnings: [{ code: "cccd.mismatch" }],
    });
    // 8 = male born in the 1800s.
    expect(parseCccd("001899001234", { birthDate: { year: 1899 }, gender: "NAM" })).toEqual({ ok: true, value: "001899001234" });
  });

  it("masks all but the province code and the last two digits", () => {
    expect(maskCccd("062123456745")).toBe("062*******45");
  });

  const cccd = fc
    .tuple(fc.constantFrom(...CCCD_PROVINCE_CODES.keys()), fc.stringMatching(/^\d{9}$/))
    .map(([province, rest]) => province + rest);

  it("accepts every number with a known province and re-parses its value to itself", () => {
    fc.assert(
      fc.property(cccd, fc.constantFrom("", " ", "."), (n, sep) => {
        const r = parseCccd([n.slice(0, 3), n.slice(3, 6), n.slice(6, 9), n.slice(9)].join(sep));
        expect(r).toEqual({ ok: true, value: n });
        expect(parseCccd(n)).toEqual(r);
        expect(maskCccd(n)).toBe(`${n.slice(0, 3)}*******${n.slice(10)}`);
      }),
    );
  });

  it("never warns when given the birth year and gender the number encodes", () => {
    fc.assert(
      fc.property(cccd, (n) => {
        const digit = Number(n[3]);
        const century = [1900, 1900, 2000, 2000, 2100, 2100, 2200, 2200, 1800, 1800][digit] ?? 0;
        const r = parseCccd(n, { birthDate: { year: century + Number(n.slice(4, 6)) }, gender: digit % 2 === 0 ? "NAM" : "NU" });
        expect(r).toEqual({ ok: true, value: n });
      }),
    );
  });

  it("never throws and only returns 12 digits", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme" }), fc.stringMatching(/^[\d .]{9,16}$/)), (s) => {
        const r = parseCccd(s, { birthDate: { year: 1990 }, gender: "NU" });
        return r.ok ? /^\d{12}$/.test(r.value) : ["cccd.length", "cccd.province"].includes(r.error.code);
      }),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_MOBILE_PREFIXES, maskPhone, parseVietnamesePhone } from "../../src/validation/parse-phone.ts";

describe("parseVietnamesePhone", () => {
  it.each([
    "0912345678",
    "0912 345 678",
    "0912.345.678",
    "0912-345-678",
    "(091) 234 5678",
    "+84912345678",
    "+84 912.345.678",
    "84912345678",
    "0084 912 345 678",
    "+84 (0) 912 345 678",
  ])("normalises %j to E.164", (input) => {
    expect(parseVietnamesePhone(input)).toEqual({ ok: true, value: "+84912345678" });
  });

  it("accepts every default prefix", () => {
    for (const prefix of DEFAULT_MOBILE_PREFIXES) {
      expect(parseVietnamesePhone(`0${prefix}1234567`)).toEqual({ ok: true, value: `+84${prefix}1234567` });
    }
    expect(DEFAULT_MOBILE_PREFIXES).toContain("86");
    expect(DEFAULT_MOBILE_PREFIXES).not.toContain("95");
  });

  it.each([
    "02603 123 456", // Kon Tum landline
    "0951234567", // 095 is not a mobile prefix
    "0312345678", // 031 is not a mobile prefix
    "091234567", // 9 digits
    "09123456789", // 11 digits
    "912345678", // no trunk 0
    "+85512345678",
    "0912a45678",
    "",
  ])("refuses %j", (input) => {
    expect(parseVietnamesePhone(input)).toEqual({ ok: false, error: { code: "phone.invalid" } });
  });

  it("uses the prefix list it is given", () => {
    expect(parseVietnamesePhone("0951234567", [...DEFAULT_MOBILE_PREFIXES, "95"])).toEqual({ ok: true, value: "+84951234567" });
    expect(parseVietnamesePhone("0912345678", ["32"]).ok).toBe(false);
  });

  it("masks all but the first 5 and last 3 characters", () => {
    expect(maskPhone("+84912345678")).toBe("+8491****678");
    expect(maskPhone("12345678")).toBe("********");
  });

  const national = fc
    .tuple(fc.constantFrom(...DEFAULT_MOBILE_PREFIXES), fc.stringMatching(/^\d{7}$/))
    .map(([p, rest]) => `${p}${rest}`);
  const separator = fc.constantFrom("", " ", ".", "-", " - ");

  it("gives the same E.164 for every accepted way of writing a number, and re-parses to itself", () => {
    fc.assert(
      fc.property(national, fc.constantFrom("0", "+84", "84", "0084", "+84 "), separator, (n, trunk, sep) => {
        const written = trunk + [n.slice(0, 3), n.slice(3, 6), n.slice(6)].join(sep);
        const r = parseVietnamesePhone(written);
        expect(r).toEqual({ ok: true, value: `+84${n}` });
        if (r.ok) expect(parseVietnamesePhone(r.value)).toEqual(r);
      }),
    );
  });

  it("never throws, and every accepted value is E.164 that re-parses to itself", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme" }), fc.stringMatching(/^(\+84|0|84)?[\d .-]{8,13}$/)), (s) => {
        const r = parseVietnamesePhone(s);
        if (!r.ok) return r.error.code === "phone.invalid";
        return /^\+84\d{9}$/.test(r.value) && parseVietnamesePhone(r.value).ok && maskPhone(r.value).length === r.value.length;
      }),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseInteger } from "../../src/validation/parse-number.ts";

describe("parseInteger", () => {
  it.each([
    ["12", 12],
    [" 12 người", 12],
    ["1.407", 1407],
    ["1,407", 1407],
    ["1.407 hộ", 1407],
    ["2.041.000", 2041000],
    ["0", 0],
    ["-3", -3],
    ["12.", 12],
  ])("reads %j", (input, expected) => {
    expect(parseInteger(input)).toEqual({ ok: true, value: expected });
  });

  it.each(["3.4593", "3,181.320", "1.40", "12,5", "19,6%", "abc", "", "mười hai", "12 người 3"])("refuses %j", (input) => {
    expect(parseInteger(input)).toEqual({ ok: false, error: { code: "number.invalid" } });
  });

  // Found by the fuzzer (test/fuzz/validator-fuzz.ts): "0,500" was read as 500, a thousandfold guess.
  it.each(["0,500", "0.407", "-0.500", "0.000", "01.407", "00,100 người"])("refuses the decimal-looking %j", (input) => {
    expect(parseInteger(input)).toEqual({ ok: false, error: { code: "number.invalid" } });
  });

  it("checks the bounds, naming them in the error", () => {
    expect(parseInteger("111", { min: 6, max: 110 })).toEqual({ ok: false, error: { code: "number.range", params: { min: 6, max: 110 } } });
    expect(parseInteger("5", { min: 6, max: 110 })).toEqual({ ok: false, error: { code: "number.range", params: { min: 6, max: 110 } } });
    expect(parseInteger("0", { min: 1 })).toEqual({ ok: false, error: { code: "number.min", params: { min: 1 } } });
    expect(parseInteger("1.000", { max: 999 })).toEqual({ ok: false, error: { code: "number.max", params: { max: 999 } } });
    expect(parseInteger("110", { min: 6, max: 110 })).toEqual({ ok: true, value: 110 });
  });

  it("reads back any integer written plainly or with thousands grouping", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom(".", ","), fc.boolean(), (n, sep, group) => {
        const plain = String(Math.abs(n));
        const digits = group ? plain.replace(/\B(?=(\d{3})+$)/g, sep) : plain;
        const written = (n < 0 ? "-" : "") + digits;
        expect(parseInteger(written)).toEqual({ ok: true, value: n === 0 ? 0 : n });
        expect(parseInteger(`${written} người`)).toEqual({ ok: true, value: n === 0 ? 0 : n });
      }),
    );
  });

  it("never throws and respects the bounds it is given", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: "grapheme" }), fc.stringMatching(/^-?[\d.,]{1,12}( \p{L}+)?$/u)),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 0, max: 2000 }),
        (s, min, span) => {
          const r = parseInteger(s, { min, max: min + span });
          if (!r.ok) return ["number.invalid", "number.range"].includes(r.error.code);
          return Number.isSafeInteger(r.value) && r.value >= min && r.value <= min + span && parseInteger(String(r.value)).ok;
        },
      ),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseYesNo } from "../../src/validation/parse-yes-no.ts";

describe("parseYesNo", () => {
  it.each(["có", "Có!", "co", "C", "yes", "Y", "ok", "OK.", "đồng ý", "Ðồng ý", "dong y", "ừ", "u", "có ạ", "vâng", "có".normalize("NFD")])(
    "reads %j as yes",
    (input) => {
      expect(parseYesNo(input)).toEqual({ ok: true, value: true });
    },
  );

  it.each(["không", "Không.", "khong", "ko", "K", "no", "N", "không ạ", "không đồng ý", "KHÔNG".normalize("NFD")])("reads %j as no", (input) => {
    expect(parseYesNo(input)).toEqual({ ok: true, value: false });
  });

  it.each(["có lẽ", "maybe", "", "1", "không biết"])("does not guess for %j", (input) => {
    expect(parseYesNo(input)).toEqual({ ok: false, error: { code: "yesno.invalid" } });
  });

  it("never throws and ignores case", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const r = parseYesNo(s);
        const upper = parseYesNo(s.toUpperCase());
        return (r.ok || r.error.code === "yesno.invalid") && (!r.ok || !upper.ok || upper.value === r.value);
      }),
    );
  });
});

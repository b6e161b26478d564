import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysInMonth, formatLocalDate, type LocalDate } from "../../src/time/local-date.ts";
import { parseDate } from "../../src/validation/parse-date.ts";

const today: LocalDate = { year: 2025, month: 6, day: 15 };
const d = (day: number, month: number, year: number): LocalDate => ({ year, month, day });

const validDate = fc
  .record({ year: fc.integer({ min: 1000, max: 9999 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map((x): LocalDate => ({ ...x, day: Math.min(x.day, daysInMonth(x.year, x.month)) }));

describe("parseDate", () => {
  it.each([
    ["05/03/2024", d(5, 3, 2024)],
    ["5/3/2024", d(5, 3, 2024)],
    ["05-03-2024", d(5, 3, 2024)],
    ["05.03.2024", d(5, 3, 2024)],
    [" 5 / 3 / 2024 ", d(5, 3, 2024)],
    ["23/7/2014", d(23, 7, 2014)],
    ["30-10-2010", d(30, 10, 2010)],
    ["ngày 5 tháng 3 năm 2024", d(5, 3, 2024)],
    ["Ngày 07 tháng 4 năm 2014", d(7, 4, 2014)],
    ["ngay 5 thang 3 nam 2024", d(5, 3, 2024)],
    ["ngày 5 tháng 3 năm 2024".normalize("NFD"), d(5, 3, 2024)],
    ["ngày 05/03/2024", d(5, 3, 2024)],
    ["29/02/2024", d(29, 2, 2024)],
    ["05/03/2024.", d(5, 3, 2024)],
  ])("reads %j", (input, expected) => {
    expect(parseDate(input, { today })).toEqual({ ok: true, value: expected });
  });

  it("reads a two-digit year as 20yy unless that is after today", () => {
    expect(parseDate("5/3/24", { today })).toEqual({ ok: true, value: d(5, 3, 2024) });
    expect(parseDate("15/6/25", { today })).toEqual({ ok: true, value: d(15, 6, 2025) });
    expect(parseDate("16/6/25", { today })).toEqual({ ok: true, value: d(16, 6, 1925) });
    expect(parseDate("1/1/60", { today })).toEqual({ ok: true, value: d(1, 1, 1960) });
  });

  it("understands hôm nay and hôm qua, with or without diacritics", () => {
    expect(parseDate("hôm nay", { today })).toEqual({ ok: true, value: today });
    expect(parseDate("Hom nay", { today })).toEqual({ ok: true, value: today });
    expect(parseDate("hôm qua", { today })).toEqual({ ok: true, value: d(14, 6, 2025) });
    expect(parseDate("hom qua", { today: d(1, 3, 2024) })).toEqual({ ok: true, value: d(29, 2, 2024) });
  });

  it.each(["29/02/2023", "31/04/2024", "00/01/2024", "32/01/2024", "05/13/2024", "05/03-2024", "5/3", "abc", "", "5/3/0024", "3.4593"])(
    "refuses %j as date.invalid",
    (input) => {
      expect(parseDate(input, { today })).toEqual({ ok: false, error: { code: "date.invalid" } });
    },
  );

  it("refuses dates after notAfter and before notBefore", () => {
    expect(parseDate("16/06/2025", { today, notAfter: today })).toEqual({
      ok: false,
      error: { code: "date.future", params: { max: "15/06/2025" } },
    });
    expect(parseDate("hôm nay", { today, notAfter: today }).ok).toBe(true);
    expect(parseDate("31/12/1914", { today, notBefore: d(1, 1, 1915) })).toEqual({
      ok: false,
      error: { code: "date.too_early", params: { min: "01/01/1915" } },
    });
    expect(parseDate("01/01/1915", { today, notBefore: d(1, 1, 1915) }).ok).toBe(true);
  });

  it("reads back every formatted valid date", () => {
    fc.assert(
      fc.property(validDate, (date) => {
        expect(parseDate(formatLocalDate(date), { today })).toEqual({ ok: true, value: date });
      }),
    );
  });

  it("reads every date written in any accepted style the same way", () => {
    fc.assert(
      fc.property(validDate, fc.constantFrom("/", "-", ".", " / "), fc.boolean(), (date, sep, pad) => {
        const p = (n: number) => (pad ? String(n).padStart(2, "0") : String(n));
        const numeric = [p(date.day), p(date.month), String(date.year)].join(sep);
        const long = `ngày ${p(date.day)} tháng ${p(date.month)} năm ${date.year}`;
        expect(parseDate(numeric, { today })).toEqual({ ok: true, value: date });
        expect(parseDate(long.normalize("NFD"), { today })).toEqual({ ok: true, value: date });
      }),
    );
  });

  it("never throws and only returns real dates within the bounds", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme" }), fc.stringMatching(/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/)), (s) => {
        const r = parseDate(s, { today, notAfter: today, notBefore: d(1, 1, 1900) });
        if (!r.ok) return ["date.invalid", "date.future", "date.too_early"].includes(r.error.code);
        const { year, month, day } = r.value;
        return year >= 1900 && (year < 2025 || (year === 2025 && (month < 6 || (month === 6 && day <= 15)))) && day <= daysInMonth(year, month);
      }),
    );
  });
});

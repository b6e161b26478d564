import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, compareLocalDate, daysInMonth, formatLocalDate, isValidLocalDate, localDateFromIso, toIsoDate, yearsBefore, type LocalDate } from "../../src/time/local-date.ts";
import { localDateInVietnam } from "../../src/time/vietnam-time.ts";

/** Any real calendar date in years 1000–9999. */
const validDate = fc
  .record({ year: fc.integer({ min: 1000, max: 9999 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map((d): LocalDate => ({ ...d, day: Math.min(d.day, daysInMonth(d.year, d.month)) }));

describe("LocalDate helpers", () => {
  it("formats for display as dd/mm/yyyy and for storage as ISO", () => {
    expect(formatLocalDate({ year: 2024, month: 3, day: 5 })).toBe("05/03/2024");
    expect(toIsoDate({ year: 2024, month: 3, day: 5 })).toBe("2024-03-05");
  });

  it("reads ISO dates and refuses impossible ones loudly", () => {
    expect(localDateFromIso("2026-11-25")).toEqual({ year: 2026, month: 11, day: 25 });
    expect(() => localDateFromIso("2023-02-29")).toThrow(RangeError);
    expect(() => localDateFromIso("25/11/2026")).toThrow(RangeError);
  });

  it("checks the calendar strictly", () => {
    expect(isValidLocalDate({ year: 2024, month: 2, day: 29 })).toBe(true);
    expect(isValidLocalDate({ year: 2023, month: 2, day: 29 })).toBe(false);
    expect(isValidLocalDate({ year: 1900, month: 2, day: 29 })).toBe(false);
    expect(isValidLocalDate({ year: 2000, month: 2, day: 29 })).toBe(true);
    expect(isValidLocalDate({ year: 2024, month: 4, day: 31 })).toBe(false);
    expect(isValidLocalDate({ year: 2024, month: 13, day: 1 })).toBe(false);
  });

  it("computes the date in Vietnam (UTC+7) from an instant", () => {
    expect(localDateInVietnam(new Date("2024-03-04T16:59:59Z"))).toEqual({ year: 2024, month: 3, day: 4 });
    expect(localDateInVietnam(new Date("2024-03-04T17:00:00Z"))).toEqual({ year: 2024, month: 3, day: 5 });
    expect(localDateInVietnam(new Date("2023-12-31T17:30:00Z"))).toEqual({ year: 2024, month: 1, day: 1 });
    expect(() => localDateInVietnam(new Date("nonsense"))).toThrow(RangeError);
  });

  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDays({ year: 2024, month: 3, day: 1 }, -1)).toEqual({ year: 2024, month: 2, day: 29 });
    expect(addDays({ year: 2023, month: 3, day: 1 }, -1)).toEqual({ year: 2023, month: 2, day: 28 });
    expect(addDays({ year: 2024, month: 12, day: 31 }, 1)).toEqual({ year: 2025, month: 1, day: 1 });
  });

  it("agrees with the platform calendar for addDays and the Vietnam date", () => {
    fc.assert(
      fc.property(fc.integer({ min: -8e15, max: 8e15 }), (ms) => {
        const expected = new Date(ms + 7 * 3600_000);
        const d = localDateInVietnam(new Date(ms));
        return (
          d.year === expected.getUTCFullYear() && d.month === expected.getUTCMonth() + 1 && d.day === expected.getUTCDate()
        );
      }),
    );
    fc.assert(
      fc.property(validDate, fc.integer({ min: -100_000, max: 100_000 }), (d, n) => {
        const back = addDays(addDays(d, n), -n);
        const next = addDays(d, n);
        return compareLocalDate(back, d) === 0 && isValidLocalDate(next) && Math.sign(compareLocalDate(next, d)) === Math.sign(n);
      }),
    );
  });

  it("round-trips ISO text and orders like ISO strings", () => {
    fc.assert(
      fc.property(validDate, validDate, (a, b) => {
        expect(localDateFromIso(toIsoDate(a))).toEqual(a);
        const byText = toIsoDate(a) < toIsoDate(b) ? -1 : toIsoDate(a) > toIsoDate(b) ? 1 : 0;
        return Math.sign(compareLocalDate(a, b)) === byText;
      }),
    );
  });
});

describe("yearsBefore", () => {
  it("keeps the day, except 29/02 in a year without it", () => {
    expect(yearsBefore({ year: 2026, month: 11, day: 25 }, 2)).toEqual({ year: 2024, month: 11, day: 25 });
    expect(yearsBefore({ year: 2024, month: 2, day: 29 }, 1)).toEqual({ year: 2023, month: 2, day: 28 });
    expect(yearsBefore({ year: 2024, month: 2, day: 29 }, 4)).toEqual({ year: 2020, month: 2, day: 29 });
  });
});

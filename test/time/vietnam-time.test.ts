import { describe, expect, it } from "vitest";
import { isoWeek, isoWeekday } from "../../src/time/local-date.ts";
import { formatDateTimeInVietnam, localDateInVietnam, startOfDayInVietnam, timeInVietnam, vietnamWallClock } from "../../src/time/vietnam-time.ts";

describe("the wall clock in Vietnam", () => {
  it("is seven hours ahead of UTC, so 18:00 UTC is already the next day", () => {
    expect(vietnamWallClock(new Date("2025-06-30T18:00:00Z"))).toEqual({ date: { year: 2025, month: 7, day: 1 }, minutes: 60 });
    expect(localDateInVietnam(new Date("2025-06-30T16:59:59Z"))).toEqual({ year: 2025, month: 6, day: 30 });
    expect(timeInVietnam(new Date("2026-11-25T00:30:00Z"))).toBe("07:30");
    expect(timeInVietnam(new Date("1969-12-31T16:59:00Z"))).toBe("23:59");
    expect(formatDateTimeInVietnam(new Date("2023-12-31T17:05:00Z"))).toBe("01/01/2024 00:05");
  });

  it("starts a Vietnamese day at 17:00 UTC the day before, and that instant is that day there", () => {
    expect(startOfDayInVietnam({ year: 2026, month: 1, day: 1 }).toISOString()).toBe("2025-12-31T17:00:00.000Z");
    expect(startOfDayInVietnam({ year: 24, month: 3, day: 1 }).getUTCFullYear()).toBe(24);
    for (const date of [{ year: 2024, month: 2, day: 29 }, { year: 2026, month: 12, day: 31 }]) {
      const start = startOfDayInVietnam(date);
      expect(localDateInVietnam(start)).toEqual(date);
      expect(localDateInVietnam(new Date(start.getTime() - 1))).not.toEqual(date);
    }
  });

  it("refuses an invalid Date", () => {
    expect(() => vietnamWallClock(new Date("nonsense"))).toThrow(RangeError);
  });
});

describe("ISO weeks", () => {
  it("start on Monday and belong to the year of their Thursday", () => {
    expect(isoWeekday({ year: 2026, month: 11, day: 23 })).toBe(1);
    expect(isoWeekday({ year: 2026, month: 11, day: 29 })).toBe(7);
    expect(isoWeek({ year: 2026, month: 11, day: 25 })).toBe("2026-W48");
    expect(isoWeek({ year: 2027, month: 1, day: 1 })).toBe("2026-W53");
    expect(isoWeek({ year: 2024, month: 12, day: 30 })).toBe("2025-W01");
  });
});

import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CalendarNotCoveredError, HolidayCalendar, loadHolidays } from "../../src/digests/working-days.ts";
import { checkCalendarCoverage } from "../../src/build-assistant.ts";
import { addDays, localDateFromIso, toIsoDate } from "../../src/time/local-date.ts";

const d = localDateFromIso;
const iso = toIsoDate;

describe("the holiday file", async () => {
  const calendar = await loadHolidays();

  it("loads and covers 2026 and 2027", () => {
    expect(calendar.holidayName(d("2026-01-01"))).toBe("Tết Dương lịch");
    expect(calendar.holidayName(d("2026-02-17"))).toMatch(/Tết Nguyên đán/);
    expect(calendar.holidayName(d("2026-04-27"))).toMatch(/Giỗ Tổ Hùng Vương/);
    expect(calendar.holidayName(d("2026-09-02"))).toMatch(/Quốc khánh/);
    expect(calendar.holidayName(d("2027-01-01"))).toBe("Tết Dương lịch");
    expect(calendar.holidayName(d("2027-04-30"))).toMatch(/30\/4/);
    expect(calendar.holidayName(d("2027-09-02"))).toMatch(/Quốc khánh/);
  });

  it("lists every weekday of the 2026 Tết break (Sat 14/02 – Sun 22/02) as a day off", () => {
    const days = ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"];
    for (const day of days) expect(calendar.isWorkingDay(d(day)), day).toBe(false);
    expect(calendar.isWorkingDay(d("2026-02-13"))).toBe(true);
    expect(calendar.isWorkingDay(d("2026-02-23"))).toBe(true);
  });

  it("treats the make-up Saturday 10/01/2026 as a working day and the swapped Friday 02/01 as a day off", () => {
    expect(calendar.isWorkingDay(d("2026-01-10"))).toBe(true);
    expect(calendar.isWorkingDay(d("2026-01-02"))).toBe(false);
    expect(calendar.isWorkingDay(d("2026-01-17"))).toBe(false); // an ordinary Saturday
  });

  it("counts 10 working days from Thu 12/02/2026 across Tết to Thu 05/03/2026", () => {
    // After Thu 12/02: Fri 13/02 (1); Sat 14 – Sun 22/02 is the Tết break; Mon 23 (2), Tue 24 (3),
    // Wed 25 (4), Thu 26 (5), Fri 27/02 (6); Mon 02/03 (7), Tue 03 (8), Wed 04 (9), Thu 05/03 (10).
    expect(iso(calendar.addWorkingDays(d("2026-02-12"), 10))).toBe("2026-03-05");
    expect(calendar.workingDaysBetween(d("2026-02-12"), d("2026-03-05"))).toBe(10);
  });

  it("skips 30/4 and 1/5 with the weekend after them", () => {
    // Wed 29/04/2026 + 1: Thu 30/04 and Fri 01/05 are holidays, 02–03/05 a weekend → Mon 04/05.
    expect(iso(calendar.addWorkingDays(d("2026-04-29"), 1))).toBe("2026-05-04");
    // Fri 24/04 + 1: Mon 27/04 is Giỗ Tổ in lieu → Tue 28/04; + 2 → Wed 29/04; + 3 → Mon 04/05.
    expect(iso(calendar.addWorkingDays(d("2026-04-24"), 1))).toBe("2026-04-28");
    expect(iso(calendar.addWorkingDays(d("2026-04-24"), 3))).toBe("2026-05-04");
    expect(calendar.workingDaysBetween(d("2026-04-24"), d("2026-05-04"))).toBe(3);
  });
});

describe("HolidayCalendar", () => {
  const plain = new HolidayCalendar([], { through: 2030 });

  it("skips a weekend", () => {
    // Fri 06/03/2026 + 1 → Mon 09/03; Sat and Sun are not working days.
    expect(iso(plain.addWorkingDays(d("2026-03-06"), 1))).toBe("2026-03-09");
    expect(plain.isWorkingDay(d("2026-03-07"))).toBe(false);
    expect(plain.isWorkingDay(d("2026-03-08"))).toBe(false);
    expect(iso(plain.addWorkingDays(d("2026-03-07"), 1))).toBe("2026-03-09");
    expect(iso(plain.addWorkingDays(d("2026-03-09"), -1))).toBe("2026-03-06");
    expect(iso(plain.addWorkingDays(d("2026-03-07"), 0))).toBe("2026-03-07");
  });

  it("counts working days after `from` up to and including `to`, negative backwards", () => {
    expect(plain.workingDaysBetween(d("2026-03-06"), d("2026-03-09"))).toBe(1);
    expect(plain.workingDaysBetween(d("2026-03-09"), d("2026-03-06"))).toBe(-1);
    expect(plain.workingDaysBetween(d("2026-03-05"), d("2026-03-11"))).toBe(4);
    expect(plain.workingDaysBetween(d("2026-03-11"), d("2026-03-05"))).toBe(-4);
    expect(plain.workingDaysBetween(d("2026-03-11"), d("2026-03-11"))).toBe(0);
    expect(plain.workingDaysBetween(d("2026-03-06"), d("2026-03-08"))).toBe(0);
    // Across a year end: Wed 31/12/2025 → Mon 05/01/2026 with no holidays is Thu, Fri, Mon = 3.
    expect(plain.workingDaysBetween(d("2025-12-31"), d("2026-01-05"))).toBe(3);
  });

  it("agrees with itself: counting the days it added gives back n (backwards: from a working day)", async () => {
    const calendar = await loadHolidays();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 720 }), fc.integer({ min: -40, max: 40 }), (offset, n) => {
        const from = addDays(d("2025-11-01"), offset);
        fc.pre(n >= 0 || calendar.isWorkingDay(from));
        const to = calendar.addWorkingDays(from, n);
        if (n !== 0) expect(calendar.isWorkingDay(to)).toBe(true);
        expect(calendar.workingDaysBetween(from, to)).toBe(n);
      }),
    );
  });

  it("rejects an impossible date in its data", () => {
    expect(() => new HolidayCalendar([{ date: "2026-02-30", name: "x" }])).toThrow(RangeError);
  });
});

describe("loadHolidays", () => {
  const write = async (yaml: string) => {
    const dir = await mkdtemp(join(tmpdir(), "holidays-"));
    await writeFile(join(dir, "holidays.yaml"), yaml);
    return dir;
  };

  it("names the file and the entry for a date listed twice", async () => {
    const dir = await write('- { date: "2026-04-30", name: "30/4" }\n- { date: "2026-04-30", name: "lặp" }\n');
    await expect(loadHolidays(dir)).rejects.toThrow(/holidays\.yaml: entry\[1\] \(lặp\): date 2026-04-30 is listed twice/);
  });

  it("refuses a make-up working day that is not on a weekend", async () => {
    const dir = await write('- { date: "2026-01-09", name: "làm bù", kind: WORKDAY }\n');
    await expect(loadHolidays(dir)).rejects.toThrow(/not a Saturday or Sunday/);
  });

  it("refuses an impossible date", async () => {
    const dir = await write('- { date: "2026-02-29", name: "không có" }\n');
    await expect(loadHolidays(dir)).rejects.toThrow(/not a calendar date: 2026-02-29/);
  });
});

describe("the years the calendar covers", () => {
  it("knows Quốc khánh 2026 with its swap (Thông báo 9441/TB-BNV): Mon 31/08 off, Sat 22/08 worked", async () => {
    const calendar = await loadHolidays();
    expect(calendar.isWorkingDay(d("2026-08-31"))).toBe(false);
    expect(calendar.isWorkingDay(d("2026-09-01"))).toBe(false);
    expect(calendar.isWorkingDay(d("2026-08-22"))).toBe(true);
    // Fri 28/08 + 1 working day: the break runs Sat 29/08 to Wed 02/09, so Thu 03/09.
    expect(iso(calendar.addWorkingDays(d("2026-08-28"), 1))).toBe("2026-09-03");
    expect(calendar.holidayName(d("2026-09-01"))).not.toMatch(/cần kiểm tra/);
  });

  it("refuses to count past its last year instead of treating next year's Tết as working days", async () => {
    const calendar = await loadHolidays();
    expect(calendar.coveredThrough).toBe(2027);
    expect(calendar.covers(d("2027-12-31"))).toBe(true);
    expect(calendar.covers(d("2028-01-01"))).toBe(false);
    expect(() => calendar.isWorkingDay(d("2028-01-26"))).toThrow(CalendarNotCoveredError);
    expect(() => calendar.addWorkingDays(d("2027-12-20"), 10)).toThrow(/holidays\.yaml/);
    expect(() => calendar.workingDaysBetween(d("2027-12-30"), d("2028-01-03"))).toThrow(CalendarNotCoveredError);
    expect(iso(calendar.addWorkingDays(d("2027-12-20"), 5))).toBe("2027-12-27");
  });
});

describe("checkCalendarCoverage at start", () => {
  const logged = () => {
    const lines: Array<{ level: string; msg: string }> = [];
    return { lines, log: { error: (_o: object, msg?: string) => lines.push({ level: "error", msg: msg ?? "" }), warn: (_o: object, msg?: string) => lines.push({ level: "warn", msg: msg ?? "" }) } };
  };
  const calendar = new HolidayCalendar([{ date: "2027-01-01", name: "Tết Dương lịch" }]);

  it("is an error when this year is not in the file", () => {
    const { lines, log } = logged();
    checkCalendarCoverage(calendar, d("2028-01-05"), log as never);
    expect(lines).toEqual([{ level: "error", msg: expect.stringMatching(/holidays\.yaml has no days off for 2028/) }]);
  });

  it("warns from November when next year is missing, and is quiet otherwise", () => {
    const { lines, log } = logged();
    checkCalendarCoverage(calendar, d("2027-11-02"), log as never);
    checkCalendarCoverage(calendar, d("2027-06-02"), log as never);
    expect(lines).toEqual([{ level: "warn", msg: expect.stringMatching(/no days off for 2028 yet/) }]);
  });

  it("warns when an assumed day off falls in the next 120 days, not before", async () => {
    const real = await loadHolidays();
    const { lines, log } = logged();
    checkCalendarCoverage(real, d("2026-07-01"), log as never); // Tết 2027 is more than 120 days away
    expect(lines).toEqual([]);
    checkCalendarCoverage(real, d("2026-12-05"), log as never);
    expect(lines).toEqual([{ level: "warn", msg: expect.stringMatching(/not announced yet \(tentative: true\)/) }]);
  });
});

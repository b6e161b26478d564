/**
 * The lunar holidays in flows/catalogues/holidays.yaml checked against the Vietnamese lunar
 * calendar (Hồ Ngọc Đức's algorithm at UTC+7, as published for Vietnam; the Chinese calendar at
 * UTC+8 differs in some years). Giỗ Tổ Hùng Vương is 10/3 âm lịch; Tết's first three days are
 * 1–3/1. A holiday on a Saturday or Sunday is taken on the next working day (Bộ luật Lao động
 * Điều 111.3), so that is the day the file must list.
 */
import { describe, expect, it } from "vitest";
// The package's top level converts in the machine's own time zone; this function takes it.
import { convertSolar2Lunar } from "vietnamese-lunar-calendar/build/solar-lunar/convert-lunar.js";
import { loadHolidays } from "../../src/digests/working-days.ts";
import { addDays, toIsoDate, type LocalDate } from "../../src/time/local-date.ts";

const VIETNAM = 7;
const calendar = await loadHolidays();

function lunarOf(d: LocalDate): { day: number; month: number; leap: boolean } {
  const l = convertSolar2Lunar(d.day, d.month, d.year, VIETNAM);
  return { day: l.date, month: l.month, leap: Boolean(l.isLeap) };
}

/** The solar date of a lunar day of a year (searching the year's days: no inverse needed). */
function solarOf(year: number, month: number, day: number): LocalDate {
  for (let d: LocalDate = { year, month: 1, day: 1 }; d.year === year; d = addDays(d, 1)) {
    const l = lunarOf(d);
    if (l.month === month && l.day === day && !l.leap) return d;
  }
  throw new Error(`no ${day}/${month} âm lịch in ${year}`);
}

const weekday = (d: LocalDate) => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
const isWeekend = (d: LocalDate) => weekday(d) === 0 || weekday(d) === 6;

/** The day off for a holiday on `d`: itself, or the first weekday after a weekend. */
function dayOff(d: LocalDate): LocalDate {
  let off = d;
  while (isWeekend(off)) off = addDays(off, 1);
  return off;
}

const years = [2026, 2027].filter((y) => y <= calendar.coveredThrough);

describe("lunar holidays in holidays.yaml", () => {
  it("the library agrees with known dates (Giỗ Tổ 07/04/2025 and 26/04/2026; Tết 21/01/1985, where the Chinese calendar differs)", () => {
    expect(lunarOf({ year: 2025, month: 4, day: 7 })).toEqual({ day: 10, month: 3, leap: false });
    expect(lunarOf({ year: 2026, month: 4, day: 26 })).toEqual({ day: 10, month: 3, leap: false });
    expect(lunarOf({ year: 1985, month: 1, day: 21 })).toEqual({ day: 1, month: 1, leap: false });
  });

  it.each(years)("Giỗ Tổ Hùng Vương %i is a day off on 10/3 âm lịch (or the weekday after it)", (year) => {
    const gioTo = solarOf(year, 3, 10);
    const off = dayOff(gioTo);
    expect(calendar.isWorkingDay(off), `${toIsoDate(off)} (10/3 âm lịch ${toIsoDate(gioTo)})`).toBe(false);
    expect(calendar.holidayName(off)).toMatch(/Giỗ Tổ/);
  });

  it("Giỗ Tổ 2027 is Friday 16/04/2027", () => {
    expect(toIsoDate(solarOf(2027, 3, 10))).toBe("2027-04-16");
  });

  it.each(years)("Tết Nguyên đán %i: the weekdays among mùng 1–3 are days off", (year) => {
    const tet = solarOf(year, 1, 1);
    for (let i = 0; i < 3; i++) {
      const d = addDays(tet, i);
      if (!isWeekend(d)) expect(calendar.isWorkingDay(d), toIsoDate(d)).toBe(false);
    }
  });
});

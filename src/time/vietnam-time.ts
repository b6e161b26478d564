/**
 * The wall clock in Vietnam at an instant: the one place that turns a `Date` into a Vietnamese
 * date or time of day. Vietnam (Asia/Ho_Chi_Minh) is UTC+7 all year; it has had no daylight saving
 * time since 1975, so a fixed offset is exact and needs no time-zone database. The clock is always
 * the caller's (the injected `now`); nothing here reads it.
 */
import { addDays, formatLocalDate, type LocalDate } from "./local-date.ts";

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
const EPOCH: LocalDate = { year: 1970, month: 1, day: 1 };

/** A Vietnamese date and the minutes since its midnight (0–1439). */
export interface VietnamWallClock {
  date: LocalDate;
  minutes: number;
}

/**
 * The date and time of day in Vietnam at the instant `now`; e.g. 2025-06-30T18:00Z is 01/07/2025
 * 01:00 there. Throws a `RangeError` for an invalid `Date`, which is a bug in the caller.
 */
export function vietnamWallClock(now: Date): VietnamWallClock {
  const ms = now.getTime();
  if (Number.isNaN(ms)) throw new RangeError("vietnamWallClock: invalid Date");
  const local = ms + VIETNAM_OFFSET_MS;
  const days = Math.floor(local / DAY_MS);
  return { date: addDays(EPOCH, days), minutes: Math.floor((local - days * DAY_MS) / 60_000) };
}

/** The calendar date in Vietnam at the instant `now`; e.g. 2024-03-04T17:30Z is already 05/03/2024. */
export function localDateInVietnam(now: Date): LocalDate {
  return vietnamWallClock(now).date;
}

/** Hours and minutes in Vietnam at the instant `now`, as `07:30`. */
export function timeInVietnam(now: Date): string {
  const { minutes } = vietnamWallClock(now);
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** Date and time in Vietnam at the instant `now`, as `05/03/2024 07:30` (for people to read). */
export function formatDateTimeInVietnam(now: Date): string {
  return `${formatLocalDate(localDateInVietnam(now))} ${timeInVietnam(now)}`;
}

/** The instant the Vietnamese day `date` begins: 00:00 there, 17:00 UTC the day before. */
export function startOfDayInVietnam(date: LocalDate): Date {
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  const utcMidnight = new Date(0);
  utcMidnight.setUTCFullYear(date.year, date.month - 1, date.day);
  return new Date(utcMidnight.getTime() - VIETNAM_OFFSET_MS);
}

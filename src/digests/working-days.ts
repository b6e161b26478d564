/**
 * Working days (ngày làm việc) of Vietnamese public bodies: Monday to Friday, minus the public
 * holidays and the days off in lieu listed in `flows/catalogues/holidays.yaml`, plus the weekend
 * days worked to make up for a swapped day. Processing time limits ("giải quyết trong 10 ngày làm
 * việc") are counted on this calendar, so a dossier sent just before Tết is not overdue after it.
 *
 * The calendar is pure data; only `loadHolidays` reads a file.
 */
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { FLOWS_DIR } from "../flows/load-flow.ts";
import { addDays, compareLocalDate, localDateFromIso, toIsoDate, type LocalDate } from "../time/local-date.ts";

/** `HOLIDAY`: a weekday off. `WORKDAY`: a Saturday or Sunday worked instead of a swapped weekday. */
export type HolidayKind = "HOLIDAY" | "WORKDAY";

/** One line of the holiday file. `kind` defaults to `HOLIDAY`. */
export interface HolidayEntry {
  date: string;
  name: string;
  kind?: HolidayKind;
  /** Not announced yet (e.g. next year's Tết break before the government's notice): counted, and flagged. */
  tentative?: boolean;
}

export const holidayEntry = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  name: z.string().min(1),
  kind: z.enum(["HOLIDAY", "WORKDAY"]).optional(),
  tentative: z.boolean().optional(),
});

/** Day of the week, 0 = Sunday … 6 = Saturday (Sakamoto's method, valid for any Gregorian date). */
function dayOfWeek({ year, month, day }: LocalDate): number {
  const offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4] as const;
  const y = month < 3 ? year - 1 : year;
  const w = y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + offsets[month - 1]! + day;
  return ((w % 7) + 7) % 7;
}

function isWeekend(d: LocalDate): boolean {
  const w = dayOfWeek(d);
  return w === 0 || w === 6;
}

/**
 * A date after the last year the holiday file covers: its days off are not known yet (Tết moves
 * every year), so counting working days there would silently treat Tết as working days.
 */
export class CalendarNotCoveredError extends RangeError {
  override readonly name = "CalendarNotCoveredError";
  constructor(
    readonly date: LocalDate,
    readonly coveredThrough: number,
  ) {
    super(`the holiday calendar covers the years up to ${coveredThrough}; ${toIsoDate(date)} is after that: add ${date.year} to flows/catalogues/holidays.yaml`);
  }
}

/**
 * The civil servants' calendar. Built from the holiday file's entries; throws a `RangeError` for
 * an impossible date (a bug in the data, caught by `loadHolidays` with the file named).
 *
 * It covers the years up to `through` (by default the last year that has an entry): asked about
 * a later date, it throws {@link CalendarNotCoveredError} instead of guessing.
 */
export class HolidayCalendar {
  readonly #holidays = new Map<string, string>();
  readonly #workdays = new Map<string, string>();
  /** Entries not announced yet, by ISO date, in date order. */
  readonly #tentative: Array<{ iso: string; name: string }> = [];
  /** The last year whose days off are known. */
  readonly coveredThrough: number;

  constructor(holidays: readonly HolidayEntry[], options: { through?: number } = {}) {
    let last = -Infinity;
    for (const h of holidays) {
      const d = localDateFromIso(h.date);
      (h.kind === "WORKDAY" ? this.#workdays : this.#holidays).set(toIsoDate(d), h.name);
      if (h.tentative) this.#tentative.push({ iso: toIsoDate(d), name: h.name });
      last = Math.max(last, d.year);
    }
    this.#tentative.sort((a, b) => (a.iso < b.iso ? -1 : a.iso > b.iso ? 1 : 0));
    this.coveredThrough = options.through ?? last;
  }

  /** Whether the days off of `d`'s year are known. */
  covers(d: LocalDate): boolean {
    return d.year <= this.coveredThrough;
  }

  /**
   * Monday to Friday and not a holiday, or a weekend day listed as a make-up working day. Throws
   * {@link CalendarNotCoveredError} past the years the calendar covers.
   */
  isWorkingDay(d: LocalDate): boolean {
    if (!this.covers(d)) throw new CalendarNotCoveredError(d, this.coveredThrough);
    const iso = toIsoDate(d);
    if (this.#workdays.has(iso)) return true;
    return !isWeekend(d) && !this.#holidays.has(iso);
  }

  /**
   * The entries from `from` to `to` (both included) that are not announced yet: a due date counted
   * across them may move when the official notice comes, and the digest says so.
   */
  tentativeBetween(from: LocalDate, to: LocalDate): Array<{ date: LocalDate; name: string }> {
    const [a, b] = [toIsoDate(from), toIsoDate(to)];
    return this.#tentative.filter((e) => e.iso >= a && e.iso <= b).map((e) => ({ date: localDateFromIso(e.iso), name: e.name }));
  }

  /** The holiday's name when `d` is a listed holiday, else null (also null for plain weekends). */
  holidayName(d: LocalDate): string | null {
    return this.#holidays.get(toIsoDate(d)) ?? null;
  }

  /**
   * The `n`-th working day after `from` (before it when `n` is negative); `from` itself when `n`
   * is 0, whether or not it is a working day. A limit of 10 working days from a submission on
   * Thursday 12/02/2026 ends on Thursday 05/03/2026: Tết ran from 16/02 to 20/02.
   */
  addWorkingDays(from: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n)) throw new RangeError(`addWorkingDays: not an integer: ${n}`);
    const step = n < 0 ? -1 : 1;
    let d = from;
    for (let left = Math.abs(n); left > 0; ) {
      d = addDays(d, step);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /**
   * Working days after `from` up to and including `to`; when `to` is before `from`, minus the
   * working days after `to` up to and including `from`. So `workingDaysBetween(due, today)` is how
   * many working days a dossier is overdue, and `workingDaysBetween(d, addWorkingDays(d, n)) === n`
   * for n ≥ 0, and for n < 0 when `d` is itself a working day.
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    const order = compareLocalDate(from, to);
    if (order > 0) return -this.workingDaysBetween(to, from) || 0; // never -0
    let count = 0;
    for (let d = addDays(from, 1); compareLocalDate(d, to) <= 0; d = addDays(d, 1)) {
      if (this.isWorkingDay(d)) count++;
    }
    return count;
  }
}

/**
 * Reads `holidays.yaml` from the catalogue folder and checks it: every date real, no date listed
 * twice, and make-up working days (`WORKDAY`) only on Saturdays and Sundays.
 */
export async function loadHolidays(dir = `${FLOWS_DIR}catalogues`): Promise<HolidayCalendar> {
  const file = "flows/catalogues/holidays.yaml";
  const entries = z.array(holidayEntry).parse(parseYaml(await readFile(`${dir}/holidays.yaml`, "utf8")));
  const seen = new Set<string>();
  for (const [i, e] of entries.entries()) {
    let d: LocalDate;
    try {
      d = localDateFromIso(e.date);
    } catch {
      throw new Error(`${file}: entry[${i}] (${e.name}): not a calendar date: ${e.date}`);
    }
    if (seen.has(e.date)) throw new Error(`${file}: entry[${i}] (${e.name}): date ${e.date} is listed twice`);
    seen.add(e.date);
    if (e.kind === "WORKDAY" && !isWeekend(d)) {
      throw new Error(`${file}: entry[${i}] (${e.name}): make-up working day ${e.date} is not a Saturday or Sunday`);
    }
  }
  return new HolidayCalendar(entries);
}

/**
 * A calendar date without time or zone. Dates in forms (birth dates, event dates) are civil dates
 * in Vietnam; carrying them as `Date` instants invites off-by-one-day errors around midnight UTC.
 */

/** A proleptic Gregorian calendar date; `month` is 1–12 and `day` 1–31. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** True for years divisible by 4, except centuries not divisible by 400. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1–12) of `year`; 0 for a month outside 1–12. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  if (month === 4 || month === 6 || month === 9 || month === 11) return 30;
  return month >= 1 && month <= 12 ? 31 : 0;
}

/**
 * True when all three fields are integers and name a real calendar day (29/02 only in leap years,
 * no 31/04). Any integer year is accepted; callers bound the range they allow.
 */
export function isValidLocalDate(d: LocalDate): boolean {
  return (
    Number.isInteger(d.year) &&
    Number.isInteger(d.month) &&
    Number.isInteger(d.day) &&
    d.day >= 1 &&
    d.day <= daysInMonth(d.year, d.month)
  );
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, "0");
  return n < 0 ? `-${s}` : s;
}

/** Formats for display in Vietnamese: `dd/mm/yyyy`, e.g. `05/03/2024`. */
export function formatLocalDate(d: LocalDate): string {
  return `${pad(d.day, 2)}/${pad(d.month, 2)}/${pad(d.year, 4)}`;
}

/** Formats for storage and APIs: ISO 8601 `yyyy-mm-dd`, e.g. `2024-03-05`. */
export function toIsoDate(d: LocalDate): string {
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

/**
 * Orders two dates: negative when `a` is earlier, 0 when equal, positive when later. Usable
 * directly as an `Array.prototype.sort` comparator.
 */
export function compareLocalDate(a: LocalDate, b: LocalDate): number {
  return a.year !== b.year ? a.year - b.year : a.month !== b.month ? a.month - b.month : a.day - b.day;
}

/**
 * Reads an ISO `yyyy-mm-dd` date from our own storage or configuration, e.g.
 * `localDateFromIso("2026-11-25")`. A malformed or impossible date there is a bug, not user
 * input, so it throws a `RangeError`; user input goes through `parseDate` instead.
 */
export function localDateFromIso(iso: string): LocalDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const d = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
  if (d === null || !isValidLocalDate(d)) throw new RangeError(`Not an ISO calendar date: ${JSON.stringify(iso)}`);
  return d;
}

// Days since 1970-01-01 for a proleptic Gregorian date and back (H. Hinnant's algorithms).
// Pure integer arithmetic avoids `Date`'s quirks such as years 0–99 being read as 1900–1999.
function daysFromCivil({ year, month, day }: LocalDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): LocalDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** The date `n` days after `d` (before it when `n` is negative); `d` must be a valid date. */
export function addDays(d: LocalDate, n: number): LocalDate {
  return civilFromDays(daysFromCivil(d) + n);
}

/** The ISO 8601 day of the week of `d`: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: LocalDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((daysFromCivil(d) + 3) % 7) + 7) % 7) + 1;
}

/**
 * The ISO 8601 week of `d`, as `2026-W48`: weeks start on Monday and belong to the year of their
 * Thursday, so 2027-01-01 (a Friday) is in `2026-W53`.
 */
export function isoWeek(d: LocalDate): string {
  const thursday = addDays(d, 4 - isoWeekday(d));
  const week = Math.floor((daysFromCivil(thursday) - daysFromCivil({ year: thursday.year, month: 1, day: 1 })) / 7) + 1;
  return `${pad(thursday.year, 4)}-W${pad(week, 2)}`;
}

/** The same day `years` earlier; 29/02 lands on 28/02 when that year is not a leap year. */
export function yearsBefore(d: LocalDate, years: number): LocalDate {
  const year = d.year - years;
  return { year, month: d.month, day: Math.min(d.day, daysInMonth(year, d.month)) };
}

import { foldText, normalizeInput } from "../text/fold-text.ts";
import { addDays, compareLocalDate, formatLocalDate, isValidLocalDate, type LocalDate } from "../time/local-date.ts";
import { parseFail, parseOk, type ParseResult } from "./parse-result.ts";

/** Bounds and the reference day for {@link parseDate}; all are Vietnamese calendar dates. */
export interface ParseDateOptions {
  /** The current date in Vietnam (see `localDateInVietnam`); anchors "hôm nay", "hôm qua" and `yy`. */
  today: LocalDate;
  /** Latest accepted date, inclusive (e.g. `today` for an event that already happened). */
  notAfter?: LocalDate;
  /** Earliest accepted date, inclusive (e.g. 110 years ago for a birth date). */
  notBefore?: LocalDate;
}

const NUMERIC = /^(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})$/;
const LONG_FORM = /^(?:ngay )?(\d{1,2}) thang (\d{1,2}) nam (\d{4})$/;

/**
 * Reads a date the way people in Vietnam write it, day first:
 * `05/03/2024`, `5/3/2024`, `5/3/24`, `05-03-2024`, `05.03.2024` (spaces around the separators are
 * fine, the two separators must be the same), "ngày 5 tháng 3 năm 2024" with or without
 * diacritics, and "hôm nay" / "hôm qua" relative to `opts.today`.
 *
 * A two-digit year `yy` means 20yy unless that date would be after `today`, then 19yy.
 * The calendar is checked strictly (29/02 only in leap years, no 31/04) and years before 1000 are
 * refused. Errors: `date.invalid`; `date.future` (after `notAfter`, param `max`); `date.too_early`
 * (before `notBefore`, param `min`); both params are formatted `dd/mm/yyyy`. Never throws.
 */
export function parseDate(input: string, opts: ParseDateOptions): ParseResult<LocalDate> {
  const date = readDate(input, opts.today);
  if (date === null || date.year < 1000 || !isValidLocalDate(date)) return parseFail("date.invalid");
  if (opts.notAfter !== undefined && compareLocalDate(date, opts.notAfter) > 0) {
    return parseFail("date.future", { max: formatLocalDate(opts.notAfter) });
  }
  if (opts.notBefore !== undefined && compareLocalDate(date, opts.notBefore) < 0) {
    return parseFail("date.too_early", { min: formatLocalDate(opts.notBefore) });
  }
  return parseOk(date);
}

function readDate(input: string, today: LocalDate): LocalDate | null {
  const folded = foldText(input);
  if (folded === "hom nay") return today;
  if (folded === "hom qua") return addDays(today, -1);

  const long = LONG_FORM.exec(folded);
  if (long) return { day: Number(long[1]), month: Number(long[2]), year: Number(long[3]) };

  const text = normalizeInput(input)
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\s.,;:!?…]+$/u, "")
    .replace(/^(?:ngày|ngay)\s*/u, "");
  const m = NUMERIC.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[3]);
  const yearText = m[4] ?? "";
  if (yearText.length === 4) return { day, month, year: Number(yearText) };
  const in2000s = { day, month, year: 2000 + Number(yearText) };
  return compareLocalDate(in2000s, today) > 0 ? { ...in2000s, year: in2000s.year - 100 } : in2000s;
}

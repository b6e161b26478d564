/**
 * A date typed in a console form: as the date input sends it (yyyy-mm-dd) or, from a browser
 * without one, as people type it (05/03/2026, 5-3-2026).
 */
import { isValidLocalDate, localDateFromIso, type LocalDate } from "../time/local-date.ts";
import { parseDate } from "../validation/parse-date.ts";

/** The date, none when left empty, or `bad` when what was typed is no date; `today` is Vietnam's. */
export function readFormDate(value: string | undefined, today: LocalDate): { date?: LocalDate; bad: boolean } {
  const text = value?.trim();
  if (!text) return { bad: false };
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const [year, month, day] = text.split("-").map(Number) as [number, number, number];
    return isValidLocalDate({ year, month, day }) ? { date: localDateFromIso(text), bad: false } : { bad: true };
  }
  const typed = parseDate(text, { today });
  return typed.ok ? { date: typed.value, bad: false } : { bad: true };
}

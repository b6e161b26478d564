/**
 * The place-and-date line of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I):
 * "Hà Trung, ngày 03 tháng 12 năm 2026". Days below 10 and the months January and February are
 * written with a leading zero; other months are not ("ngày 15 tháng 3 năm 2026").
 */
import { formatLocalDate, localDateFromIso } from "../time/local-date.ts";

/** "ngày 03 tháng 12 năm 2026". */
export function dateInWords(isoDate: string): string {
  const { day, month, year } = localDateFromIso(isoDate);
  const mm = month <= 2 ? String(month).padStart(2, "0") : String(month);
  return `ngày ${String(day).padStart(2, "0")} tháng ${mm} năm ${year}`;
}

/** "Hà Trung, ngày 03 tháng 12 năm 2026". */
export function dateLine(place: string, isoDate: string): string {
  return `${place}, ${dateInWords(isoDate)}`;
}

/** "03/12/2026", as lists and annexes cite a date. */
export function shortDate(isoDate: string): string {
  return formatLocalDate(localDateFromIso(isoDate));
}

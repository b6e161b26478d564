import type { LocalDate } from "../time/local-date.ts";
import { parseFail, parseOk, type ParseResult, type ValidationIssue } from "./parse-result.ts";

/**
 * Birth-registration province codes (digits 1–3 of a CCCD / personal identification number) with
 * the province names, from the 63-province list in force before the 2025 merger of provinces
 * (Thông tư 07/2016/TT-BCA). Numbers issued before the merger keep these codes for life.
 */
export const CCCD_PROVINCE_CODES: ReadonlyMap<string, string> = new Map([
  ["001", "Hà Nội"], ["002", "Hà Giang"], ["004", "Cao Bằng"], ["006", "Bắc Kạn"],
  ["008", "Tuyên Quang"], ["010", "Lào Cai"], ["011", "Điện Biên"], ["012", "Lai Châu"],
  ["014", "Sơn La"], ["015", "Yên Bái"], ["017", "Hòa Bình"], ["019", "Thái Nguyên"],
  ["020", "Lạng Sơn"], ["022", "Quảng Ninh"], ["024", "Bắc Giang"], ["025", "Phú Thọ"],
  ["026", "Vĩnh Phúc"], ["027", "Bắc Ninh"], ["030", "Hải Dương"], ["031", "Hải Phòng"],
  ["033", "Hưng Yên"], ["034", "Thái Bình"], ["035", "Hà Nam"], ["036", "Nam Định"],
  ["037", "Ninh Bình"], ["038", "Thanh Hóa"], ["040", "Nghệ An"], ["042", "Hà Tĩnh"],
  ["044", "Quảng Bình"], ["045", "Quảng Trị"], ["046", "Thừa Thiên Huế"], ["048", "Đà Nẵng"],
  ["049", "Quảng Nam"], ["051", "Quảng Ngãi"], ["052", "Bình Định"], ["054", "Phú Yên"],
  ["056", "Khánh Hòa"], ["058", "Ninh Thuận"], ["060", "Bình Thuận"], ["062", "Kon Tum"],
  ["064", "Gia Lai"], ["066", "Đắk Lắk"], ["067", "Đắk Nông"], ["068", "Lâm Đồng"],
  ["070", "Bình Phước"], ["072", "Tây Ninh"], ["074", "Bình Dương"], ["075", "Đồng Nai"],
  ["077", "Bà Rịa - Vũng Tàu"], ["079", "Thành phố Hồ Chí Minh"], ["080", "Long An"],
  ["082", "Tiền Giang"], ["083", "Bến Tre"], ["084", "Trà Vinh"], ["086", "Vĩnh Long"],
  ["087", "Đồng Tháp"], ["089", "An Giang"], ["091", "Kiên Giang"], ["092", "Cần Thơ"],
  ["093", "Hậu Giang"], ["094", "Sóc Trăng"], ["095", "Bạc Liêu"], ["096", "Cà Mau"],
]);

/** What the person told us elsewhere in the form, to cross-check against the number. */
export interface ParseCccdOptions {
  birthDate?: LocalDate | { year: number };
  gender?: "NAM" | "NU";
}

// Digit 4 encodes century and gender: even = male (NAM), odd = female (NU).
const CENTURY_BY_DIGIT = [1900, 1900, 2000, 2000, 2100, 2100, 2200, 2200, 1800, 1800] as const;

/**
 * Reads a 12-digit CCCD (căn cước công dân / số định danh cá nhân), ignoring spaces and dots, and
 * returns the bare 12 digits. Errors: `cccd.length` (not exactly 12 digits) and `cccd.province`
 * (digits 1–3 are not in {@link CCCD_PROVINCE_CODES}).
 *
 * Digit 4 encodes the century of birth and the gender (0/1 = 1900s male/female, 2/3 = 2000s,
 * 4/5 = 2100s, 6/7 = 2200s, 8/9 = 1800s) and digits 5–6 the last two digits of the birth year.
 * When `opts` gives a birth year or gender that disagrees, the number is still accepted (people
 * mistype the other field as often as this one) with the warning `cccd.mismatch` for the
 * conversation to confirm. Never throws.
 */
export function parseCccd(input: string, opts: ParseCccdOptions = {}): ParseResult<string> {
  const digits = input.replace(/[\s.]/gu, "");
  if (!/^\d{12}$/.test(digits)) return parseFail("cccd.length");
  if (!CCCD_PROVINCE_CODES.has(digits.slice(0, 3))) return parseFail("cccd.province");

  const code = Number(digits[3]);
  const birthYear = (CENTURY_BY_DIGIT[code] ?? 1900) + Number(digits.slice(4, 6));
  const gender = code % 2 === 0 ? "NAM" : "NU";
  const yearMismatch = opts.birthDate !== undefined && opts.birthDate.year !== birthYear;
  const genderMismatch = opts.gender !== undefined && opts.gender !== gender;
  const warnings: ValidationIssue[] = yearMismatch || genderMismatch ? [{ code: "cccd.mismatch" }] : [];
  return parseOk(digits, warnings);
}

/**
 * Hides a CCCD for display, keeping the province code and the last two digits:
 * `maskCccd("062123456745") === "062*******45"`. A value of 5 characters or fewer is masked
 * entirely.
 */
export function maskCccd(cccd: string): string {
  const chars = [...cccd];
  if (chars.length <= 5) return "*".repeat(chars.length);
  return chars.slice(0, 3).join("") + "*".repeat(chars.length - 5) + chars.slice(-2).join("");
}

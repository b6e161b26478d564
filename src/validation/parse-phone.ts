import { parseFail, parseOk, type ParseResult } from "./parse-result.ts";

/**
 * Two-digit mobile prefixes that follow the trunk `0` (or `+84`) in Vietnam: 032–039, 052, 055,
 * 056, 058, 059, 070, 076–079, 081–089, 090–094, 096–099 (domain.md §9.2, strict list). Carriers
 * add prefixes from time to time, so configuration may pass its own list to
 * {@link parseVietnamesePhone}.
 */
export const DEFAULT_MOBILE_PREFIXES: readonly string[] = [
  "32", "33", "34", "35", "36", "37", "38", "39",
  "52", "55", "56", "58", "59",
  "70", "76", "77", "78", "79",
  "81", "82", "83", "84", "85", "86", "87", "88", "89",
  "90", "91", "92", "93", "94", "96", "97", "98", "99",
];

const SEPARATORS = /[\s.\-\u2010-\u2015()]/gu;
// "+84 (0) 912…" is a common way to write it: a trunk 0 after the country code is tolerated, which
// is unambiguous because no national number starts with 0.
const SHAPE = /^(?:\+84|0084|84)0?(\d{9})$|^0(\d{9})$/;

/**
 * Reads a Vietnamese mobile number and returns it in E.164 form, `+84` followed by 9 digits.
 * Spaces, dots, dashes and parentheses are ignored; `0912345678`, `+84912345678`, `84912345678`,
 * `0084912345678`, `0912 345 678` and `+84 912.345.678` are all `+84912345678`. The digits after the
 * trunk must start with one of `prefixes` (default {@link DEFAULT_MOBILE_PREFIXES}); landlines are
 * refused. Error: `phone.invalid`. Never throws; re-parsing the value gives the same value.
 */
export function parseVietnamesePhone(
  input: string,
  prefixes: readonly string[] = DEFAULT_MOBILE_PREFIXES,
): ParseResult<string> {
  const m = SHAPE.exec(input.replace(SEPARATORS, ""));
  const national = m?.[1] ?? m?.[2];
  if (national === undefined || !prefixes.some((p) => p.length > 0 && national.startsWith(p))) {
    return parseFail("phone.invalid");
  }
  return parseOk(`+84${national}`);
}

/**
 * Hides the middle of a phone number for display and logs, keeping the first 5 and last 3
 * characters: `maskPhone("+84912345678") === "+8491****678"`. A value of 8 characters or fewer is
 * masked entirely, since nothing could be shown without revealing it all.
 */
export function maskPhone(phone: string): string {
  const chars = [...phone];
  if (chars.length <= 8) return "*".repeat(chars.length);
  return chars.slice(0, 5).join("") + "*".repeat(chars.length - 8) + chars.slice(-3).join("");
}

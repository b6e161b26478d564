/**
 * Numbers written in Vietnamese words, as administrative forms ask next to the figure:
 * "03 (ba) cá nhân", "một trăm linh năm", "hai mươi mốt". Northern usage, which the central
 * government's documents follow: "nghìn", "linh" for a zero tens digit, "mốt" and "lăm" after
 * "mươi", "mười lăm". Whole numbers from 0 to 999 999 999 999.
 */
const DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
const GROUPS = ["", "nghìn", "triệu", "tỷ"];

/** 0–999 read as one group; `full` reads leading zeros ("không trăm linh năm") inside a larger number. */
function readGroup(n: number, full: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const units = n % 10;
  const words: string[] = [];
  if (hundreds > 0 || full) words.push(DIGITS[hundreds]!, "trăm");
  if (tens === 0) {
    if (units > 0 && words.length > 0) words.push("linh");
  } else if (tens === 1) {
    words.push("mười");
  } else {
    words.push(DIGITS[tens]!, "mươi");
  }
  if (units === 0) return words;
  if (units === 1 && tens >= 2) words.push("mốt");
  else if (units === 5 && tens >= 1) words.push("lăm");
  else words.push(DIGITS[units]!);
  return words;
}

/** "hai mươi mốt" for 21; throws on a negative, fractional or too large number (a bug, not input). */
export function numberInWords(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999_999_999_999) throw new RangeError(`numberInWords: ${n} is not a whole number from 0 to 999 999 999 999`);
  if (n === 0) return DIGITS[0]!;
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 1000)) groups.push(rest % 1000);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    words.push(...readGroup(g, i < groups.length - 1), ...(GROUPS[i] ? [GROUPS[i]!] : []));
  }
  return words.join(" ");
}

/** A count as forms print it: two digits at least ("03", "17", "120"). */
export function paddedCount(n: number): string {
  return String(n).padStart(2, "0");
}

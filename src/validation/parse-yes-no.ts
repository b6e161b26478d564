import { foldText } from "../text/fold-text.ts";
import { parseFail, parseOk, type ParseResult } from "./parse-result.ts";

// Folded forms (see foldText): diacritics, case and punctuation are already gone.
const YES = new Set(["co", "c", "yes", "y", "ok", "oke", "okay", "dong y", "u", "vang", "da", "dung"]);
const NO = new Set(["khong", "ko", "k", "kg", "khg", "no", "n", "khong dong y"]);

/**
 * Reads a yes/no answer. Yes: có, co, c, yes, y, ok, đồng ý, dong y, ừ, u (also vâng, dạ, đúng,
 * oke). No: không, khong, ko, k, no, n (also kg, khg, không đồng ý). Case, diacritics,
 * surrounding punctuation ("Có!", "không.") and a trailing polite "ạ" ("có ạ", "không ạ") are
 * ignored. Error: `yesno.invalid`. Never throws.
 */
export function parseYesNo(input: string): ParseResult<boolean> {
  const folded = foldText(input).replace(/ a$/, "");
  if (YES.has(folded)) return parseOk(true);
  if (NO.has(folded)) return parseOk(false);
  return parseFail("yesno.invalid");
}

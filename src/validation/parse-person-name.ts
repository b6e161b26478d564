import { normalizeInput } from "../text/fold-text.ts";
import { parseFail, parseOk, type ParseResult } from "./parse-result.ts";

// Words of letters (with any combining marks left after NFC), joined inside a word by an
// apostrophe (H'Hen) or a hyphen (Y-Moan), separated by single spaces.
const PART = String.raw`\p{L}[\p{L}\p{M}]*`;
const WORD = String.raw`${PART}(?:['-]${PART})*`;
const NAME = new RegExp(String.raw`^${WORD}(?: ${WORD})*$`, "u");
const MIN_LENGTH = 2;
const MAX_LENGTH = 100;

/**
 * Reads a person's full name and returns it tidied for the dossier: {@link normalizeInput} (NFC,
 * `Ð` → `Đ`, spaces collapsed), typographic apostrophes (’ ‘ ʼ `) made `'`, and each part of each
 * word in Title Case, including after an apostrophe or hyphen ("h'hen niê" → "H'Hen Niê",
 * "y-moan" → "Y-Moan", "NGUYỄN văn an" → "Nguyễn Văn An").
 *
 * Allowed: letters of any script, spaces, apostrophes and hyphens inside words; 2–100 characters.
 * Error: `name.invalid`. A one-word name (common among some ethnic minorities, but also a sign of
 * a half-typed answer) is accepted with the warning `name.single_word` for the conversation to
 * confirm. Idempotent on accepted names. Never throws.
 */
export function parsePersonName(input: string): ParseResult<string> {
  const text = normalizeInput(input).replace(/[\u2018\u2019\u02BC`]/gu, "'");
  if (!NAME.test(text)) return parseFail("name.invalid");
  const name = text.replace(/[^\s'-]+/gu, titleCase).normalize("NFC");
  const length = [...name].length;
  if (length < MIN_LENGTH || length > MAX_LENGTH || !NAME.test(name)) return parseFail("name.invalid");
  return parseOk(name, name.includes(" ") ? [] : [{ code: "name.single_word" }]);
}

function titleCase(part: string): string {
  const [first = "", ...rest] = [...part];
  const upper = first.toUpperCase();
  // Some letters upper-case to two characters ("ß" → "SS"); keep those as typed so the name's
  // shape, and the idempotence of this function, are preserved.
  return ([...upper].length === 1 ? upper : first) + rest.join("").toLowerCase();
}

/**
 * Text normalisation shared by every validator and matcher. People type Vietnamese with or without
 * diacritics, in NFC or NFD (copied from PDFs and old Word files), and sometimes with the Icelandic
 * Eth `Ð` (U+00D0) in place of `Đ` (U+0110) because the two look alike. Matching must not care.
 */

/**
 * Canonicalises what a person typed without changing its meaning: Unicode NFC, `Ð` (U+00D0) → `Đ`
 * (U+0110) and `ð` (U+00F0) → `đ` (U+0111), every run of whitespace (any Unicode space, tab or
 * newline) collapsed to one ASCII space, and leading/trailing whitespace removed.
 *
 * Case, diacritics and punctuation are kept, so the result is fit for storing and for display.
 * Idempotent: `normalizeInput(normalizeInput(s)) === normalizeInput(s)`. Never throws.
 */
export function normalizeInput(s: string): string {
  return s
    .normalize("NFC")
    .replace(/\u00D0/g, "\u0110")
    .replace(/\u00F0/g, "\u0111")
    .replace(/\s+/gu, " ")
    .trim();
}

/**
 * Reduces text to a key for comparison only (never for display): {@link normalizeInput}, lower
 * case, all combining diacritics (U+0300–U+036F) removed, `đ` → `d`, every character that is not a
 * letter, a digit or a space replaced by a space, spaces collapsed and trimmed.
 *
 * Both tone-mark styles ("hoà"/"hòa"), NFC and NFD input, and input typed without diacritics give
 * the same key: `foldText("Lao động trực tiếp") === foldText("lao dong truc tiep") ===
 * "lao dong truc tiep"`. Punctuation becomes a space so that "x.Hà Trung" folds to "x ha trung".
 * Idempotent. Never throws.
 */
export function foldText(s: string): string {
  return normalizeInput(s)
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/[^\p{L}\p{N} ]+/gu, " ")
    .replace(/ {2,}/g, " ")
    .trim();
}

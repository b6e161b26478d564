import { normalizeInput } from "../text/fold-text.ts";
import { parseFail, parseOk, type ParseResult } from "./parse-result.ts";

/** Inclusive bounds for {@link parseInteger}. */
export interface IntegerBounds {
  min?: number;
  max?: number;
}

// Either plain digits, or 1–3 digits not starting with 0 followed by groups of exactly three
// digits, all groups with the same separator ("0,500" is a decimal, not 500). An optional
// trailing unit ("12 người", "1.407 hộ") is allowed.
const INTEGER = /^([+-]?)([1-9]\d{0,2}(?:([.,])\d{3})(?:\3\d{3})*|\d+)(?:\s*\p{L}[\p{L}\p{M}\s]*)?$/u;

/**
 * Reads a whole number as people write it in Vietnamese: `12`, ` 12 người`, and `1.407` or
 * `1,407` where `.` or `,` groups thousands (every group exactly 3 digits, one separator kind,
 * no leading 0). Anything else, including decimals such as `0,500` and impossible grouping such
 * as `3.4593` (seen in real reports), is `number.invalid` rather than a guess. Out of bounds:
 * `number.range` (params `min`, `max`) when both bounds are set, otherwise `number.min` (param
 * `min`) or `number.max` (param `max`), so that every message placeholder is filled. Never throws.
 */
export function parseInteger(input: string, bounds: IntegerBounds = {}): ParseResult<number> {
  const m = INTEGER.exec(normalizeInput(input).replace(/[.!?;…]+$/u, "").trim());
  if (!m) return parseFail("number.invalid");
  const value = Number((m[1] ?? "") + (m[2] ?? "").replace(/[.,]/g, ""));
  if (!Number.isSafeInteger(value)) return parseFail("number.invalid");

  const { min, max } = bounds;
  const tooSmall = min !== undefined && value < min;
  const tooLarge = max !== undefined && value > max;
  if (tooSmall || tooLarge) {
    if (min !== undefined && max !== undefined) return parseFail("number.range", { min, max });
    if (min !== undefined) return parseFail("number.min", { min });
    if (max !== undefined) return parseFail("number.max", { max });
  }
  return parseOk(value === 0 ? 0 : value);
}

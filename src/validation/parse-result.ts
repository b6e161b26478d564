/**
 * The result shape of every validator. A wrong answer in a form is an expected outcome, so it is a
 * value the conversation turns into a polite re-ask, never an exception.
 */

/**
 * One problem found in an answer. `code` is the key suffix of the message in
 * `locales/<lang>/validation.json` (e.g. `date.invalid`); `params` fill the `{name}` placeholders
 * of that message and must match them exactly.
 */
export interface ValidationIssue {
  code: string;
  params?: Record<string, string | number>;
}

/**
 * Either the normalised value (possibly with warnings the person should confirm, e.g. a CCCD that
 * does not match the birth year) or exactly one error explaining what is expected.
 */
export type ParseResult<T> =
  | { ok: true; value: T; warnings?: ValidationIssue[] }
  | { ok: false; error: ValidationIssue };

/** Builds a successful result; `warnings` is omitted when empty so results compare cleanly. */
export function parseOk<T>(value: T, warnings: ValidationIssue[] = []): ParseResult<T> {
  return warnings.length > 0 ? { ok: true, value, warnings } : { ok: true, value };
}

/** Builds a failed result for the message `code`, with `params` for its placeholders if any. */
export function parseFail<T>(code: string, params?: Record<string, string | number>): ParseResult<T> {
  return params === undefined ? { ok: false, error: { code } } : { ok: false, error: { code, params } };
}

/**
 * Answers typed as values: free text, a person's name, a number, a date, a phone number, a CCCD.
 * Each is read the way people really write it (see src/validation) and refused with what is
 * expected.
 */
import { compareLocalDate, formatLocalDate, localDateFromIso, toIsoDate, yearsBefore, type LocalDate } from "../time/local-date.ts";
import { localDateInVietnam } from "../time/vietnam-time.ts";
import { parseCccd } from "../validation/parse-cccd.ts";
import { parseDate } from "../validation/parse-date.ts";
import { parseInteger } from "../validation/parse-number.ts";
import { parsePersonName } from "../validation/parse-person-name.ts";
import { parseVietnamesePhone } from "../validation/parse-phone.ts";
import type { ValidationIssue } from "../validation/parse-result.ts";
import type { Step } from "./flow-definition.ts";
import { effectiveMax, STORY_MIN_LENGTH } from "./question.ts";
import { SUGGESTED } from "./step-choices.ts";
import { fromParse, type StepAnswer, type StepOutcome } from "./step-outcome.ts";

export function interpretText({ step, input, text, state, ctx }: StepAnswer<"text">): StepOutcome {
  const suggested = ctx.law?.suggestion?.(step.id, state.lang);
  // The button, or "1" where a channel shows buttons as a numbered list.
  if (suggested && (input.type === "choice" ? input.value === SUGGESTED : text === "1")) return { kind: "accept", value: suggested.answer };
  // Characters as people (and the record schemas) count them: code points, not UTF-16 units.
  const length = Array.from(text).length;
  if (length < Math.max(1, step.minLength)) {
    // A story or summary is asked for in sentences; a name or a position only needs its letters.
    const tooShort = step.minLength >= STORY_MIN_LENGTH ? "bot.text.too_short" : "bot.text.too_short_name";
    return { kind: "reject", issue: { code: length === 0 ? "bot.text.empty" : tooShort, params: { min: step.minLength, count: length } } };
  }
  if (length > step.maxLength) return { kind: "reject", issue: { code: "bot.text.too_long", params: { max: step.maxLength, count: length } } };
  return { kind: "accept", value: text };
}

export function interpretPersonName({ text, state, ctx }: StepAnswer<"person-name">): StepOutcome {
  return fromParse(parsePersonName(text), ctx, state.lang);
}

export function interpretNumber({ step, text, state, ctx }: StepAnswer<"number">): StepOutcome {
  return fromParse(parseInteger(text, { min: step.min, max: effectiveMax(step, state.answers) }), ctx, state.lang);
}

export function interpretDate({ step, text, now }: StepAnswer<"date">): StepOutcome {
  const read = readStepDate(step, text, localDateInVietnam(now));
  return read.ok ? { kind: "accept", value: toIsoDate(read.value) } : { kind: "reject", issue: read.issue };
}

/**
 * A date typed for a date step, checked against the step's limits as of `today` (the date in
 * Vietnam): the engine's check, and the console's for the same steps shown as forms.
 */
export function readStepDate(step: Extract<Step, { kind: "date" }>, text: string, today: LocalDate): { ok: true; value: LocalDate } | { ok: false; issue: ValidationIssue } {
  // A future date and a date too recent for a minimum age are told apart: each re-ask states
  // its own reason ("Ngày này chưa đến" is wrong for a birth date last year).
  const notAfter = step.notFuture || step.minYearsAgo ? today : undefined;
  const notBefore = step.maxYearsAgo ? yearsBefore(today, step.maxYearsAgo) : undefined;
  const parsed = parseDate(text, { today, ...(notAfter ? { notAfter } : {}), ...(notBefore ? { notBefore } : {}) });
  if (!parsed.ok) return { ok: false, issue: parsed.error };
  const latest = step.minYearsAgo ? yearsBefore(today, step.minYearsAgo) : undefined;
  if (latest && compareLocalDate(parsed.value, latest) > 0) {
    return { ok: false, issue: { code: "bot.run.date_min_years", params: { years: step.minYearsAgo!, max: formatLocalDate(latest) } } };
  }
  return { ok: true, value: parsed.value };
}

export function interpretPhone({ text, state, ctx }: StepAnswer<"phone">): StepOutcome {
  return fromParse(parseVietnamesePhone(text), ctx, state.lang);
}

/** A CCCD, checked against the birth date and gender answered earlier when the step names them. */
export function interpretCccd({ step, text, state, ctx }: StepAnswer<"cccd">): StepOutcome {
  const birth = step.birthDateStep ? state.answers[step.birthDateStep] : undefined;
  const gender = step.genderStep ? state.answers[step.genderStep] : undefined;
  return fromParse(
    parseCccd(text, {
      ...(typeof birth === "string" ? { birthDate: localDateFromIso(birth) } : {}),
      ...(gender === "NAM" || gender === "NU" ? { gender } : {}),
    }),
    ctx,
    state.lang,
  );
}

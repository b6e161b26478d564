/**
 * The "new review round" form: read leniently (spaces trimmed, a deadline as the date input sends
 * it or as people type it), checked, and returned either as the round to open or as the fields to
 * fix, with what was typed so the form can be shown again.
 */
import { ROUND_KINDS, type RoundKind } from "../rounds/review-rounds.ts";
import { compareLocalDate, toIsoDate, type LocalDate } from "../time/local-date.ts";
import { readFormDate } from "./form-date.ts";

/** The fields of the form, as typed (or prefilled). */
export interface RoundFormValues {
  unit: string;
  kind: string;
  year: string;
  title: string;
  movement: string;
  deadline: string;
}

export type RoundFormField = keyof RoundFormValues;

export type RoundForm =
  | { ok: true; round: { unitId: string; kind: RoundKind; year: number; title: string; movement: string | null; deadline: string } }
  | { ok: false; values: RoundFormValues; invalid: RoundFormField[] };

/** A title's longest length, and a movement's. */
export const ROUND_TITLE_MAX = 200;

/** The title a new round's form proposes for its kind and year. */
export function defaultRoundTitle(kind: RoundKind, year: number): string {
  return kind === "TONG_KET_NAM" ? `Bình xét thi đua năm ${year}` : kind === "PHONG_TRAO" ? `Bình xét khen thưởng phong trào năm ${year}` : `Xét khen thưởng đột xuất năm ${year}`;
}

/** The form's values for a new round in `unitId`. */
export function newRoundValues(unitId: string, today: LocalDate): RoundFormValues {
  return { unit: unitId, kind: "TONG_KET_NAM", year: String(today.year), title: defaultRoundTitle("TONG_KET_NAM", today.year), movement: "", deadline: "" };
}

/**
 * Reads a posted form; `mayUse` says whether the person may open a round for a unit (within their
 * scope, and known). The deadline may not be before today; the year is within two of today's.
 */
export function readRoundForm(form: Record<string, unknown>, today: LocalDate, mayUse: (unitId: string) => boolean): RoundForm {
  const text = (name: RoundFormField) => (typeof form[name] === "string" ? (form[name] as string).replace(/\s+/g, " ").trim() : "");
  const values: RoundFormValues = { unit: text("unit"), kind: text("kind"), year: text("year"), title: text("title"), movement: text("movement"), deadline: text("deadline") };
  const invalid: RoundFormField[] = [];
  const kind = ROUND_KINDS.find((k) => k === values.kind);
  const year = /^\d{4}$/.test(values.year) ? Number(values.year) : NaN;
  const deadline = readFormDate(values.deadline, today).date;
  if (!values.unit || !mayUse(values.unit)) invalid.push("unit");
  if (!kind) invalid.push("kind");
  if (!(Math.abs(year - today.year) <= 2)) invalid.push("year");
  if (values.title.length < 5 || values.title.length > ROUND_TITLE_MAX) invalid.push("title");
  if (values.movement.length > ROUND_TITLE_MAX) invalid.push("movement");
  if (!deadline || compareLocalDate(deadline, today) < 0) invalid.push("deadline");
  if (invalid.length || !kind || !deadline) return { ok: false, values, invalid };
  return { ok: true, round: { unitId: values.unit, kind, year, title: values.title, movement: kind === "PHONG_TRAO" ? values.movement || null : null, deadline: toIsoDate(deadline) } };
}

/**
 * The kinds of criterion a rule in `flows/catalogues/awards.yaml` can state. A handful of kinds
 * cover the law's criteria for the commune's awards; there is deliberately no expression
 * language: a new kind of criterion is a new entry here and a new case in `evaluateRule`.
 *
 * A rule reads answers by their step id (the same ids in every nomination flow) and, for
 * prerequisites, the nominee's award history.
 */
import { z } from "zod";

const answerKey = z.string().regex(/^[a-z][a-zA-Z0-9]*$/, "answers are named by step id (camelCase)");
const awardCode = z.string().regex(/^[A-Z0-9_]+$/);
const answerValue = z.union([z.string(), z.boolean(), z.number()]);

/** The part of a rule that says what it checks; `article` and `text` are optional only inside `any-of`. */
const checks = [
  /** part / whole (as a percentage) compared with `percent`: `gt` is "trên", `gte` "ít nhất". */
  z.object({ kind: z.literal("share"), part: answerKey, whole: answerKey, op: z.enum(["gt", "gte"]), percent: z.number().min(0).max(100) }),
  /** The answer is one of `in` (choice values, true/false, numbers). */
  z.object({ kind: z.literal("answer-in"), answer: answerKey, in: z.array(answerValue).min(1) }),
  /** A number answer compared with `value`. */
  z.object({ kind: z.literal("count"), answer: answerKey, op: z.enum(["gte", "lte"]), value: z.number().int().min(0) }),
  /**
   * No discipline of cảnh cáo or above: the answer is either a count of members so disciplined
   * (must be 0) or a discipline level (KHONG and KHIEN_TRACH pass).
   */
  z.object({ kind: z.literal("no-discipline"), answer: answerKey }),
  /** The history holds one of `awards` in each of the `years` years ending with the year recognised. */
  z.object({ kind: z.literal("history-consecutive"), awards: z.array(awardCode).min(1), years: z.number().int().min(1).max(10) }),
] as const;

/** A rule inside `any-of`: a check with no article of its own. */
export const innerRule = z.discriminatedUnion("kind", checks);
export type InnerRule = z.infer<typeof innerRule>;

const stated = { id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), article: z.string().min(1), text: z.string().min(1) };

/** A criterion of an award: a check, the article it comes from, and the requirement in Vietnamese. */
export const criteriaRule = z.discriminatedUnion("kind", [
  checks[0].extend(stated),
  checks[1].extend(stated),
  checks[2].extend(stated),
  checks[3].extend(stated),
  checks[4].extend(stated),
  z.object({ kind: z.literal("any-of"), rules: z.array(innerRule).min(2), ...stated }),
]);
export type CriteriaRule = z.infer<typeof criteriaRule>;

/** Discipline levels below cảnh cáo (Luật Cán bộ, công chức; Bộ luật Lao động use the same order). */
export const DISCIPLINE_BELOW_WARNING: readonly string[] = ["KHONG", "KHIEN_TRACH"];

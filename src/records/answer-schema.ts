/**
 * The schema of a finished flow's answers, derived from the flow itself: each step's kind gives
 * the answer's type, and the step gives its options and limits (text min/max length, number
 * min/max, a choice's values, a files step's maximum). So a flow's options and limits have one
 * source, the flow file, and the answers submitted are checked against exactly what was asked.
 * An optional step may be null (skipped); a step shown only `when` an earlier answer matches may be
 * absent. A number step with `maxFromStep` may not exceed that earlier answer.
 *
 * What the code needs beyond this (types it relies on, closed sets of values, cross-field rules)
 * is the record schema's part (parse-record.ts).
 */
import { z } from "zod";
import type { Flow, Step } from "../flows/flow-definition.ts";
import { fileRefSchema, type Answers } from "../flows/run-state.ts";
import { isValidLocalDate } from "../time/local-date.ts";
import { parsePersonName } from "../validation/parse-person-name.ts";

const derived = new WeakMap<Flow, z.ZodType<Answers>>();

/** The answers schema of `flow` (built once per flow object). */
export function answerSchemaFor(flow: Flow): z.ZodType<Answers> {
  let schema = derived.get(flow);
  if (!schema) {
    schema = build(flow);
    derived.set(flow, schema);
  }
  return schema;
}

function build(flow: Flow): z.ZodType<Answers> {
  const shape: Record<string, z.ZodType> = {};
  for (const step of flow.steps) {
    let value: z.ZodType = valueSchema(step);
    if (step.optional) value = value.nullable();
    if (step.when) value = value.optional();
    shape[step.id] = value;
  }
  return z.object(shape).superRefine((answers, ctx) => {
    for (const step of flow.steps) {
      if (step.kind !== "number" || !step.maxFromStep) continue;
      const value = answers[step.id];
      const limit = answers[step.maxFromStep];
      if (typeof value === "number" && typeof limit === "number" && value > limit) {
        ctx.addIssue({ code: "custom", path: [step.id], message: `more than the answer to "${step.maxFromStep}" (${limit})` });
      }
    }
  }) as unknown as z.ZodType<Answers>;
}

function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m !== null && isValidLocalDate({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
}

/** Characters as the engine counts them: code points. */
function chars(min: number, max: number): z.ZodType<string> {
  return z.string().refine((s) => {
    const length = Array.from(s).length;
    return length >= min && length <= max;
  }, { message: `from ${min} to ${max} characters` });
}

function valueSchema(step: Step): z.ZodType {
  switch (step.kind) {
    case "text":
      return chars(Math.max(1, step.minLength), step.maxLength);
    case "person-name":
      // The parser is idempotent on the names it accepted: a stored name reads back as itself.
      return z.string().refine((s) => {
        const parsed = parsePersonName(s);
        return parsed.ok && parsed.value === s;
      }, { message: "not a person's name" });
    case "number":
      return z.number().int().min(step.min).max(step.max);
    case "date":
      return z.string().refine(isIsoDate, { message: "not a calendar date (yyyy-mm-dd)" });
    case "choice":
      return z.enum(step.options.map((o) => o.value) as [string, ...string[]]);
    case "multi-choice":
      return z.array(z.enum(step.options.map((o) => o.value) as [string, ...string[]])).min(step.minSelected);
    case "yes-no":
      return z.boolean();
    case "phone":
      return z.string().regex(/^\+84\d{9}$/);
    case "cccd":
      return z.string().regex(/^\d{12}$/);
    case "unit":
    case "award":
      return z.string().min(1);
    case "files":
      return z.array(fileRefSchema).min(1).max(step.maxFiles);
    case "dossier":
      return z.string().regex(/^TDKT-\d{4}-\d{6}$/);
    case "consent":
      return z.iso.datetime();
  }
}

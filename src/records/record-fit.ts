/**
 * Does a flow fit its record schema? Run by the flow loader (so by start-up and by
 * `npm run flows:check`): every answer the flow can produce must be one the record schema accepts,
 * every record field must have a step or be allowed to be missing, and every step's answer must
 * have a field to go to. Each answer kind is tried with its extreme values (a text of the step's
 * maximum length, a number step's min and max, every option of a choice, null for an optional
 * step, nothing for a conditional one), so an added option, a raised limit or a removed step fails
 * here, with the step named, instead of at every submission.
 */
import type { Flow, Step } from "../flows/flow-definition.ts";
import type { Answer } from "../flows/run-state.ts";
import { RECORD_SCHEMAS } from "./parse-record.ts";

interface Probe {
  /** What the flow allows, as the problem names it: `a text of 5000 characters (maxLength 5000)`, `option value "KHAC"`. */
  what: string;
  value: Answer | undefined;
}

/** The problems of `flow` against its record schema, each naming its step: empty when it fits. */
export function recordFitProblems(flow: Flow): string[] {
  const schema = RECORD_SCHEMAS[flow.record];
  const fields: Record<string, { safeParse(v: unknown): { success: boolean; error?: { issues: Array<{ message: string }> } } }> = schema.shape;
  const problems: string[] = [];
  for (const step of flow.steps) {
    const field = fields[step.id];
    if (!field) {
      problems.push(`step[id=${step.id}]: record ${flow.record} has no field "${step.id}", so this answer would be lost`);
      continue;
    }
    for (const probe of probesOf(step)) {
      const result = field.safeParse(probe.value);
      if (!result.success) {
        problems.push(`step[id=${step.id}]: ${probe.what} is refused by record ${flow.record} (field ${step.id}: ${result.error?.issues[0]?.message ?? "invalid"})`);
      }
    }
  }
  const stepIds = new Set(flow.steps.map((s) => s.id));
  for (const [name, field] of Object.entries(fields)) {
    if (!stepIds.has(name) && !field.safeParse(undefined).success) problems.push(`record ${flow.record} needs a step with id "${name}"`);
  }
  return problems;
}

const SAMPLE_FILE = { id: "f", mime: "image/jpeg", size: 1 };

function probesOf(step: Step): Probe[] {
  const probes = valueProbes(step);
  if (step.optional) probes.push({ what: "optional (a skipped answer)", value: null });
  if (step.when) probes.push({ what: `"when" (no answer when the step is not shown)`, value: undefined });
  return probes;
}

function valueProbes(step: Step): Probe[] {
  switch (step.kind) {
    case "text":
      return [
        { what: `a text of ${Math.max(1, step.minLength)} characters (minLength ${step.minLength})`, value: "a".repeat(Math.max(1, step.minLength)) },
        { what: `a text of ${step.maxLength} characters (maxLength ${step.maxLength})`, value: "a".repeat(step.maxLength) },
      ];
    case "person-name":
      return [{ what: "a person's name", value: "Nguyễn Văn An" }];
    case "number":
      return [
        { what: `min ${step.min}`, value: step.min },
        { what: `max ${step.max}`, value: step.max },
      ];
    case "date":
      return [{ what: "a date", value: "2000-01-31" }];
    case "choice":
      return step.options.map((o) => ({ what: `option value "${o.value}"`, value: o.value }));
    case "multi-choice":
      return step.options.map((o) => ({ what: `option value "${o.value}"`, value: [o.value] }));
    case "yes-no":
      return [
        { what: "the answer yes", value: true },
        { what: "the answer no", value: false },
      ];
    case "phone":
      return [{ what: "a phone number", value: "+84912345678" }];
    case "cccd":
      return [{ what: "a personal identification number", value: "038185001234" }];
    case "unit":
      return [{ what: "a unit", value: "thanh-hoa/ha-trung" }];
    case "award":
      return [{ what: "an award code", value: "LAO_DONG_TIEN_TIEN" }];
    case "files":
      return [{ what: `maxFiles ${step.maxFiles}`, value: Array.from({ length: step.maxFiles }, (_, i) => ({ ...SAMPLE_FILE, id: `f${i}` })) }];
    case "dossier":
      return [{ what: "a dossier code", value: "TDKT-2026-000001" }];
    case "consent":
      return [{ what: "an agreement (its time)", value: "2026-01-01T00:00:00.000Z" }];
  }
}

/**
 * The persisted state of one run of a flow (a draft). It is versioned: `readRunState` accepts
 * every version ever written and migrates it to the current one on read, so a deploy never drops
 * a half-filled form. Answers are plain JSON: text, numbers, booleans, ISO dates (`yyyy-mm-dd`),
 * choice values, unit ids, award codes, lists of files, or null for a skipped optional step.
 */
import { z } from "zod";

export const RUN_STATE_VERSION = 1;

export const fileRefSchema = z.object({
  id: z.string(),
  mime: z.string(),
  size: z.number().int().nonnegative(),
  fileName: z.string().optional(),
});
export type FileRef = z.infer<typeof fileRefSchema>;

export const answerSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string()),
  z.array(fileRefSchema),
]);
export type Answer = z.infer<typeof answerSchema>;
export type Answers = Record<string, Answer>;

/**
 * A button or numbered choice the engine offers with a message: the value an answer carries and
 * the label shown. Structurally the channel port's `Choice`, declared here so the engine depends
 * on no channel; the conversation hands one for the other.
 */
export const runChoiceSchema = z.object({ value: z.string(), label: z.string() });
export type RunChoice = z.infer<typeof runChoiceSchema>;

const runStateV1 = z.object({
  v: z.literal(1),
  flowId: z.string(),
  revision: z.number().int(),
  lang: z.enum(["vi", "en"]),
  /** asking: waiting for the answer to `stepId`; summary: waiting for confirm or edit. */
  phase: z.enum(["asking", "summary", "done", "cancelled"]),
  stepId: z.string().nullable(),
  answers: z.record(z.string(), answerSchema),
  /** Steps answered, in the order they were answered; "quay lại" walks it back. */
  trail: z.array(z.string()),
  /** True while changing one answer from the summary: the run returns to the summary after it. */
  editing: z.boolean(),
  /** Choices offered to settle an ambiguous answer (e.g. two villages of the same name). */
  candidates: z.array(z.string()).optional(),
  /**
   * Steps still to change after the current one, when the council returned the dossier naming
   * several answers: each is asked in turn, then the summary. Absent in states written before
   * returns existed, which read as "none".
   */
  pendingFixes: z.array(z.string()).optional(),
  /**
   * The choices of the question last asked, as shown: a pressed button is resolved against them,
   * and the question asked again shows them again, so a button means what its message said even
   * if the catalogues or a queue changed since. Absent in states written before it existed (and
   * in finished runs), which fall back to the question rendered anew.
   */
  offered: z.array(runChoiceSchema).optional(),
  /**
   * Shared steps whose answers were kept from the previous submission ("thêm người nữa"): moving
   * forward passes over them while they still fit, and "quay lại" walks back through them. Absent
   * in runs started from the beginning (and in states written before it existed).
   */
  kept: z.array(z.string()).optional(),
});
export type RunState = z.infer<typeof runStateV1>;

/** Parses a stored state of any version into the current shape; throws if it is not a run state. */
export function readRunState(raw: unknown): RunState {
  const version = (raw as { v?: unknown } | null)?.v;
  switch (version) {
    case 1:
      return runStateV1.parse(raw);
    default:
      throw new Error(`unknown run state version ${String(version)}`);
  }
}

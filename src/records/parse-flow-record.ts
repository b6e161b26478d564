/**
 * The record of a finished flow, checked twice: against the flow (the answers are ones its steps
 * could give: options, limits; see answer-schema.ts) and against the record schema of its kind
 * (types, closed sets, cross-field rules; see parse-record.ts). A failure is a value naming the
 * steps whose answers must change, never an exception: the conversation answers it politely and
 * reopens those questions, keeping the draft.
 */
import type { z } from "zod";
import type { Flow } from "../flows/flow-definition.ts";
import type { Answers } from "../flows/run-state.ts";
import { answerSchemaFor } from "./answer-schema.ts";
import { RECORD_SCHEMAS, type ParsedRecord } from "./parse-record.ts";

/** One reason the answers do not make a record: the step to ask again (null: none in this flow). */
export interface RecordProblem {
  stepId: string | null;
  message: string;
}

export type FlowRecordResult = { ok: true; parsed: ParsedRecord } | { ok: false; problems: RecordProblem[] };

export function parseFlowRecord(flow: Flow, answers: Answers): FlowRecordResult {
  const asked = answerSchemaFor(flow).safeParse(answers);
  if (!asked.success) return { ok: false, problems: problemsOf(flow, asked.error) };
  const typed = RECORD_SCHEMAS[flow.record].safeParse(answers);
  if (!typed.success) return { ok: false, problems: problemsOf(flow, typed.error) };
  return { ok: true, parsed: { kind: flow.record, record: typed.data } as ParsedRecord };
}

function problemsOf(flow: Flow, error: z.ZodError): RecordProblem[] {
  return error.issues.map((issue) => {
    const first = issue.path[0];
    const stepId = typeof first === "string" && flow.steps.some((s) => s.id === first) ? first : null;
    return { stepId, message: `${issue.path.join(".") || "(record)"}: ${issue.message}` };
  });
}

/**
 * Typed records made from the answers of a finished flow, one schema per record kind (a flow names
 * its kind in `record`). The submission code works on these checked, typed values.
 *
 * One source of truth: a flow's options and limits live in the flow only. A record schema says
 * what the code and the council need, and nothing the flow already says: the type of each answer,
 * whether it may be missing, the closed sets of values the code or the council's payload handle
 * (gender, kind of commendation, the review actions…), the few bounds the consumers impose, and the
 * cross-field rules a flow cannot express (LĐTT ≤ members, a named reporter gives a name and a
 * phone, a return names a part). Open sets (a good deed's category, the subject category, the kind
 * of collective) and text lengths are the flow's alone.
 *
 * At a submission, `parseFlowRecord` (parse-flow-record.ts) checks the answers against the flow
 * (its options and limits) and then against the record schema. At load, `recordFitProblems`
 * (record-fit.ts) refuses a flow that can produce an answer its record schema would refuse, that
 * lacks a step a record field needs, or has a step no field keeps, naming the step.
 */
import { z } from "zod";
import { fileRefSchema, type Answers } from "../flows/run-state.ts";
import { returnedField } from "../council/council-api-schemas.ts";
import {
  achievementTypeSchema,
  genderSchema,
  reportSubjectKindSchema,
  subjectConsentSchema,
} from "../dossiers/dossier-payload.ts";
import { FIX_AREAS_OFFERED } from "./payload-fields.ts";
import type { RecordKind } from "./record-kind.ts";

/**
 * The longest text answer a record keeps, in characters (code points, as the engine counts): one
 * chat message on the web chat, the channel with the largest messages a person can send.
 */
export const MAX_TEXT_CHARS = 4000;

/** A secretary's note becomes the council's message on each returned field: its limit applies. */
const NOTE_MAX_CHARS = returnedField.shape.message.maxLength ?? MAX_TEXT_CHARS;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const e164 = z.string().regex(/^\+84\d{9}$/);
const code = z.string().regex(/^[A-Z0-9_]+$/);
const id = z.string().min(1);

/** Non-empty text of at most `max` characters (code points). */
function text(max = MAX_TEXT_CHARS) {
  return z
    .string()
    .min(1)
    .refine((s) => Array.from(s).length <= max, { message: `at most ${max} characters` });
}

/** An answer that may be skipped (null) or not asked (absent); both read as null. */
function optional<T extends z.ZodType>(schema: T) {
  return schema
    .nullable()
    .optional()
    .transform((v) => v ?? null);
}

/** Files, possibly none: a skipped files step reads as an empty list. */
const files = z
  .array(fileRefSchema)
  .nullable()
  .optional()
  .transform((f) => f ?? []);

export const goodDeedRecord = z
  .object({
    consent: z.iso.datetime(),
    subjectKind: reportSubjectKindSchema,
    subjectName: optional(text()),
    subjectPhone: optional(e164),
    category: code,
    story: text(),
    occurredOn: isoDate,
    place: id,
    photos: files,
    reporterAnonymous: z.boolean(),
    reporterName: optional(text()),
    reporterPhone: optional(e164),
    subjectConsent: subjectConsentSchema,
  })
  .refine((r) => r.reporterAnonymous || (r.reporterName !== null && r.reporterPhone !== null), {
    message: "a named reporter needs a name and a phone number",
    path: ["reporterName"],
  });
export type GoodDeedRecord = z.infer<typeof goodDeedRecord>;

/** Answers the award's criteria read (src/law), asked only when the chosen award needs them. */
const criteriaAnswers = {
  year: optional(z.number().int()),
  pendingReview: optional(z.boolean()),
  priorAwards: optional(text()),
};

/** What every nomination (individual, collective, household) answers about the award and the achievement. */
const nominationAnswers = {
  award: id,
  achievementType: achievementTypeSchema,
  movement: optional(text()),
  summary: text(),
  evidence: files,
  attestation: z.iso.datetime(),
  ...criteriaAnswers,
};

export const individualNominationRecord = z.object({
  ...nominationAnswers,
  fullName: text(),
  gender: genderSchema,
  birthDate: isoDate,
  cccd: optional(z.string().regex(/^\d{12}$/)),
  position: text(),
  unit: id,
  subjectCategory: code,
  taskCompletion: optional(code),
  advancedThisYear: optional(z.boolean()),
  hasInitiative: optional(z.boolean()),
  initiative: optional(text()),
});
export type IndividualNominationRecord = z.infer<typeof individualNominationRecord>;

export const collectiveNominationRecord = z
  .object({
    collectiveName: text(),
    collectiveKind: code,
    unit: id,
    // At least 1: the payload's share of Lao động tiên tiến divides by it.
    memberCount: z.number().int().min(1),
    advancedWorkerCount: z.number().int().min(0),
    ...nominationAnswers,
    cstdCount: optional(z.number().int().min(0)),
    allMembersCompleted: optional(z.boolean()),
    disciplinedCount: optional(z.number().int().min(0)),
    headName: optional(text()),
  })
  .refine((r) => r.advancedWorkerCount <= r.memberCount, { message: "more advanced workers than members", path: ["advancedWorkerCount"] });
export type CollectiveNominationRecord = z.infer<typeof collectiveNominationRecord>;

/** A household (hộ gia đình), named by its head (chủ hộ) and where it lives. */
export const householdNominationRecord = z.object({
  headName: text(),
  unit: id,
  memberCount: optional(z.number().int().min(1)),
  ...nominationAnswers,
});
export type HouseholdNominationRecord = z.infer<typeof householdNominationRecord>;

export const councilReviewRecord = z
  .object({
    dossier: z.string().regex(/^TDKT-\d{4}-\d{6}$/),
    action: z.enum(["IN_REVIEW", "RECOMMEND", "NOT_RECOMMEND", "RETURN", "FORWARD_UPWARD", "DECIDE"]),
    fields: optional(z.array(z.enum(FIX_AREAS_OFFERED))).transform((v) => v ?? []),
    note: optional(text(NOTE_MAX_CHARS)),
    // The decision (quyết định), with DECIDE: its number, the date signed, who signed, the outcome.
    decisionNumber: optional(text(100)),
    decisionDate: optional(isoDate),
    signer: optional(text(200)),
    outcome: optional(z.enum(["GRANTED", "REFUSED"])),
  })
  .refine((r) => r.action !== "RETURN" || r.fields.length > 0, { message: "a return names at least one part to fix", path: ["fields"] })
  .refine((r) => r.action !== "NOT_RECOMMEND" || r.note !== null, { message: "not recommending gives a reason", path: ["note"] })
  .refine((r) => r.action !== "DECIDE" || (r.decisionNumber !== null && r.decisionDate !== null && r.signer !== null && r.outcome !== null), {
    message: "a decision has a number, a date, a signer and an outcome",
    path: ["decisionNumber"],
  });
export type CouncilReviewRecord = z.infer<typeof councilReviewRecord>;

/** An officer's or secretary's entry on a good-deed report (the report-verification flow). */
export const reportVerificationRecord = z
  .object({
    report: z.string().regex(/^TDKT-\d{4}-\d{6}$/),
    action: z.enum(["IN_REVIEW", "VERIFIED", "UNFOUNDED", "DUPLICATE", "PRAISE", "PROPOSE", "FILE"]),
    note: optional(text(NOTE_MAX_CHARS)),
  })
  .refine((r) => !["VERIFIED", "UNFOUNDED", "DUPLICATE"].includes(r.action) || r.note !== null, { message: "a verification outcome says how, or why", path: ["note"] });
export type ReportVerificationRecord = z.infer<typeof reportVerificationRecord>;

/** The record schema of each kind. */
export const RECORD_SCHEMAS = {
  "good-deed-report": goodDeedRecord,
  "nomination-individual": individualNominationRecord,
  "nomination-collective": collectiveNominationRecord,
  "nomination-household": householdNominationRecord,
  "council-review": councilReviewRecord,
  "report-verification": reportVerificationRecord,
} as const satisfies Record<RecordKind, z.ZodObject>;

/** A record with its kind, one variant per entry of {@link RECORD_SCHEMAS}. */
export type ParsedRecord = { [K in RecordKind]: { kind: K; record: z.infer<(typeof RECORD_SCHEMAS)[K]> } }[RecordKind];

/** The records that become dossiers (everything but the staff's entries on them). */
export type DossierRecord = Exclude<ParsedRecord, { kind: "council-review" | "report-verification" }>;

/**
 * Parses answers into the record of `kind`; throws a ZodError when they do not fit. It checks the
 * record schema only; a submission uses `parseFlowRecord`, which also checks the flow's options and
 * limits and returns the problems as values.
 */
export function parseRecord(kind: RecordKind, answers: Answers): ParsedRecord {
  // TypeScript cannot tie the schema picked by `kind` to the variant of that kind: the cast says so.
  return { kind, record: RECORD_SCHEMAS[kind].parse(answers) } as ParsedRecord;
}

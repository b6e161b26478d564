/**
 * Typed records made from the answers of a finished flow. Each completed flow is parsed by the
 * zod schema of its record kind (named by the flow's `record`), so the submission code works on
 * checked, typed values and never on loose answers.
 */
import { z } from "zod";
import { fileRefSchema, type Answers } from "../flows/run-state.ts";
import type { RecordKind } from "./record-steps.ts";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const e164 = z.string().regex(/^\+84\d{9}$/);
const files = z.array(fileRefSchema).nullable().transform((f) => f ?? []);
const optionalText = z.string().min(1).nullable().optional().transform((v) => v ?? null);

export const goodDeedRecord = z.object({
  consent: z.iso.datetime(),
  subjectKind: z.enum(["CA_NHAN", "TAP_THE", "CHUA_RO"]),
  subjectName: optionalText,
  subjectPhone: e164.nullable().optional().transform((v) => v ?? null),
  category: z.string().regex(/^[A-Z_]+$/),
  story: z.string().min(20).max(2000),
  occurredOn: isoDate,
  place: z.string().min(1),
  photos: files.optional().transform((f) => f ?? []),
  reporterAnonymous: z.boolean(),
  reporterName: optionalText,
  reporterPhone: e164.nullable().optional().transform((v) => v ?? null),
  subjectConsent: z.enum(["DONG_Y", "CHUA_HOI", "TU_CHOI"]),
}).refine((r) => r.reporterAnonymous || (r.reporterName !== null && r.reporterPhone !== null), {
  message: "a named reporter needs a name and a phone number",
});
export type GoodDeedRecord = z.infer<typeof goodDeedRecord>;

const achievementType = z.enum(["THUONG_XUYEN", "CHUYEN_DE", "DOT_XUAT"]);
const optionalCount = z.number().int().min(0).nullable().optional().transform((v) => v ?? null);
const optionalYesNo = z.boolean().nullable().optional().transform((v) => v ?? null);

/** Answers the award's criteria read (src/law), asked only when the chosen award needs them. */
const criteriaAnswers = {
  year: z.number().int().min(2000).max(2100).nullable().optional().transform((v) => v ?? null),
  pendingReview: optionalYesNo,
  priorAwards: optionalText,
};

export const individualNominationRecord = z.object({
  achievementType,
  movement: optionalText,
  award: z.string().min(1),
  fullName: z.string().min(2).max(100),
  gender: z.enum(["NAM", "NU"]),
  birthDate: isoDate,
  cccd: z.string().regex(/^\d{12}$/).nullable().optional().transform((v) => v ?? null),
  position: z.string().min(2),
  unit: z.string().min(1),
  subjectCategory: z.enum([
    "LANH_DAO_QUAN_LY",
    "NGUOI_LAO_DONG_TRUC_TIEP",
    "NONG_DAN",
    "CONG_NHAN",
    "CHIEN_SI",
    "CONG_CHUC_VIEN_CHUC",
    "DOANH_NHAN",
    "HOC_SINH_SINH_VIEN",
    "NGUOI_CAO_TUOI_HUU_TRI",
    "KHAC",
  ]),
  summary: z.string().min(50).max(1500),
  evidence: files.optional().transform((f) => f ?? []),
  attestation: z.iso.datetime(),
  ...criteriaAnswers,
  taskCompletion: z.enum(["HOAN_THANH_XUAT_SAC", "HOAN_THANH_TOT", "HOAN_THANH", "KHONG_HOAN_THANH"]).nullable().optional().transform((v) => v ?? null),
  advancedThisYear: optionalYesNo,
  hasInitiative: optionalYesNo,
  initiative: optionalText,
});
export type IndividualNominationRecord = z.infer<typeof individualNominationRecord>;

export const collectiveNominationRecord = z.object({
  collectiveName: z.string().min(3),
  collectiveKind: z.enum(["THON", "TO_DAN_PHO", "CO_QUAN", "TRUONG_HOC", "HOP_TAC_XA", "DOANH_NGHIEP", "DOAN_THE", "DAN_QUAN", "XA", "KHAC"]),
  unit: z.string().min(1),
  memberCount: z.number().int().min(2),
  advancedWorkerCount: z.number().int().min(0),
  award: z.string().min(1),
  achievementType,
  movement: optionalText,
  summary: z.string().min(50).max(1500),
  evidence: files.optional().transform((f) => f ?? []),
  attestation: z.iso.datetime(),
  ...criteriaAnswers,
  cstdCount: optionalCount,
  allMembersCompleted: optionalYesNo,
  disciplinedCount: optionalCount,
  headName: optionalText,
}).refine((r) => r.advancedWorkerCount <= r.memberCount, { message: "more advanced workers than members" });
export type CollectiveNominationRecord = z.infer<typeof collectiveNominationRecord>;

export const councilReviewRecord = z
  .object({
    dossier: z.string().regex(/^TDKT-\d{4}-\d{6}$/),
    action: z.enum(["IN_REVIEW", "RECOMMEND", "NOT_RECOMMEND", "RETURN", "FORWARD_UPWARD", "DECIDE"]),
    fields: z.array(z.string()).nullable().optional().transform((v) => v ?? []),
    note: optionalText,
    decisionNumber: optionalText,
    decisionDate: isoDate.nullable().optional().transform((v) => v ?? null),
    signer: optionalText,
    outcome: z.enum(["GRANTED", "REFUSED"]).nullable().optional().transform((v) => v ?? null),
  })
  .refine((r) => r.action !== "RETURN" || r.fields.length > 0, { message: "a return names at least one part to fix" })
  .refine((r) => r.action !== "NOT_RECOMMEND" || r.note !== null, { message: "not recommending gives a reason" })
  .refine((r) => r.action !== "DECIDE" || (r.decisionNumber !== null && r.decisionDate !== null && r.signer !== null && r.outcome !== null), {
    message: "a decision has a number, a date, a signer and an outcome",
  });
export type CouncilReviewRecord = z.infer<typeof councilReviewRecord>;

export const reportVerificationRecord = z
  .object({
    report: z.string().regex(/^TDKT-\d{4}-\d{6}$/),
    action: z.enum(["IN_REVIEW", "VERIFIED", "UNFOUNDED", "DUPLICATE", "PRAISE", "PROPOSE", "FILE"]),
    note: optionalText,
  })
  .refine((r) => !["VERIFIED", "UNFOUNDED", "DUPLICATE"].includes(r.action) || r.note !== null, { message: "a verification outcome says how, or why" });
export type ReportVerificationRecord = z.infer<typeof reportVerificationRecord>;

export type ParsedRecord =
  | { kind: "good-deed-report"; record: GoodDeedRecord }
  | { kind: "nomination-individual"; record: IndividualNominationRecord }
  | { kind: "nomination-collective"; record: CollectiveNominationRecord }
  | { kind: "council-review"; record: CouncilReviewRecord }
  | { kind: "report-verification"; record: ReportVerificationRecord };

/** The records that become dossiers (everything but a secretary's review). */
export type DossierRecord = Exclude<ParsedRecord, { kind: "council-review" | "report-verification" }>;

/** Parses the answers of a finished flow into its record; throws a ZodError when they do not fit. */
export function parseRecord(kind: RecordKind, answers: Answers): ParsedRecord {
  switch (kind) {
    case "good-deed-report":
      return { kind, record: goodDeedRecord.parse(answers) };
    case "nomination-individual":
      return { kind, record: individualNominationRecord.parse(answers) };
    case "nomination-collective":
      return { kind, record: collectiveNominationRecord.parse(answers) };
    case "council-review":
      return { kind, record: councilReviewRecord.parse(answers) };
    case "report-verification":
      return { kind, record: reportVerificationRecord.parse(answers) };
  }
}

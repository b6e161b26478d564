/**
 * The kinds of typed record a finished flow becomes (a flow names its kind in `record`). Each kind
 * has a record schema in `parse-record.ts`; the flow loader checks every flow against its kind's
 * schema (`record-fit.ts`).
 */
export const RECORD_KINDS = ["good-deed-report", "nomination-individual", "nomination-collective", "nomination-household", "council-review", "report-verification"] as const;

export type RecordKind = (typeof RECORD_KINDS)[number];

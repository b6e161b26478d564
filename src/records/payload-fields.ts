/**
 * Which form answer (step id) a dossier payload field comes from, so that a council returning a
 * dossier with "nomination.summary: cần nêu số liệu cụ thể" reopens the form at the summary
 * question. A field path names a payload property or anything inside it ("nomination.award.code"
 * is the award); fields without a step (the unit's path, attachments' hashes) are only reported.
 */
import type { RecordKind } from "./record-kind.ts";

const FIELD_STEPS: Record<Exclude<RecordKind, "council-review" | "report-verification">, Record<string, string>> = {
  "nomination-individual": {
    "unit": "unit",
    "attachments": "evidence",
    "nomination.nominee.fullName": "fullName",
    "nomination.nominee.gender": "gender",
    "nomination.nominee.birthDate": "birthDate",
    "nomination.nominee.nationalId": "cccd",
    "nomination.nominee.position": "position",
    "nomination.nominee.subjectCategory": "subjectCategory",
    "nomination.nominee.unit": "unit",
    "nomination.award": "award",
    "nomination.achievementType": "achievementType",
    "nomination.movement": "movement",
    "nomination.summary": "summary",
    "nomination.attestation": "attestation",
  },
  "nomination-collective": {
    "unit": "unit",
    "attachments": "evidence",
    "nomination.collective.name": "collectiveName",
    "nomination.collective.kind": "collectiveKind",
    "nomination.collective.memberCount": "memberCount",
    "nomination.collective.advancedWorkerCount": "advancedWorkerCount",
    "nomination.collective.advancedWorkerPercent": "advancedWorkerCount",
    "nomination.collective.unit": "unit",
    "nomination.award": "award",
    "nomination.achievementType": "achievementType",
    "nomination.movement": "movement",
    "nomination.summary": "summary",
    "nomination.attestation": "attestation",
  },
  "nomination-household": {
    "unit": "unit",
    "attachments": "evidence",
    "nomination.household.headName": "headName",
    "nomination.household.memberCount": "memberCount",
    "nomination.household.unit": "unit",
    "nomination.award": "award",
    "nomination.achievementType": "achievementType",
    "nomination.movement": "movement",
    "nomination.summary": "summary",
    "nomination.attestation": "attestation",
  },
  "good-deed-report": {
    "unit": "place",
    "attachments": "photos",
    "goodDeedReport.subject.kind": "subjectKind",
    "goodDeedReport.subject.name": "subjectName",
    "goodDeedReport.subject.phone": "subjectPhone",
    "goodDeedReport.category": "category",
    "goodDeedReport.story": "story",
    "goodDeedReport.occurredOn": "occurredOn",
    "goodDeedReport.reporter.anonymous": "reporterAnonymous",
    "goodDeedReport.reporter.name": "reporterName",
    "goodDeedReport.reporter.phone": "reporterPhone",
    "goodDeedReport.subjectConsent": "subjectConsent",
  },
};

/** The step that produced a payload field, or null. Looks at the path and its parents. */
export function stepForField(kind: RecordKind, field: string): string | null {
  if (kind === "council-review" || kind === "report-verification") return null;
  const table = FIELD_STEPS[kind];
  for (let path = field; path; path = path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "") {
    const step = table[path];
    if (step) return step;
  }
  return null;
}

/** The parts of a dossier a secretary can ask to fix, as choices of the review flow. */
export const FIX_AREAS_OFFERED = ["NOMINEE", "CATEGORY", "DATES", "UNIT", "AWARD", "SUMMARY", "EVIDENCE"] as const;
export type FixArea = (typeof FIX_AREAS_OFFERED)[number];

const FIX_AREAS: Record<string, Partial<Record<FixArea, string>>> = {
  NOMINATION_INDIVIDUAL: {
    NOMINEE: "nomination.nominee.fullName",
    CATEGORY: "nomination.nominee.subjectCategory",
    DATES: "nomination.nominee.birthDate",
    UNIT: "unit",
    AWARD: "nomination.award",
    SUMMARY: "nomination.summary",
    EVIDENCE: "attachments",
  },
  NOMINATION_COLLECTIVE: {
    NOMINEE: "nomination.collective.name",
    CATEGORY: "nomination.collective.kind",
    UNIT: "unit",
    AWARD: "nomination.award",
    SUMMARY: "nomination.summary",
    EVIDENCE: "attachments",
  },
  NOMINATION_HOUSEHOLD: {
    NOMINEE: "nomination.household.headName",
    UNIT: "unit",
    AWARD: "nomination.award",
    SUMMARY: "nomination.summary",
    EVIDENCE: "attachments",
  },
  GOOD_DEED_REPORT: {
    NOMINEE: "goodDeedReport.subject.name",
    CATEGORY: "goodDeedReport.category",
    DATES: "goodDeedReport.occurredOn",
    UNIT: "unit",
    SUMMARY: "goodDeedReport.story",
    EVIDENCE: "attachments",
  },
};

/** The payload field an area names in a dossier of this kind, or null when it has none. */
export function fieldForArea(dossierKind: string, area: string): string | null {
  return FIX_AREAS[dossierKind]?.[area as FixArea] ?? null;
}

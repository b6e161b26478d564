/**
 * The step ids each record kind reads from a finished flow. The flow loader refuses a flow whose
 * `record` needs a step it does not have, so a renamed step fails at `npm run flows:check`,
 * not at a person's submission.
 */
export const RECORD_STEPS = {
  "good-deed-report": ["consent", "subjectKind", "category", "story", "occurredOn", "place", "reporterAnonymous", "subjectConsent"],
  "nomination-individual": ["achievementType", "award", "fullName", "gender", "birthDate", "position", "unit", "subjectCategory", "summary", "attestation"],
  "nomination-collective": ["collectiveName", "collectiveKind", "unit", "memberCount", "advancedWorkerCount", "award", "achievementType", "summary", "attestation"],
  "council-review": ["dossier", "action"],
  "report-verification": ["report", "action"],
} as const satisfies Record<string, readonly string[]>;

export type RecordKind = keyof typeof RECORD_STEPS;

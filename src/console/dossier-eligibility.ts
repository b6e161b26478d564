/**
 * The law's check stored with a nomination (the payload's `nomination.eligibility`, src/law): who
 * decides, whether it goes upward, and the criteria the answers failed when it was sent. Older
 * payloads and good-deed reports have none.
 */
import { dossierPayloadV1 } from "../dossiers/dossier-payload.ts";

export interface Eligibility {
  grantor: { title: string; basis: string; upward: boolean; awardTitle: string };
  failed: Array<{ rule: string; article: string; explanation: string }>;
}

export function eligibilityOf(payload: unknown): Eligibility | null {
  const parsed = dossierPayloadV1.safeParse(payload);
  if (!parsed.success || parsed.data.kind === "GOOD_DEED_REPORT") return null;
  return parsed.data.nomination.eligibility ?? null;
}

/** True when the dossier was sent despite a criteria warning. */
export function hasCriteriaWarnings(payload: unknown): boolean {
  return (eligibilityOf(payload)?.failed.length ?? 0) > 0;
}

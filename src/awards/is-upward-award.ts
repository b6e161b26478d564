/**
 * Whether an award is beyond the commune's power, so that after the council recommends it the
 * commune "trình cấp trên" (status forwarded_upward) and the upper level decides.
 *
 * An award of level BO_TINH (Bằng khen, CSTĐ cấp tỉnh…) or NHA_NUOC is upward, read from the
 * seeded AwardType table, which the council's feed can reach inside its transaction. The law
 * catalogue's `upward: true` (flows/catalogues/awards.yaml) says the same for every award today,
 * and a test keeps the two in step; reading the flag itself needs the catalogue passed to the
 * council-review and feed code, a change for this one place.
 */
import type { Db, Tx } from "../db/open-database.ts";

const UPWARD_LEVELS = new Set(["BO_TINH", "NHA_NUOC"]);

/** The rule on one catalogue entry's level. */
export function isUpwardLevel(level: string): boolean {
  return UPWARD_LEVELS.has(level);
}

/** Whether the award with this code is decided above the commune (false for an unknown code). */
export async function isUpwardAward(db: Db | Tx, awardCode: string): Promise<boolean> {
  const award = await db.awardType.findUnique({ where: { code: awardCode }, select: { level: true } });
  return award !== null && isUpwardLevel(award.level);
}

/**
 * Whether an award is beyond the commune's power, so that after the council recommends it the
 * commune "trình cấp trên" (status forwarded_upward) and the upper level decides.
 *
 * Today's catalogue has no `upward` flag yet: an award of level BO_TINH (Bằng khen, CSTĐ cấp
 * tỉnh…) or NHA_NUOC is upward, read from the seeded AwardType table. When the catalogue gains
 * `upward: true`, this is the one place to read it from.
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

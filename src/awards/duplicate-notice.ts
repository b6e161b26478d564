/**
 * The note a submitter reads right after sending a nomination when the same nominee already has
 * one for the same award and year, granted or in progress (Luật Thi đua, khen thưởng 2022 Điều 5:
 * one achievement is not commended twice). The secretary sees the same flag in the council queue.
 */
import type { Tx } from "../db/open-database.ts";
import { findDuplicateNominations, nomineeOf } from "./award-history.ts";

type T = (key: string, params?: Record<string, string | number>) => string;

/** The note for the dossier with this code, or null when it is not a nomination or has no duplicate. */
export async function duplicateNotice(tx: Tx, code: string, t: T): Promise<string | null> {
  const dossier = await tx.dossier.findUnique({ where: { code }, include: { nomination: true } });
  const n = dossier?.nomination;
  if (!n) return null;
  const found = await findDuplicateNominations(tx, { nominee: nomineeOf(n), awardCode: n.awardCode, year: n.year, excludeNominationId: n.id });
  if (found.length === 0) return null;
  const award = (dossier.payload as { nomination?: { award?: { name?: string } } }).nomination?.award?.name ?? n.awardCode;
  return t("bot.status.duplicate", { nominee: n.nomineeName, award, year: n.year, codes: found.map((f) => f.code).join(", ") });
}

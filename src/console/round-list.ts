/**
 * The review rounds a console user may see: an administrator every round, a secretary the rounds
 * of their unit and the units under it. A round outside the scope is found by nobody (null, as
 * an unknown code), so its existence is not revealed.
 */
import type { RoundRow } from "../rounds/review-rounds.ts";
import type { ConsoleDeps } from "./console-deps.ts";
import type { ConsoleScope } from "./console-viewer.ts";
import { inScope } from "./dossier-details.ts";

export interface RoundSummary extends RoundRow {
  createdAt: Date;
  closedAt: Date | null;
  /** Dossiers in the round. */
  dossiers: number;
}

/** The rounds of the scope, newest first, with how many dossiers each holds. */
export async function roundsInScope(deps: Pick<ConsoleDeps, "db" | "units">, scope: ConsoleScope): Promise<RoundSummary[]> {
  const rows = await deps.db.reviewRound.findMany({ orderBy: [{ createdAt: "desc" }, { code: "desc" }], include: { _count: { select: { dossiers: true } } } });
  return rows.filter((r) => inScope(scope, r.unitId, deps.units)).map(({ _count, ...r }) => ({ ...summaryOf(r), dossiers: _count.dossiers }));
}

/** The round with this code when the scope covers it, else null. */
export async function roundInScope(deps: Pick<ConsoleDeps, "db" | "units">, scope: ConsoleScope, code: string): Promise<RoundSummary | null> {
  const row = await deps.db.reviewRound.findUnique({ where: { code }, include: { _count: { select: { dossiers: true } } } });
  if (!row || !inScope(scope, row.unitId, deps.units)) return null;
  const { _count, ...r } = row;
  return { ...summaryOf(r), dossiers: _count.dossiers };
}

function summaryOf(r: Omit<RoundSummary, "dossiers">): Omit<RoundSummary, "dossiers"> {
  return { id: r.id, code: r.code, unitId: r.unitId, kind: r.kind, year: r.year, title: r.title, movement: r.movement, deadline: r.deadline, status: r.status, createdAt: r.createdAt, closedAt: r.closedAt };
}

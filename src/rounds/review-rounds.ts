/**
 * Review rounds (đợt xét khen thưởng) of a unit's council: year-end (tổng kết năm), a movement's
 * (phong trào, theo chuyên đề) or đột xuất. A secretary opens one with its deadline; while it is
 * open, a nomination submitted in its unit (or a unit under it) joins it, when the kind of
 * commendation fits the round:
 * - TONG_KET_NAM takes THUONG_XUYEN nominations of its year;
 * - PHONG_TRAO takes CHUYEN_DE nominations (of its movement, when the round names one);
 * - DOT_XUAT takes DOT_XUAT nominations.
 * The nearest unit's round wins (a village's own round before its commune's). Good-deed reports
 * belong to no round.
 */
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import type { Db, Tx } from "../db/open-database.ts";
import { foldText } from "../text/fold-text.ts";

export const ROUND_KINDS = ["TONG_KET_NAM", "PHONG_TRAO", "DOT_XUAT"] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

/** The kind of commendation (Nomination.achievementType) each kind of round takes. */
const ACHIEVEMENT_OF: Record<RoundKind, string> = { TONG_KET_NAM: "THUONG_XUYEN", PHONG_TRAO: "CHUYEN_DE", DOT_XUAT: "DOT_XUAT" };

export interface NewRound {
  unitId: string;
  kind: RoundKind;
  year: number;
  title: string;
  movement?: string | null;
  /** yyyy-mm-dd */
  deadline: string;
  createdById: string;
  now: Date;
}

export interface RoundRow {
  id: string;
  code: string;
  unitId: string;
  kind: string;
  year: number;
  title: string;
  movement: string | null;
  deadline: string;
  status: string;
}

/** Next round code of the year: DX-2026-001. The counter moves inside `tx`. */
async function nextRoundCode(tx: Tx, year: number): Promise<string> {
  const name = `DX-${year}`;
  const counter = await tx.counter.upsert({ where: { name }, create: { name, value: 1 }, update: { value: { increment: 1 } } });
  return `${name}-${String(counter.value).padStart(3, "0")}`;
}

/** Opens a round, with an audit entry. */
export async function createRound(tx: Tx, input: NewRound): Promise<RoundRow> {
  const code = await nextRoundCode(tx, input.year);
  const round = await tx.reviewRound.create({
    data: {
      code,
      unitId: input.unitId,
      kind: input.kind,
      year: input.year,
      title: input.title,
      movement: input.kind === "PHONG_TRAO" ? (input.movement?.trim() || null) : null,
      deadline: input.deadline,
      status: "OPEN",
      createdById: input.createdById,
      createdAt: input.now,
    },
  });
  await tx.auditLog.create({ data: { at: input.now, actorId: input.createdById, action: "round.opened", entity: "ReviewRound", entityId: round.id, data: { code, unitId: input.unitId, kind: input.kind } } });
  return round;
}

/** Closes a round: nominations submitted later join no round. */
export async function closeRound(tx: Tx, roundId: string, actorId: string, now: Date): Promise<void> {
  await tx.reviewRound.update({ where: { id: roundId }, data: { status: "CLOSED", closedAt: now } });
  await tx.auditLog.create({ data: { at: now, actorId, action: "round.closed", entity: "ReviewRound", entityId: roundId } });
}

export interface RoundCandidate {
  /** The dossier's unit (Dossier.unitId). */
  unitId: string;
  achievementType: string;
  movement: string | null;
  year: number;
}

/** The kind of commendation (the flows' achievementType answer) a round of `kind` takes. */
export function achievementTypeOf(kind: RoundKind): string {
  return ACHIEVEMENT_OF[kind];
}

/** Whether a nomination of this kind, year and movement belongs in the round. */
export function roundTakes(round: Pick<RoundRow, "kind" | "year" | "movement">, n: Omit<RoundCandidate, "unitId">): boolean {
  const kind = round.kind as RoundKind;
  if (ACHIEVEMENT_OF[kind] !== n.achievementType) return false;
  if (kind === "TONG_KET_NAM" && round.year !== n.year) return false;
  if (kind === "PHONG_TRAO" && round.movement && (!n.movement || foldText(n.movement) !== foldText(round.movement))) return false;
  return true;
}

/**
 * The open rounds of a unit and of the units above it: the nearest unit's first (a village's own
 * round before its commune's), then by when they were opened (`created`: oldest or newest first).
 */
export async function openRoundsNearestFirst(db: Db | Tx, units: UnitDirectory, unitId: string, created: "oldest" | "newest"): Promise<RoundRow[]> {
  const chain = units.chain(unitId).map((u) => u.id);
  if (!chain.length) chain.push(unitId);
  const open = await db.reviewRound.findMany({ where: { status: "OPEN", unitId: { in: chain } }, orderBy: { createdAt: created === "oldest" ? "asc" : "desc" } });
  // The chain runs from the province down; the sort is stable, so the order by date stays within a unit.
  return open.sort((a, b) => chain.indexOf(b.unitId) - chain.indexOf(a.unitId));
}

/** The open round a nomination joins: the oldest that takes it, of its unit or the nearest unit above it, or null. */
export async function openRoundFor(tx: Tx, units: UnitDirectory, n: RoundCandidate): Promise<RoundRow | null> {
  return (await openRoundsNearestFirst(tx, units, n.unitId, "oldest")).find((r) => roundTakes(r, n)) ?? null;
}

/** Statuses of a nomination no longer before the council: it does not join a round afterwards. */
const SETTLED = ["RETURNED", "RESUBMITTED", "NOT_RECOMMENDED", "REFUSED", "GRANTED", "FORWARDED_UPWARD"];

/**
 * Nominations sent before the round was opened (or while none fitted) that the round would have
 * taken: in its unit or under it, in no round, still before the council, of the round's kind.
 */
export async function earlierNominations(db: Db | Tx, units: UnitDirectory, round: Pick<RoundRow, "id" | "unitId" | "kind" | "year" | "movement">) {
  const rows = await db.dossier.findMany({
    where: { roundId: null, nominationId: { not: null }, status: { notIn: SETTLED }, unitId: { in: units.idsWithin(round.unitId) } },
    include: { nomination: { select: { nomineeName: true, awardCode: true, achievementType: true, movement: true, year: true } } },
    orderBy: { code: "asc" },
  });
  return rows.filter((d) => d.nomination && roundTakes(round, d.nomination));
}

/**
 * Puts the chosen earlier nominations (by dossier id) into an open round; ids that are not among
 * {@link earlierNominations} now are left out. Returns how many joined.
 */
export async function addToRound(tx: Tx, units: UnitDirectory, round: RoundRow, dossierIds: readonly string[], actorId: string, now: Date): Promise<number> {
  const current = await tx.reviewRound.findUnique({ where: { id: round.id } });
  if (current?.status !== "OPEN") return 0;
  const allowed = new Set((await earlierNominations(tx, units, current)).map((d) => d.id));
  const ids = [...new Set(dossierIds)].filter((id) => allowed.has(id));
  if (!ids.length) return 0;
  await tx.dossier.updateMany({ where: { id: { in: ids }, roundId: null }, data: { roundId: round.id } });
  await tx.auditLog.create({ data: { at: now, actorId, action: "round.dossiers_added", entity: "ReviewRound", entityId: round.id, data: { dossierIds: ids } } });
  return ids.length;
}

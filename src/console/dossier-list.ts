/**
 * The console's dossier list: the dossiers of the person's scope, filtered by unit (with the units
 * under it), award, status, kind, submission dates (Vietnamese calendar days) and criteria
 * warnings, newest first, a page at a time, with the count of each award among them.
 *
 * Every filter but the warnings is a database condition. The warnings live in the payload's JSON,
 * which SQLite and PostgreSQL filter with different syntax: with that filter on, the payloads of
 * the rows the other filters leave are read and checked here, then paged (a commune's year holds
 * hundreds of dossiers, not millions).
 */
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import type { Db } from "../db/open-database.ts";
import type { Prisma } from "../generated/sqlite/client.ts";
import { addDays, type LocalDate } from "../time/local-date.ts";
import { startOfDayInVietnam } from "../time/vietnam-time.ts";
import type { ConsoleScope } from "./console-viewer.ts";
import { hasCriteriaWarnings } from "./dossier-eligibility.ts";

/** Dossiers per page. */
export const PAGE_SIZE = 50;

export interface ListFilters {
  /** A unit within the scope: its dossiers and those of the units under it. */
  unit?: string;
  award?: string;
  status?: string;
  kind?: string;
  from?: LocalDate;
  to?: LocalDate;
  warnings: boolean;
  /** 1-based. */
  page: number;
}

export interface ListRow {
  code: string;
  kind: string;
  /** The nominee, or the subject of a good-deed report (null: not named, or erased). */
  nominee: string | null;
  awardCode: string | null;
  unitId: string;
  submittedAt: Date;
  status: string;
  warnings: boolean;
}

export interface DossierListPage {
  rows: ListRow[];
  total: number;
  page: number;
  pages: number;
  /** Nominations per award code among all the filtered dossiers, most first. */
  byAward: Array<{ awardCode: string; count: number }>;
}

/** The ids of the unit and every unit under it. */
export function unitsUnder(units: UnitDirectory, rootId: string): string[] {
  return units.units.filter((u) => units.isWithin(u.id, rootId)).map((u) => u.id);
}

/** Whether the filters ask for a unit outside the scope: refused rather than shown empty, since the person asked for it. */
export function asksOutsideScope(units: UnitDirectory, scope: ConsoleScope, filters: ListFilters): boolean {
  return !!filters.unit && !scope.all && !units.isWithin(filters.unit, scope.unitId);
}

/** The database condition of the filters within the scope (all but the warnings, which are read from the payloads). */
export function listWhere(units: UnitDirectory, scope: ConsoleScope, filters: ListFilters): Prisma.DossierWhereInput {
  const root = filters.unit ?? (scope.all ? null : scope.unitId);
  return {
    ...(root ? { unitId: { in: unitsUnder(units, root) } } : {}),
    ...(filters.award ? { nomination: { is: { awardCode: filters.award } } } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.from || filters.to
      ? { submittedAt: { ...(filters.from ? { gte: startOfDayInVietnam(filters.from) } : {}), ...(filters.to ? { lt: startOfDayInVietnam(addDays(filters.to, 1)) } : {}) } }
      : {}),
  };
}

export async function listDossiers(db: Db, units: UnitDirectory, scope: ConsoleScope, filters: ListFilters): Promise<DossierListPage> {
  const where = listWhere(units, scope, filters);
  const orderBy = [{ submittedAt: "desc" as const }, { code: "desc" as const }];
  const include = { nomination: { select: { nomineeName: true, awardCode: true } }, goodDeedReport: { select: { subjectName: true } } };

  let pageRows;
  let total: number;
  let byAward: Map<string, number>;
  if (filters.warnings) {
    const all = await db.dossier.findMany({ where, orderBy, select: { id: true, payload: true, nomination: { select: { awardCode: true } } } });
    const warned = all.filter((d) => hasCriteriaWarnings(d.payload));
    total = warned.length;
    byAward = countAwards(warned.flatMap((d) => (d.nomination ? [d.nomination.awardCode] : [])));
    const ids = warned.slice((pageOf(filters.page, total) - 1) * PAGE_SIZE).slice(0, PAGE_SIZE).map((d) => d.id);
    pageRows = await db.dossier.findMany({ where: { id: { in: ids } }, orderBy, include });
  } else {
    total = await db.dossier.count({ where });
    const groups = await db.nomination.groupBy({ by: ["awardCode"], where: { dossier: { is: where } }, _count: { _all: true } });
    byAward = new Map(groups.map((g) => [g.awardCode, g._count._all]));
    pageRows = await db.dossier.findMany({ where, orderBy, include, skip: (pageOf(filters.page, total) - 1) * PAGE_SIZE, take: PAGE_SIZE });
  }
  return {
    rows: pageRows.map((d) => ({
      code: d.code,
      kind: d.kind,
      nominee: d.nomination?.nomineeName ?? d.goodDeedReport?.subjectName ?? null,
      awardCode: d.nomination?.awardCode ?? null,
      unitId: d.unitId,
      submittedAt: d.submittedAt,
      status: d.status,
      warnings: hasCriteriaWarnings(d.payload),
    })),
    total,
    page: pageOf(filters.page, total),
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    byAward: [...byAward].map(([awardCode, count]) => ({ awardCode, count })).sort((a, b) => b.count - a.count || a.awardCode.localeCompare(b.awardCode)),
  };
}

/** The page asked for, within the pages there are. */
function pageOf(page: number, total: number): number {
  return Math.min(Math.max(1, page), Math.max(1, Math.ceil(total / PAGE_SIZE)));
}

function countAwards(codes: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return counts;
}

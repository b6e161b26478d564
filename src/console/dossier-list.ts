/**
 * The console's dossier list: the dossiers of the person's scope, filtered by review round, unit
 * (with the units under it), award, status, kind, submission dates (Vietnamese calendar days) and
 * criteria warnings, newest first, a page at a time, with the count of each award among them, the
 * count of each subject category (an individual's đối tượng, a collective's kind) and the
 * direct-worker share of the individual nominations, computed as the digests compute it.
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
import { directWorkerShareOf, type DirectWorkerShare } from "../digests/direct-worker-share.ts";

/** Dossiers per page. */
export const PAGE_SIZE = 50;

export interface ListFilters {
  /** A review round's code (DX-2026-001): its dossiers. */
  round?: string;
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
  /**
   * Nominations per subject: an individual's category (Nomination.subjectCategory), a collective's
   * kind (collectiveKind), households as one; null when not recorded. Most first.
   */
  bySubject: Array<{ kind: string; subject: string | null; count: number }>;
  /** The direct-worker share of the filtered individual nominations (a resubmitted one counted once). */
  share: DirectWorkerShare;
}

/** The units a person may pick (filter by, open a round for): those of the scope, labelled from the province down, in order. */
export function scopeUnitOptions(units: UnitDirectory, scope: ConsoleScope): Array<{ id: string; label: string }> {
  const ids = scope.all ? units.units.map((u) => u.id) : units.idsWithin(scope.unitId);
  return ids.map((id) => ({ id, label: units.path(id).join(" › ") })).sort((a, b) => a.label.localeCompare(b.label, "vi", { numeric: true }));
}

/** What a dossier is read with for {@link listRowOf}. */
export const LIST_ROW_INCLUDE = { nomination: { select: { nomineeName: true, awardCode: true } }, goodDeedReport: { select: { subjectName: true } } } as const;

/** Whether the filters ask for a unit outside the scope: refused rather than shown empty, since the person asked for it. */
export function asksOutsideScope(units: UnitDirectory, scope: ConsoleScope, filters: ListFilters): boolean {
  return !!filters.unit && !scope.all && !units.isWithin(filters.unit, scope.unitId);
}

/** The database condition of the filters within the scope (all but the warnings, which are read from the payloads). */
export function listWhere(units: UnitDirectory, scope: ConsoleScope, filters: ListFilters): Prisma.DossierWhereInput {
  const root = filters.unit ?? (scope.all ? null : scope.unitId);
  return {
    ...(filters.round ? { round: { is: { code: filters.round } } } : {}),
    ...(root ? { unitId: { in: units.idsWithin(root) } } : {}),
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
  const include = LIST_ROW_INCLUDE;

  let pageRows;
  let total: number;
  // What the counts are taken over: the filtered dossiers (with the warnings filter, those found here).
  let counted: Prisma.DossierWhereInput;
  if (filters.warnings) {
    const all = await db.dossier.findMany({ where, orderBy, select: { id: true, payload: true } });
    const warned = all.filter((d) => hasCriteriaWarnings(d.payload));
    total = warned.length;
    counted = { id: { in: warned.map((d) => d.id) } };
    const ids = warned.slice((pageOf(filters.page, total) - 1) * PAGE_SIZE).slice(0, PAGE_SIZE).map((d) => d.id);
    pageRows = await db.dossier.findMany({ where: { id: { in: ids } }, orderBy, include });
  } else {
    total = await db.dossier.count({ where });
    counted = where;
    pageRows = await db.dossier.findMany({ where, orderBy, include, skip: (pageOf(filters.page, total) - 1) * PAGE_SIZE, take: PAGE_SIZE });
  }
  const ofKind = (kind: string): Prisma.DossierWhereInput => ({ AND: [counted, { kind }] });
  const [awards, individuals, collectives, households, shareGroups] = await Promise.all([
    db.nomination.groupBy({ by: ["awardCode"], where: { dossier: { is: counted } }, _count: { _all: true } }),
    db.nomination.groupBy({ by: ["subjectCategory"], where: { dossier: { is: ofKind("NOMINATION_INDIVIDUAL") } }, _count: { _all: true } }),
    db.nomination.groupBy({ by: ["collectiveKind"], where: { dossier: { is: ofKind("NOMINATION_COLLECTIVE") } }, _count: { _all: true } }),
    db.dossier.count({ where: ofKind("NOMINATION_HOUSEHOLD") }),
    // As the digests count it (digest-service.ts): individual nominations, a resubmitted one once.
    db.nomination.groupBy({
      by: ["subjectCategory", "gender"],
      where: { dossier: { is: { AND: [counted, { kind: "NOMINATION_INDIVIDUAL", status: { not: "RESUBMITTED" } }] } } },
      _count: { _all: true },
    }),
  ]);
  return {
    rows: pageRows.map(listRowOf),
    total,
    page: pageOf(filters.page, total),
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    byAward: awards.map((g) => ({ awardCode: g.awardCode, count: g._count._all })).sort((a, b) => b.count - a.count || a.awardCode.localeCompare(b.awardCode)),
    bySubject: [
      ...individuals.map((g) => ({ kind: "NOMINATION_INDIVIDUAL", subject: g.subjectCategory, count: g._count._all })),
      ...collectives.map((g) => ({ kind: "NOMINATION_COLLECTIVE", subject: g.collectiveKind, count: g._count._all })),
      ...(households ? [{ kind: "NOMINATION_HOUSEHOLD", subject: null, count: households }] : []),
    ].sort((a, b) => b.count - a.count || (a.subject ?? "").localeCompare(b.subject ?? "")),
    share: directWorkerShareOf(shareGroups.map((g) => ({ subjectCategory: g.subjectCategory, gender: g.gender, count: g._count._all }))),
  };
}

/** The columns every dossier table shows, from a dossier read with {@link LIST_ROW_INCLUDE}. */
export function listRowOf(d: {
  code: string;
  kind: string;
  unitId: string;
  submittedAt: Date;
  status: string;
  payload: unknown;
  nomination: { nomineeName: string; awardCode: string } | null;
  goodDeedReport: { subjectName: string | null } | null;
}): ListRow {
  return {
    code: d.code,
    kind: d.kind,
    nominee: d.nomination?.nomineeName ?? d.goodDeedReport?.subjectName ?? null,
    awardCode: d.nomination?.awardCode ?? null,
    unitId: d.unitId,
    submittedAt: d.submittedAt,
    status: d.status,
    warnings: hasCriteriaWarnings(d.payload),
  };
}

/** The page asked for, within the pages there are. */
function pageOf(page: number, total: number): number {
  return Math.min(Math.max(1, page), Math.max(1, Math.ceil(total / PAGE_SIZE)));
}

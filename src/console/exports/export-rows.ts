/**
 * The rows of a list export: every dossier the list's filters match within the person's scope
 * (not a page of them), in the order they were submitted, shaped as the danh sách prints a
 * nominee (document-data.ts `listRow`: name, position and place, award, criteria not met, the
 * council's tally) plus what the console needs to work with the file: the code, the unit, the
 * kind, the submission date and the status.
 *
 * No CCCD and no phone are ever read into a row; of the birth date only the year, for a person
 * (the danh sách's "Năm sinh").
 */
import type { UnitDirectory } from "../../catalogues/unit-directory.ts";
import type { Db } from "../../db/open-database.ts";
import { listRow, type ListVote } from "../../documents/document-data.ts";
import { isNominationPayload, nomineeEntry } from "../../documents/nominee-entry.ts";
import { dossierPayloadV1 } from "../../dossiers/dossier-payload.ts";
import { formatLocalDate } from "../../time/local-date.ts";
import { localDateInVietnam } from "../../time/vietnam-time.ts";
import type { ConsoleScope } from "../console-viewer.ts";
import { hasCriteriaWarnings } from "../dossier-eligibility.ts";
import { listWhere, type ListFilters } from "../dossier-list.ts";

/** The most rows one export holds: beyond it the person is asked to narrow the filters. */
export const EXPORT_LIMIT = 10_000;

/** Dossier ids per query when their tallies are read (SQLite limits a statement's parameters). */
const ID_CHUNK = 500;

export interface ExportRow {
  index: number;
  code: string;
  /** The nominee, the collective, the head of the household, or a report's subject ("" when not named). */
  name: string;
  /** Only for an individual nominee. */
  birthYear: number | null;
  /** Position and place of work ("Giáo viên, Thôn Tân Lập"). */
  details: string;
  /** The award proposed; empty for a good-deed report. */
  award: string;
  kind: string;
  unit: string;
  /** dd/mm/yyyy, Vietnam's calendar. */
  submitted: string;
  status: string;
  votesFor: number | null;
  votePercent: string;
  voteResult: string;
  note: string;
}

export interface ExportRowsDeps {
  db: Db;
  units: UnitDirectory;
}

/** Labels of codes, in the person's language. */
export interface ExportLabels {
  kind: (kind: string) => string;
  status: (status: string) => string;
}

/** The rows, or how many dossiers matched when they are more than {@link EXPORT_LIMIT}. */
export async function exportRows(
  deps: ExportRowsDeps,
  scope: ConsoleScope,
  filters: ListFilters,
  labels: ExportLabels,
  limit = EXPORT_LIMIT,
): Promise<{ ok: true; rows: ExportRow[] } | { ok: false; total: number }> {
  const where = listWhere(deps.units, scope, filters);
  // Without the warnings filter the count is the database's; with it, the payloads are read anyway.
  if (!filters.warnings) {
    const total = await deps.db.dossier.count({ where });
    if (total > limit) return { ok: false, total };
  }
  const found = await deps.db.dossier.findMany({
    where,
    orderBy: [{ submittedAt: "asc" }, { code: "asc" }],
    select: { id: true, code: true, kind: true, unitId: true, status: true, submittedAt: true, payload: true, goodDeedReport: { select: { subjectName: true } } },
  });
  const dossiers = filters.warnings ? found.filter((d) => hasCriteriaWarnings(d.payload)) : found;
  if (dossiers.length > limit) return { ok: false, total: dossiers.length };
  const votes = await latestVotes(deps.db, dossiers.map((d) => d.id));

  const rows = dossiers.map((d, i): ExportRow => {
    const parsed = dossierPayloadV1.safeParse(d.payload);
    const payload = parsed.success && isNominationPayload(parsed.data) ? parsed.data : null;
    const common = {
      index: i + 1,
      code: d.code,
      kind: labels.kind(d.kind),
      unit: deps.units.label(d.unitId),
      submitted: formatLocalDate(localDateInVietnam(d.submittedAt)),
      status: labels.status(d.status),
    };
    if (!payload) {
      return { ...common, name: d.goodDeedReport?.subjectName ?? "", birthYear: null, details: "", award: "", votesFor: null, votePercent: "", voteResult: "", note: "" };
    }
    const vote = votes.get(d.id);
    const row = listRow(nomineeEntry(d.code, payload, { history: [], decision: null }), i + 1, vote);
    return {
      ...common,
      name: row.name,
      birthYear: payload.kind === "NOMINATION_INDIVIDUAL" ? Number(payload.nomination.nominee.birthDate.slice(0, 4)) : null,
      details: row.details ?? "",
      award: row.award,
      votesFor: vote ? vote.for : null,
      votePercent: row.votePercent ?? "",
      voteResult: row.voteResult ?? "",
      note: row.note,
    };
  });
  return { ok: true, rows };
}

/** Each dossier's tally at the latest recorded meeting that voted on it. */
async function latestVotes(db: Db, dossierIds: string[]): Promise<Map<string, ListVote>> {
  const latest = new Map<string, ListVote & { recordedAt: Date }>();
  for (let i = 0; i < dossierIds.length; i += ID_CHUNK) {
    const votes = await db.meetingVote.findMany({
      where: { dossierId: { in: dossierIds.slice(i, i + ID_CHUNK) } },
      select: { dossierId: true, votesFor: true, passed: true, meeting: { select: { recordedAt: true, memberCount: true } } },
    });
    for (const v of votes) {
      const seen = latest.get(v.dossierId);
      if (seen && seen.recordedAt >= v.meeting.recordedAt) continue;
      latest.set(v.dossierId, { for: v.votesFor, passed: v.passed, memberCount: v.meeting.memberCount, recordedAt: v.meeting.recordedAt });
    }
  }
  return new Map([...latest].map(([id, { recordedAt: _, ...vote }]) => [id, vote]));
}

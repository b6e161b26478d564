/**
 * Imports administrative units from a CSV or XLSX file an administrator prepared (the province's
 * official list, a commune's village list), and adds single units for `npm run admin -- units:add`.
 *
 * The file is validated in full first; every bad row is reported with its line number and a
 * Vietnamese reason, and the good rows are then written in one transaction, so a file is either
 * imported (minus its rejected rows) or not at all. A unit is matched by its `code`: an existing
 * unit with that code is updated in place (its id is kept), any other row creates the unit `u-<code>`.
 */
import { createHash } from "node:crypto";
import type { Db } from "../db/open-database.ts";
import { toIsoDate, type LocalDate } from "../time/local-date.ts";
import { readUnitsCsv, type ParsedCsv } from "./read-units-csv.ts";
import { readUnitsXlsx } from "./read-units-xlsx.ts";
import { UNIT_KINDS } from "./unit-kinds.ts";
import { unitFieldsOf, validateRows, type RejectedRow, type UnitRowInput } from "./validate-unit-rows.ts";

export interface ImportOptions {
  /** Called after each unit written inside the transaction: `done` of `total` good rows. */
  onProgress?: (done: number, total: number) => void;
  /** Who imports (recorded in the audit log). */
  by?: string;
  /** Recorded in the audit log: where the rows came from. */
  source?: "csv" | "xlsx" | "cli";
}

export interface ImportUnitsResult {
  /** Units written (created + updated). */
  imported: number;
  created: number;
  updated: number;
  /** Rows refused, in line order; `reason` reads "Dòng 7: mã đơn vị cha 38999 không tồn tại". */
  rejected: { line: number; reason: string }[];
}

/**
 * Imports a CSV text with the header `code,name,kind,parent_code,valid_from,valid_to` (any column
 * order; `parent_code`, `valid_from` and `valid_to` may be left out). `,` or `;` separated (the
 * one the header uses), an optional UTF-8 BOM, RFC 4180 quoting (read by csv-parse) (`"Hà Trung, mới"`, `""` for a
 * quote), CRLF or LF line ends; blank lines are skipped.
 *
 * Rules per row: a code (unique in the file), a name (stored NFC), a known `kind` (level and
 * display word derived from it, see {@link UNIT_KINDS}); a province has no parent, every other unit
 * has one, found in the database (by code, or by id for units without a code) or on an earlier
 * line of the file, one level up or more; dates `yyyy-mm-dd` or `dd/mm/yyyy` with
 * `valid_to ≥ valid_from`. A row whose parent row was rejected is rejected too.
 *
 * Expected problems are returned in `rejected`, never thrown. If writing fails (a database error,
 * or a concurrent change that breaks a constraint) the transaction is rolled back, nothing is
 * imported, and the error is thrown.
 */
export async function importUnitsCsv(db: Db, csvText: string, opts: ImportOptions = {}): Promise<ImportUnitsResult> {
  return importParsed(db, readUnitsCsv(csvText), { ...opts, source: opts.source ?? "csv", fingerprint: `csv:${fingerprintOf(csvText)}` });
}

/**
 * Imports the first sheet of an XLSX workbook: a header row with the CSV's column names, then one
 * unit per row, cells read as text (a date Excel converted as yyyy-mm-dd), rows numbered as the
 * sheet shows them. The same rules as {@link importUnitsCsv}, and the same all-or-nothing write.
 */
export async function importUnitsXlsx(db: Db, bytes: Uint8Array, opts: ImportOptions = {}): Promise<ImportUnitsResult> {
  return importParsed(db, await readUnitsXlsx(bytes), { ...opts, source: opts.source ?? "xlsx", fingerprint: `xlsx:${fingerprintOf(bytes)}` });
}

async function importParsed(db: Db, parsed: ParsedCsv, opts: ImportOptions & { fingerprint: string }): Promise<ImportUnitsResult> {
  if ("headerError" in parsed) {
    return { imported: 0, created: 0, updated: 0, rejected: [{ line: 1, reason: `Dòng 1: ${parsed.headerError}` }] };
  }
  if ("fileError" in parsed) {
    const { line, problem } = parsed.fileError;
    return { imported: 0, created: 0, updated: 0, rejected: [{ line, reason: `Dòng ${line}: ${problem}` }] };
  }
  const result = await validateAndWrite(db, parsed.rows, { ...opts, malformedRows: parsed.malformed.length });
  const rejected = [
    ...parsed.malformed.map((m) => ({ line: m.line, problems: [m.problem] })),
    ...result.rejected,
  ].sort((a, b) => a.line - b.line);
  return {
    imported: result.imported,
    created: result.created,
    updated: result.updated,
    rejected: rejected.map((r) => ({ line: r.line, reason: `Dòng ${r.line}: ${r.problems.join("; ")}` })),
  };
}

/**
 * Validates and writes units already split into fields (the CSV importer and `units:add` share
 * it). Problems come back per row as Vietnamese phrases without the line prefix.
 */
export async function importUnitRows(
  db: Db,
  rows: readonly UnitRowInput[],
  opts: ImportOptions = {},
): Promise<{ imported: number; created: number; updated: number; rejected: RejectedRow[] }> {
  return validateAndWrite(db, rows, opts);
}

async function validateAndWrite(
  db: Db,
  rows: readonly UnitRowInput[],
  opts: ImportOptions & { fingerprint?: string; malformedRows?: number },
): Promise<{ imported: number; created: number; updated: number; rejected: RejectedRow[] }> {
  const existing = await db.administrativeUnit.findMany({ select: { id: true, code: true, level: true, parentId: true } });
  const { accepted, rejected } = validateRows(rows, existing);

  let created = 0;
  let updated = 0;
  const total = accepted.length;
  // SQLite writes one unit at a time; a province-wide file takes seconds, not Prisma's default 5 s.
  await db.$transaction(
    async (tx) => {
      for (const [i, u] of accepted.entries()) {
        const data = {
          ...unitFieldsOf(u),
          validFrom: u.validFrom ? utcMidnight(u.validFrom) : null,
          validTo: u.validTo ? utcMidnight(u.validTo) : null,
        };
        if (u.isUpdate) {
          await tx.administrativeUnit.update({ where: { id: u.id }, data });
          updated++;
        } else {
          await tx.administrativeUnit.create({ data: { id: u.id, ...data } });
          created++;
        }
        opts.onProgress?.(i + 1, total);
      }
      await tx.auditLog.create({
        data: {
          actorId: opts.by ?? null,
          action: "units.imported",
          entity: "AdministrativeUnit",
          entityId: opts.fingerprint ?? opts.source ?? "cli",
          data: { source: opts.source ?? "cli", imported: created + updated, created, updated, rejected: rejected.length + (opts.malformedRows ?? 0) },
        },
      });
    },
    { maxWait: 30_000, timeout: 600_000 },
  );
  return { imported: created + updated, created, updated, rejected };
}

function utcMidnight(d: LocalDate): Date {
  return new Date(`${toIsoDate(d)}T00:00:00Z`);
}

/** Identifies the imported file in the audit log without storing its content. */
function fingerprintOf(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex").slice(0, 16);
}


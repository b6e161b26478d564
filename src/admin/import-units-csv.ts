/**
 * Imports administrative units from a CSV file an administrator prepared (the province's official
 * list, exported from Excel or LibreOffice), and adds single units for `npm run admin -- units:add`.
 *
 * The file is validated in full first; every bad row is reported with its line number and a
 * Vietnamese reason, and the good rows are then written in one transaction, so a file is either
 * imported (minus its rejected rows) or not at all. A unit is matched by its `code`: an existing
 * unit with that code is updated in place (its id is kept), any other row creates the unit `u-<code>`.
 */
import { createHash } from "node:crypto";
import { CsvError, parse } from "csv-parse/sync";
import type { Db } from "../db/open-database.ts";
import { normalizeInput } from "../text/fold-text.ts";
import { compareLocalDate, formatLocalDate, isValidLocalDate, toIsoDate, type LocalDate } from "../time/local-date.ts";

/** The kinds a row may name, with the level of the tree each belongs to and its display word. */
export const UNIT_KINDS = {
  TINH: { level: "TINH", localTypeName: "Tỉnh" },
  XA: { level: "XA", localTypeName: "Xã" },
  PHUONG: { level: "XA", localTypeName: "Phường" },
  DAC_KHU: { level: "XA", localTypeName: "Đặc khu" },
  THI_TRAN: { level: "XA", localTypeName: "Thị trấn" },
  HUYEN: { level: "HUYEN", localTypeName: "Huyện" },
  THANH_PHO_THUOC_TINH: { level: "HUYEN", localTypeName: "Thành phố" },
  THON: { level: "THON", localTypeName: "Thôn" },
  TO_DAN_PHO: { level: "THON", localTypeName: "Tổ dân phố" },
} as const satisfies Record<string, { level: UnitLevel; localTypeName: string }>;

export type UnitKind = keyof typeof UNIT_KINDS;
export type UnitLevel = "TINH" | "HUYEN" | "XA" | "THON";

/** Top of the tree first: a unit's parent must have a smaller rank. */
const LEVEL_RANK: Record<UnitLevel, number> = { TINH: 0, HUYEN: 1, XA: 2, THON: 3 };
const LEVEL_NAME: Record<UnitLevel, string> = { TINH: "tỉnh", HUYEN: "huyện", XA: "xã", THON: "thôn" };

const COLUMNS = ["code", "name", "kind", "parent_code", "valid_from", "valid_to"] as const;
const REQUIRED_COLUMNS = ["code", "name", "kind"] as const;
type Column = (typeof COLUMNS)[number];

/** GSO codes are digits; letters and inner dashes are allowed for local codes. Stored upper case. */
const CODE = /^[0-9A-Z]+(?:-[0-9A-Z]+)*$/;
const MAX_CODE_LENGTH = 32;
const MAX_NAME_LENGTH = 200;

/** One unit as typed: raw text, validated by {@link importUnitRows}. */
export interface UnitRowInput {
  /** Where the row came from (the CSV line, or 0 for a unit typed on the command line). */
  line: number;
  code: string;
  name: string;
  kind: string;
  /** Code of the parent unit (or its id, for units without a code); empty for a province. */
  parentCode: string;
  /** `yyyy-mm-dd` or `dd/mm/yyyy`; empty = no bound. */
  validFrom: string;
  validTo: string;
}

export interface ImportOptions {
  /** Called after each unit written inside the transaction: `done` of `total` good rows. */
  onProgress?: (done: number, total: number) => void;
  /** Who imports (recorded in the audit log). */
  by?: string;
  /** Recorded in the audit log: where the rows came from. */
  source?: "csv" | "cli";
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
  const parsed = readUnitsCsv(csvText);
  if ("headerError" in parsed) {
    return { imported: 0, created: 0, updated: 0, rejected: [{ line: 1, reason: `Dòng 1: ${parsed.headerError}` }] };
  }
  if ("fileError" in parsed) {
    const { line, problem } = parsed.fileError;
    return { imported: 0, created: 0, updated: 0, rejected: [{ line, reason: `Dòng ${line}: ${problem}` }] };
  }
  const result = await validateAndWrite(db, parsed.rows, {
    ...opts,
    source: opts.source ?? "csv",
    fingerprint: fingerprintOf(csvText),
    malformedRows: parsed.malformed.length,
  });
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
): Promise<{ imported: number; created: number; updated: number; rejected: { line: number; problems: string[] }[] }> {
  return validateAndWrite(db, rows, opts);
}

async function validateAndWrite(
  db: Db,
  rows: readonly UnitRowInput[],
  opts: ImportOptions & { fingerprint?: string; malformedRows?: number },
): Promise<{ imported: number; created: number; updated: number; rejected: { line: number; problems: string[] }[] }> {
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
          code: u.code,
          name: u.name,
          type: u.kind,
          localTypeName: UNIT_KINDS[u.kind].localTypeName,
          level: UNIT_KINDS[u.kind].level,
          parentId: u.parentId,
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

interface AcceptedRow {
  line: number;
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  validFrom: LocalDate | null;
  validTo: LocalDate | null;
  isUpdate: boolean;
}

interface ExistingUnit {
  id: string;
  code: string | null;
  level: string;
  parentId: string | null;
}

function validateRows(rows: readonly UnitRowInput[], existing: readonly ExistingUnit[]): {
  accepted: AcceptedRow[];
  rejected: { line: number; problems: string[] }[];
} {
  const byCode = new Map(existing.filter((u) => u.code !== null).map((u) => [u.code!.toUpperCase(), u]));
  const byId = new Map(existing.map((u) => [u.id, u]));
  // The tree as it will be once the rows accepted so far are written.
  const parentOf = new Map(existing.map((u) => [u.id, u.parentId]));
  const levelOf = new Map(existing.map((u) => [u.id, u.level]));
  /** Codes seen in the file: where, and the id of the unit when the row was accepted. */
  const inFile = new Map<string, { line: number; id: string | null }>();
  const laterLines = new Map<string, number>();
  for (const r of rows) {
    const c = r.code.trim().toUpperCase();
    if (c && !laterLines.has(c)) laterLines.set(c, r.line);
  }

  const accepted: AcceptedRow[] = [];
  const rejected: { line: number; problems: string[] }[] = [];
  for (const row of rows) {
    const problems: string[] = [];
    const code = row.code.trim().toUpperCase();
    const name = normalizeInput(row.name);
    const kindText = row.kind.trim().toUpperCase().replace(/[\s-]+/g, "_");
    const parentText = row.parentCode.trim();

    let codeOk = false;
    if (!code) problems.push("thiếu mã đơn vị (code)");
    else if (code.length > MAX_CODE_LENGTH || !CODE.test(code)) problems.push(`mã đơn vị "${row.code.trim()}" không hợp lệ (chỉ gồm chữ số, chữ cái và dấu -)`);
    else if (inFile.has(code)) problems.push(`mã đơn vị ${code} trùng với dòng ${inFile.get(code)!.line}`);
    else codeOk = true;

    if (!name) problems.push("thiếu tên đơn vị (name)");
    else if (name.length > MAX_NAME_LENGTH) problems.push(`tên đơn vị dài quá ${MAX_NAME_LENGTH} ký tự`);

    const kind = kindText in UNIT_KINDS ? (kindText as UnitKind) : null;
    if (!kindText) problems.push("thiếu loại đơn vị (kind)");
    else if (!kind) problems.push(`loại đơn vị "${row.kind.trim()}" không hợp lệ (một trong: ${Object.keys(UNIT_KINDS).join(", ")})`);

    const validFrom = readDateCell(row.validFrom, "ngày bắt đầu hiệu lực (valid_from)", problems);
    const validTo = readDateCell(row.validTo, "ngày hết hiệu lực (valid_to)", problems);
    if (validFrom && validTo && compareLocalDate(validTo, validFrom) < 0) {
      problems.push(`ngày hết hiệu lực ${formatLocalDate(validTo)} trước ngày bắt đầu hiệu lực ${formatLocalDate(validFrom)}`);
    }

    const current = codeOk ? byCode.get(code) : undefined;
    const id = current?.id ?? `u-${code.toLowerCase()}`;
    if (codeOk && !current && byId.has(id)) {
      problems.push(`mã định danh ${id} đã thuộc một đơn vị khác trong cơ sở dữ liệu`);
    }

    // The parent: from an earlier row of the file, else from the database (by code, then by id).
    let parentId: string | null = null;
    if (kind === "TINH") {
      if (parentText) problems.push("đơn vị cấp tỉnh không có đơn vị cha (để trống parent_code)");
    } else if (!parentText) {
      if (kind) problems.push("thiếu mã đơn vị cha (parent_code)");
    } else {
      const parentKey = parentText.toUpperCase();
      const earlier = inFile.get(parentKey);
      const stored = byCode.get(parentKey) ?? byId.get(parentText);
      if (codeOk && parentKey === code) {
        problems.push("đơn vị không thể là đơn vị cha của chính nó");
      } else if (earlier && earlier.id === null) {
        problems.push(`đơn vị cha ${parentText} (dòng ${earlier.line}) bị từ chối`);
      } else if (earlier || stored) {
        parentId = earlier?.id ?? stored!.id;
        const parentLevel = levelOf.get(parentId) as UnitLevel | undefined;
        if (kind && parentLevel && LEVEL_RANK[parentLevel] >= LEVEL_RANK[UNIT_KINDS[kind].level]) {
          problems.push(
            `đơn vị cấp ${LEVEL_NAME[UNIT_KINDS[kind].level]} không thể trực thuộc đơn vị cấp ${LEVEL_NAME[parentLevel]} ${parentText}`,
          );
        } else if (current && isAncestorOrSelf(current.id, parentId, parentOf)) {
          problems.push(`đơn vị cha ${parentText} đang trực thuộc chính đơn vị này`);
        }
      } else if (laterLines.has(parentKey) && laterLines.get(parentKey)! > row.line) {
        problems.push(`mã đơn vị cha ${parentText} chỉ có ở dòng ${laterLines.get(parentKey)}, dòng đó phải đứng trước`);
      } else {
        problems.push(`mã đơn vị cha ${parentText} không tồn tại`);
      }
    }

    if (problems.length > 0 || !kind) {
      if (codeOk) inFile.set(code, { line: row.line, id: null });
      rejected.push({ line: row.line, problems });
      continue;
    }
    inFile.set(code, { line: row.line, id });
    parentOf.set(id, parentId);
    levelOf.set(id, UNIT_KINDS[kind].level);
    accepted.push({ line: row.line, id, code, name, kind, parentId, validFrom, validTo, isUpdate: current !== undefined });
  }
  return { accepted, rejected };
}

/** True when `unitId` is `startId` or one of its ancestors in the (bounded) parent chain. */
function isAncestorOrSelf(unitId: string, startId: string | null, parentOf: Map<string, string | null>): boolean {
  let at = startId;
  for (let steps = 0; at !== null && steps <= parentOf.size; steps++) {
    if (at === unitId) return true;
    at = parentOf.get(at) ?? null;
  }
  return false;
}

/** Reads `yyyy-mm-dd` or `d/m/yyyy` (also with `-` or `.`); empty → null; a bad date adds a problem. */
function readDateCell(text: string, label: string, problems: string[]): LocalDate | null {
  const t = text.trim();
  if (!t) return null;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const dmy = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(t);
  const d = iso
    ? { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }
    : dmy
      ? { year: Number(dmy[4]), month: Number(dmy[3]), day: Number(dmy[1]) }
      : null;
  if (d === null || d.year < 1900 || !isValidLocalDate(d)) {
    problems.push(`${label} "${t}" không đúng dạng yyyy-mm-dd hoặc dd/mm/yyyy`);
    return null;
  }
  return d;
}

function utcMidnight(d: LocalDate): Date {
  return new Date(`${toIsoDate(d)}T00:00:00Z`);
}

/** Identifies the imported file in the audit log without storing its content. */
function fingerprintOf(text: string): string {
  return `csv:${createHash("sha256").update(text).digest("hex").slice(0, 16)}`;
}

type ParsedCsv = { headerError: string } | { fileError: { line: number; problem: string } } | { rows: UnitRowInput[]; malformed: { line: number; problem: string }[] };

/** Splits the text into unit rows, checking the header and the number of fields of each row. */
function readUnitsCsv(text: string): ParsedCsv {
  const body = text.replace(/^\uFEFF/, "");
  const sep = detectSeparator(body);
  const records = parseCsv(body, sep);
  if (!Array.isArray(records)) return { fileError: records };
  const header = records.shift();
  if (!header || header.fields.every((f) => f.trim() === "")) {
    return { headerError: `tệp trống, cần dòng tiêu đề ${COLUMNS.join(",")}` };
  }
  // A spreadsheet may save empty columns after the last named one; they are ignored.
  const width = header.fields.length;
  const names = header.fields.map((f) => f.trim().toLowerCase());
  while (names.length > 1 && names.at(-1) === "") names.pop();
  const unknown = names.filter((n) => !(COLUMNS as readonly string[]).includes(n));
  const duplicated = names.filter((n, i) => names.indexOf(n) !== i);
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (unknown.length || duplicated.length || missing.length) {
    const parts = [
      unknown.length ? `cột không rõ: ${unknown.map((n) => `"${n}"`).join(", ")}` : "",
      duplicated.length ? `cột lặp lại: ${duplicated.join(", ")}` : "",
      missing.length ? `thiếu cột: ${missing.join(", ")}` : "",
    ].filter(Boolean);
    return { headerError: `${parts.join("; ")} (tiêu đề cần là ${COLUMNS.join(",")})` };
  }
  const index = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<Column, number>;
  const cell = (fields: string[], c: Column) => (index[c] >= 0 ? (fields[index[c]] ?? "") : "");

  const rows: UnitRowInput[] = [];
  const malformed: { line: number; problem: string }[] = [];
  for (const r of records) {
    if (r.fields.every((f) => f.trim() === "")) continue;
    // More cells than the header is almost always a name with an unquoted separator in it.
    if (r.fields.length > width || r.fields.slice(names.length).some((f) => f.trim() !== "")) {
      malformed.push({
        line: r.line,
        problem: `có ${r.fields.length} cột, tiêu đề có ${names.length} (tên có dấu ${sep === ";" ? "chấm phẩy" : "phẩy"} cần đặt trong ngoặc kép "…")`,
      });
      continue;
    }
    rows.push({
      line: r.line,
      code: cell(r.fields, "code"),
      name: cell(r.fields, "name"),
      kind: cell(r.fields, "kind"),
      parentCode: cell(r.fields, "parent_code"),
      validFrom: cell(r.fields, "valid_from"),
      validTo: cell(r.fields, "valid_to"),
    });
  }
  return { rows, malformed };
}

/** The header's separator: `;` when its first line has more semicolons than commas, else `,`. */
function detectSeparator(text: string): "," | ";" {
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? "";
  const count = (ch: string) => firstLine.split(ch).length - 1;
  return count(";") > count(",") ? ";" : ",";
}

/**
 * RFC 4180 records (csv-parse) with the line each starts on (1-based). Quoted fields may hold the
 * separator, line breaks and `""`; a quote inside an unquoted field is taken as written; CRLF, LF
 * and CR line ends may be mixed; rows may have any number of fields (checked by the caller). A
 * quote never closed is the only error: it is reported with the line it opened on.
 */
function parseCsv(text: string, sep: string): { line: number; fields: string[] }[] | { line: number; problem: string } {
  // csv-parse tells the line a record ends on; the next one starts on the line after.
  let next = 1;
  const records: { line: number; fields: string[] }[] = [];
  try {
    parse(text, {
      delimiter: sep,
      relax_column_count: true,
      relax_quotes: true,
      ltrim: true,
      record_delimiter: ["\r\n", "\n", "\r"],
      on_record: (fields: string[], context) => {
        records.push({ line: next, fields });
        next = context.lines + 1;
        return null;
      },
    });
  } catch (err) {
    if (err instanceof CsvError && err.code === "CSV_QUOTE_NOT_CLOSED") return { line: next, problem: 'ngoặc kép " mở mà không đóng đến hết tệp' };
    throw err;
  }
  return records;
}

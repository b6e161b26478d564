/**
 * Validates units typed as raw text (a CSV row or `units:add`) against the units already stored
 * and the rows accepted before them, the way they will stand once written: a row is accepted
 * whole or rejected with every problem found, in Vietnamese, without the line prefix.
 */
import { normalizeInput } from "../text/fold-text.ts";
import { compareLocalDate, formatLocalDate, isValidLocalDate, type LocalDate } from "../time/local-date.ts";
import { ABOLISHED_KINDS, LAST_DAY_BEFORE_REFORM, LEVEL_NAME, LEVEL_RANK, localTypeNameOf, UNIT_KINDS, type UnitKind, type UnitLevel } from "./unit-kinds.ts";

/** GSO codes are digits; letters and inner dashes are allowed for local codes. Stored upper case. */
const CODE = /^[0-9A-Z]+(?:-[0-9A-Z]+)*$/;
const MAX_CODE_LENGTH = 32;
const MAX_NAME_LENGTH = 200;

/** One unit as typed: raw text, validated by {@link validateRows}. */
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

/** A row that passed every check, with its unit's id (kept for an update, `u-<code>` for a new one) and parent's id. */
export interface AcceptedRow {
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

/** What an accepted row stores besides its id and dates: its kind's level, and the type word it is called by. */
export function unitFieldsOf(u: AcceptedRow): { code: string; name: string; type: UnitKind; localTypeName: string; level: UnitLevel; parentId: string | null } {
  return { code: u.code, name: u.name, type: u.kind, localTypeName: localTypeNameOf(u.kind, u.name), level: UNIT_KINDS[u.kind].level, parentId: u.parentId };
}

/** A row refused, with every problem found (Vietnamese phrases without the line prefix). */
export interface RejectedRow {
  line: number;
  problems: string[];
}

/** What validation reads of a stored unit. */
export interface ExistingUnit {
  id: string;
  code: string | null;
  level: string;
  parentId: string | null;
}

/** The rows to write, in order (a parent before its children), and the rows refused with their problems. */
export function validateRows(rows: readonly UnitRowInput[], existing: readonly ExistingUnit[]): { accepted: AcceptedRow[]; rejected: RejectedRow[] } {
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
  const rejected: RejectedRow[] = [];
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
    if (kind && UNIT_KINDS[kind].level === "TINH") {
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

    // No huyện, thành phố thuộc tỉnh or thị trấn exists after 30/06/2025.
    if (kind && ABOLISHED_KINDS.has(kind) && (!validTo || compareLocalDate(validTo, LAST_DAY_BEFORE_REFORM) > 0)) {
      problems.push(`${UNIT_KINDS[kind].localTypeName.toLocaleLowerCase("vi")} không còn từ ngày 01/7/2025: ghi ngày hết hiệu lực (valid_to) không sau 30/06/2025`);
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

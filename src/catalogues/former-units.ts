/**
 * The administrative units in force until 30/6/2025 (63 provinces, their districts and communes)
 * and the units of 1/7/2025 that took their territory, read from
 * `flows/catalogues/former-units.csv` (where the facts come from: former-units.SOURCE.md). People
 * still name the old units ("xã Hà Trung cũ", "huyện Hà Trung", "Kon Tum"); this list says which
 * new units answer for them. Only `loadFormerUnits` reads a file; the rest is pure.
 */
import { readFile } from "node:fs/promises";
import { CsvError, parse } from "csv-parse/sync";
import { FLOWS_DIR } from "../flows/load-flow.ts";

/** The kinds of former unit, with the level each belongs to and the word it is called by. */
const FORMER_KINDS = {
  TINH: { level: "TINH", word: "Tỉnh" },
  THANH_PHO_TW: { level: "TINH", word: "Thành phố" },
  HUYEN: { level: "HUYEN", word: "Huyện" },
  QUAN: { level: "HUYEN", word: "Quận" },
  THI_XA: { level: "HUYEN", word: "Thị xã" },
  THANH_PHO_THUOC_TINH: { level: "HUYEN", word: "Thành phố" },
  XA: { level: "XA", word: "Xã" },
  PHUONG: { level: "XA", word: "Phường" },
  THI_TRAN: { level: "XA", word: "Thị trấn" },
} as const;

/** A former unit's kind: tỉnh or thành phố trực thuộc trung ương; huyện, quận, thị xã or thành phố thuộc tỉnh; xã, phường or thị trấn. */
export type FormerKind = keyof typeof FORMER_KINDS;

/** The three levels before 1/7/2025: province, district, commune. */
export type FormerLevel = (typeof FORMER_KINDS)[FormerKind]["level"];

/** The type word a former unit of `kind` is called by ("Huyện", "Thị trấn"); null for a kind the list does not have. */
export function formerTypeWord(kind: string): string | null {
  return kind in FORMER_KINDS ? FORMER_KINDS[kind as FormerKind].word : null;
}

/** One unit in force until `validTo`, with the new units (codes of national-units.csv) that took its territory. */
export interface FormerUnit {
  /** The old statistics office code: 2 digits for a province, 3 for a district, 5 for a commune. Old and new codes overlap: this is an old one. */
  code: string;
  /** The official name with its type word: "Tỉnh Kon Tum", "Huyện Hà Trung", "Thị trấn Hà Trung". */
  name: string;
  kind: FormerKind;
  level: FormerLevel;
  /** The old province of a district, the old district of a commune, null for a province. */
  parentCode: string | null;
  /** The last day the unit was in force (YYYY-MM-DD). */
  validTo: string;
  /**
   * New codes, never empty. A province: its new province. A commune: the new communes that took its
   * territory, first the one keeping its code or taking all of it. A district: the new communes that
   * took any of its communes, most of them first.
   */
  successorCodes: string[];
}

const HEADER = ["code", "name", "kind", "parent_code", "valid_to", "successor_codes"];
const CODE_LENGTH: Record<FormerLevel, number> = { TINH: 2, HUYEN: 3, XA: 5 };
const PARENT_LEVEL: Record<FormerLevel, FormerLevel | null> = { TINH: null, HUYEN: "TINH", XA: "HUYEN" };
/** New codes are 2 digits for a province and 5 for a commune (no district level since 1/7/2025). */
const NEW_CODE_LENGTH: Record<FormerLevel, number> = { TINH: 2, HUYEN: 5, XA: 5 };

/**
 * Reads the CSV text (header `code,name,kind,parent_code,valid_to,successor_codes`) into units, in
 * file order. Throws an Error naming the line on a malformed row, a code listed twice at one level,
 * or a parent that is not in the file: the file is data we ship, so a bad row is a bug to fix.
 */
export function readFormerUnits(csvText: string): FormerUnit[] {
  // Each record with the line it ends on (no field of this file spans lines).
  const records: { record: string[]; info: { lines: number } }[] = [];
  try {
    parse(csvText.replace(/^\uFEFF/, ""), {
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (record: string[], context) => {
        records.push({ record, info: { lines: context.lines } });
        return null;
      },
    });
  } catch (err) {
    if (err instanceof CsvError) throw new Error(`former units: ${err.message}`);
    throw err;
  }
  const [header, ...rows] = records;
  if (header?.record.join(",") !== HEADER.join(",")) throw new Error(`former units: the header must be ${HEADER.join(",")}`);

  const units: FormerUnit[] = [];
  const lineOf = new Map<string, number>();
  for (const { record, info } of rows) {
    const fail = (problem: string): never => {
      throw new Error(`former units, line ${info.lines}: ${problem}`);
    };
    if (record.length !== HEADER.length) fail(`${record.length} fields, the header has ${HEADER.length}`);
    const [code, name, kind, parentCode, validTo, successors] = record.map((f) => f.trim()) as [string, string, string, string, string, string];
    if (!(kind in FORMER_KINDS)) fail(`unknown kind "${kind}"`);
    const level = FORMER_KINDS[kind as FormerKind].level;
    if (!new RegExp(`^\\d{${CODE_LENGTH[level]}}$`).test(code)) fail(`code "${code}" is not ${CODE_LENGTH[level]} digits (${kind})`);
    if (!name) fail(`unit ${code} has no name`);
    const parentLevel = PARENT_LEVEL[level];
    if (parentLevel === null ? parentCode !== "" : !new RegExp(`^\\d{${CODE_LENGTH[parentLevel]}}$`).test(parentCode)) {
      fail(parentLevel === null ? `province ${code} has a parent "${parentCode}"` : `unit ${code} needs a ${CODE_LENGTH[parentLevel]}-digit parent code, not "${parentCode}"`);
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(validTo)) fail(`valid_to "${validTo}" of unit ${code} is not YYYY-MM-DD`);
    const successorCodes = successors.split(/\s+/).filter(Boolean);
    if (successorCodes.length === 0) fail(`unit ${code} has no successor`);
    const badSuccessor = successorCodes.find((s) => !new RegExp(`^\\d{${NEW_CODE_LENGTH[level]}}$`).test(s));
    if (badSuccessor !== undefined) fail(`successor "${badSuccessor}" of unit ${code} is not a ${NEW_CODE_LENGTH[level]}-digit code`);
    if (new Set(successorCodes).size !== successorCodes.length) fail(`unit ${code} lists a successor twice`);
    const key = `${level}:${code}`;
    if (lineOf.has(key)) fail(`code ${code} is already on line ${lineOf.get(key)}`);
    lineOf.set(key, info.lines);
    units.push({ code, name, kind: kind as FormerKind, level, parentCode: parentLevel === null ? null : parentCode, validTo, successorCodes });
  }
  for (const u of units) {
    const parentLevel = PARENT_LEVEL[u.level];
    if (parentLevel !== null && !lineOf.has(`${parentLevel}:${u.parentCode}`)) {
      throw new Error(`former units, line ${lineOf.get(`${u.level}:${u.code}`)}: parent ${u.parentCode} of unit ${u.code} is not in the file`);
    }
  }
  return units;
}

/**
 * The former units that went, at least in part, into new units in scope, each with only its
 * successors in scope: an installation serving Tỉnh Thanh Hóa keeps the old units that went into
 * Thanh Hóa. `inScope` is asked about new province codes (2 digits, the successors of former
 * provinces) and new commune codes (5 digits, those of districts and communes), so it should answer
 * for both; a kept unit's parent is dropped only if the predicate drops it.
 */
export function formerUnitsIn(all: readonly FormerUnit[], inScope: (newCode: string) => boolean): FormerUnit[] {
  const kept: FormerUnit[] = [];
  for (const unit of all) {
    const successorCodes = unit.successorCodes.filter(inScope);
    if (successorCodes.length > 0) kept.push({ ...unit, successorCodes });
  }
  return kept;
}

/** Reads and checks `former-units.csv`; errors name the file and the line. */
export async function loadFormerUnits(file = `${FLOWS_DIR}catalogues/former-units.csv`): Promise<FormerUnit[]> {
  const text = await readFile(file, "utf8");
  try {
    return readFormerUnits(text);
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
}

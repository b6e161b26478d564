/**
 * The national list of administrative units (flows/catalogues/national-units.csv, see
 * national-units.SOURCE.md) as catalogue entries, and the part of it an installation serves: the
 * provinces it chose (UNITS_PROVINCES) and, within them, the communes it kept (UNITS_COMMUNES).
 *
 * The file is read with the unit importer's own reader and rules, so a unit has the same id
 * (`u-<code>`), type, level and display word whether it came from the configured scope or from
 * `npm run admin -- units:import national-units.csv`.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { readUnitsCsv } from "../admin/read-units-csv.ts";
import { unitFieldsOf, validateRows } from "../admin/validate-unit-rows.ts";
import { FLOWS_DIR } from "../flows/load-flow.ts";
import { toIsoDate } from "../time/local-date.ts";
import type { UnitCatalogueEntry } from "./load-catalogues.ts";

/** The national list's file name in the catalogues folder. */
export const NATIONAL_UNITS_FILE = "national-units.csv";

/**
 * The units an installation serves, by statistics-office code: the chosen provinces ("all" for
 * the 34), and the communes kept. A province none of whose communes is listed keeps all of them;
 * a province with listed communes keeps only those.
 */
export interface UnitsScope {
  provinces: readonly string[] | "all";
  communes: readonly string[];
}

/**
 * Reads and checks `national-units.csv` of the catalogues folder `dir` (synchronously: the
 * configuration checks UNITS_PROVINCES against it before anything starts). A missing or unreadable
 * file, or a bad row, is an error naming the file.
 */
export function readNationalUnitsFile(dir = join(FLOWS_DIR, "catalogues")): readonly UnitCatalogueEntry[] {
  const path = join(dir, NATIONAL_UNITS_FILE);
  let text: string;
  let version: string;
  try {
    const stat = statSync(path);
    version = `${stat.mtimeMs}:${stat.size}`;
    const known = readFiles.get(path);
    if (known?.version === version) return known.units;
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`${path}: the national list of units cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); it is needed when UNITS_PROVINCES is set`);
  }
  const units = readNationalUnits(text, path);
  readFiles.set(path, { version, units });
  return units;
}

// The configuration's check and the catalogue's load both read the file at start (some 60 ms of
// parsing and checking each): the second gets the first's units while the file is unchanged.
const readFiles = new Map<string, { version: string; units: readonly UnitCatalogueEntry[] }>();

/**
 * The national list's units, in file order (provinces, then communes by province). Throws an
 * error naming the file and line of the first rows that break the importer's rules.
 */
export function readNationalUnits(csvText: string, file = NATIONAL_UNITS_FILE): UnitCatalogueEntry[] {
  const parsed = readUnitsCsv(csvText);
  if ("headerError" in parsed) throw new Error(`${file}: Dòng 1: ${parsed.headerError}`);
  if ("fileError" in parsed) throw new Error(`${file}: Dòng ${parsed.fileError.line}: ${parsed.fileError.problem}`);
  const { accepted, rejected } = validateRows(parsed.rows, []);
  const problems = [...parsed.malformed.map((m) => ({ line: m.line, problems: [m.problem] })), ...rejected].sort((a, b) => a.line - b.line);
  if (problems.length) {
    throw new Error(problems.slice(0, 5).map((p) => `${file}: Dòng ${p.line}: ${p.problems.join("; ")}`).join("\n"));
  }
  return accepted.map((u) => ({
    id: u.id,
    ...unitFieldsOf(u),
    validFrom: u.validFrom ? toIsoDate(u.validFrom) : null,
    validTo: u.validTo ? toIsoDate(u.validTo) : null,
  }));
}

/**
 * The units of `scope`, parents first. Returns the codes of the scope the list does not have (or
 * that are not a province, or a commune of a chosen province) as `unknown`, for the caller to report.
 */
export function unitsInScope(all: readonly UnitCatalogueEntry[], scope: UnitsScope): { units: UnitCatalogueEntry[]; unknown: { provinces: string[]; communes: string[] } } {
  const provinces = all.filter((u) => u.level === "TINH" && !u.parentId);
  const chosen = new Set(scope.provinces === "all" ? provinces.map((p) => p.id) : provinces.filter((p) => scope.provinces.includes(p.code!)).map((p) => p.id));
  const unknownProvinces = scope.provinces === "all" ? [] : scope.provinces.filter((code) => !provinces.some((p) => p.code === code));
  const communeOf = new Map(all.filter((u) => u.level === "XA" && u.parentId && chosen.has(u.parentId)).map((u) => [u.code!, u]));
  const kept = scope.communes.flatMap((code) => communeOf.get(code) ?? []);
  const narrowed = new Set(kept.map((c) => c.parentId));
  const keptIds = new Set(kept.map((c) => c.id));
  const units = all.filter((u) => chosen.has(u.id) || (u.parentId !== null && u.parentId !== undefined && chosen.has(u.parentId) && (!narrowed.has(u.parentId) || keptIds.has(u.id))));
  return { units, unknown: { provinces: unknownProvinces, communes: scope.communes.filter((code) => !communeOf.has(code)) } };
}

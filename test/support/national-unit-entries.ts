/**
 * The national unit list (flows/catalogues/national-units.csv: 34 provincial units and 3,321
 * communes from 01/7/2025) as the entries the unit matcher takes, the way the unit directory hands
 * them to the engine: names with their type word ("Xã Hà Trung"), the kind as `type`, its display
 * word as `localTypeName`, and the province's name as `parentName`. For tests and the benchmark.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { UNIT_KINDS, type UnitKind } from "../../src/admin/unit-kinds.ts";
import type { UnitEntry } from "../../src/validation/match-unit.ts";

interface CsvRow {
  code: string;
  name: string;
  kind: UnitKind;
  parent_code: string;
}

/** Every unit of the national list, in file order, with its GSO code as `id`. */
export function nationalUnitEntries(): UnitEntry[] {
  const text = readFileSync(new URL("../../flows/catalogues/national-units.csv", import.meta.url), "utf8");
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as CsvRow[];
  const names = new Map(rows.map((r) => [r.code, r.name]));
  return rows.map((r) => ({
    id: r.code,
    name: r.name,
    type: r.kind,
    localTypeName: UNIT_KINDS[r.kind].localTypeName,
    parentName: r.parent_code === "" ? null : (names.get(r.parent_code) ?? null),
    validTo: null,
  }));
}

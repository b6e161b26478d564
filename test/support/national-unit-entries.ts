/**
 * The national unit list (flows/catalogues/national-units.csv: 34 provincial units and 3,321
 * communes from 01/7/2025) as the entries the unit matcher takes, read and handed over the way an
 * installation does it (readNationalUnitsFile, then UnitDirectory.runUnits): names with their type
 * word ("Xã Hà Trung"), the kind as `type`, its display word as `localTypeName`, and the province's
 * name as `parentName`. For tests and the benchmark, with the GSO code as `id` ("15271", not the
 * installation's "u-15271").
 */
import { readNationalUnitsFile } from "../../src/catalogues/national-units.ts";
import { UnitDirectory } from "../../src/catalogues/unit-directory.ts";
import type { UnitEntry } from "../../src/validation/match-unit.ts";

/** Every unit of the national list, in file order, with its GSO code as `id`. */
export function nationalUnitEntries(): UnitEntry[] {
  return new UnitDirectory(readNationalUnitsFile())
    .runUnits("2025-07-01")
    .map(({ id, name, type, localTypeName, parentName, validTo }) => ({ id: id.replace(/^u-/, ""), name, type, localTypeName, parentName, validTo }));
}

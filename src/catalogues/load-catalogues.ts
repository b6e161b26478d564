/**
 * The catalogues kept as data next to the flows: the award catalogue and the administrative-unit
 * tree (`flows/catalogues/*.yaml`, or the installation's part of national-units.csv). Both are
 * dated (validFrom/validTo) because the law and the map change: units abolished on 1/7/2025 stay
 * in the file with their end date.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { FLOWS_DIR } from "../flows/load-flow.ts";
import {
  authoritiesFile,
  awardCatalogueFile,
  checkLawCatalogue,
  criteriaOverridesFile,
  findGrantor,
  overridesByProvinceId,
  subjectKindOf,
  type LawAward,
  type LawCatalogue,
} from "../law/award-catalogue.ts";
import { readNationalUnitsFile, unitsInScope, type UnitsScope } from "./national-units.ts";
import { OFFICE_PHONE, readUnitPhones, UNIT_PHONES_FILE } from "./unit-phones.ts";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * An award as the database table and the older parts of the product see it: one generic grantor
 * and one coefficient. Derived from the law catalogue ({@link LawAward}), which holds the dated,
 * per-subject detail.
 */
export const awardEntry = z.object({
  code: z.string().regex(/^[A-Z0-9_]+$/),
  name: z.string().min(1),
  group: z.enum(["DANH_HIEU_THI_DUA", "HINH_THUC_KHEN_THUONG"]),
  subjectKinds: z.array(z.enum(["CA_NHAN", "TAP_THE", "HO_GIA_DINH"])).min(1),
  level: z.enum(["NHA_NUOC", "BO_TINH", "XA", "CO_SO"]),
  grantedBy: z.string().min(1),
  legalBasis: z.string().nullish(),
  rewardCoefficient: z.number().nullish(),
  validFrom: isoDate.nullish(),
  validTo: isoDate.nullish(),
});
export type AwardEntry = z.infer<typeof awardEntry>;

export const unitEntry = z.object({
  id: z.string().regex(/^[a-z0-9/-]+$/),
  code: z.string().nullish(),
  name: z.string().min(1),
  type: z.string().regex(/^[A-Z_]+$/),
  localTypeName: z.string().nullish(),
  level: z.enum(["TINH", "HUYEN", "XA", "THON"]),
  parentId: z.string().nullish(),
  validFrom: isoDate.nullish(),
  validTo: isoDate.nullish(),
  successorIds: z.array(z.string()).nullish(),
  /** The office's public phone (Bộ phận tiếp nhận và trả kết quả), offered to people who decline consent. */
  phone: z.string().regex(OFFICE_PHONE, "a phone number: digits, spaces, dots, brackets, + and -").nullish(),
});
export type UnitCatalogueEntry = z.infer<typeof unitEntry>;

export interface Catalogues {
  awards: AwardEntry[];
  units: UnitCatalogueEntry[];
  /** The awards with their dated grantors and criteria, the authorities and provincial thresholds. */
  law: LawCatalogue;
}

/**
 * Reads and checks both catalogues; every parent and successor id must resolve. Without a scope the
 * units are the sample tree of units.yaml; with one (UNITS_PROVINCES) they are the scope's part of
 * national-units.csv, with the phones of the optional unit-phones.csv, and units.yaml is not read.
 * Provincial overrides are keyed by unit id once loaded; with a scope, an override for a province
 * the installation does not serve is left out.
 */
export async function loadCatalogues(dir = `${FLOWS_DIR}catalogues`, scope: UnitsScope | null = null): Promise<Catalogues> {
  const file = awardCatalogueFile.parse(parseYaml(await readFile(`${dir}/awards.yaml`, "utf8")));
  const overrides = criteriaOverridesFile.parse(parseYaml(await readFile(`${dir}/criteria-overrides.yaml`, "utf8")) ?? {});
  const { units, outsideScope } = scope ? await scopedUnits(dir, scope) : { units: await sampleUnits(dir), outsideScope: () => false };
  const provinces = units.filter((u) => u.level === "TINH");
  const keyed = overridesByProvinceId(overrides, provinces, outsideScope);
  const law: LawCatalogue = {
    awards: file.awards,
    commonRules: file.commonRules,
    achievementTypeRule: file.achievementTypeRule,
    authorities: authoritiesFile.parse(parseYaml(await readFile(`${dir}/authorities.yaml`, "utf8"))),
    overrides: keyed.overrides,
  };
  const errors = [...keyed.errors, ...checkLawCatalogue(law, new Set(provinces.map((u) => u.id)))];
  if (errors.length) throw new Error(errors.map((e) => `flows/catalogues/${e}`).join("\n"));
  return { awards: law.awards.map((a) => tableEntry(law, a)), units, law };
}

/** The sample tree of units.yaml, every parent and successor resolved. */
async function sampleUnits(dir: string): Promise<UnitCatalogueEntry[]> {
  const units = z.array(unitEntry).parse(parseYaml(await readFile(`${dir}/units.yaml`, "utf8")));
  const ids = new Set(units.map((u) => u.id));
  for (const u of units) {
    for (const ref of [u.parentId, ...(u.successorIds ?? [])]) {
      if (ref && !ids.has(ref)) throw new Error(`flows/catalogues/units.yaml: unit ${u.id} refers to unknown unit ${ref}`);
    }
  }
  return units;
}

/**
 * The scope's units of the national list, with their phones. An override key is outside the scope
 * when it is the code of another province of the list, or not a code at all (a unit id of another
 * tree, such as the sample's `bac-ninh`); a 2-digit code no province has stays an error.
 */
async function scopedUnits(dir: string, scope: UnitsScope): Promise<{ units: UnitCatalogueEntry[]; outsideScope: (key: string) => boolean }> {
  const national = readNationalUnitsFile(dir);
  const { units, unknown } = unitsInScope(national, scope);
  if (unknown.provinces.length || unknown.communes.length) {
    const missing = [
      unknown.provinces.length ? `no province ${unknown.provinces.join(", ")}` : "",
      unknown.communes.length ? `no commune ${unknown.communes.join(", ")} in the chosen provinces` : "",
    ];
    throw new Error(`${dir}/national-units.csv: ${missing.filter(Boolean).join("; ")}`);
  }
  const phonesFile = `${dir}/${UNIT_PHONES_FILE}`;
  const phones = existsSync(phonesFile) ? readUnitPhones(await readFile(phonesFile, "utf8"), phonesFile) : new Map<string, string>();
  const provinceCodes = new Set(national.filter((u) => u.level === "TINH").map((u) => u.code));
  return {
    units: units.map((u) => (u.code && phones.has(u.code) ? { ...u, phone: phones.get(u.code)! } : u)),
    outsideScope: (key) => !/^\d{2}$/.test(key) || provinceCodes.has(key),
  };
}

/** The table row of an award: the grantor of its first holder today-or-later, its one coefficient if it has one. */
function tableEntry(law: LawCatalogue, a: LawAward): AwardEntry {
  const latest = findGrantor(a, a.holders[0]!, "2099-12-31") ?? a.grantors[0]!;
  const coefficients = [...new Set(Object.values(a.coefficients))];
  return awardEntry.parse({
    code: a.code,
    name: a.name,
    group: a.group,
    subjectKinds: [...new Set(a.holders.map(subjectKindOf))],
    level: a.level,
    grantedBy: law.authorities[latest.authority]?.generic ?? latest.authority,
    legalBasis: [...new Set(a.grantors.map((g) => g.basis))].join("; "),
    rewardCoefficient: coefficients.length === 1 ? coefficients[0] : null,
    validFrom: a.validFrom ?? null,
    validTo: a.validTo ?? null,
  });
}

/** True when the entry is in force on the ISO date `on`. */
export function inForce(entry: { validFrom?: string | null; validTo?: string | null }, on: string): boolean {
  return (!entry.validFrom || entry.validFrom <= on) && (!entry.validTo || entry.validTo >= on);
}

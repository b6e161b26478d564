/**
 * The catalogues kept as data next to the flows: the award catalogue and the administrative-unit
 * tree (`flows/catalogues/*.yaml`). Both are dated (validFrom/validTo) because the law and the
 * map change: units abolished on 1/7/2025 stay in the file with their end date.
 */
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
  subjectKindOf,
  type LawAward,
  type LawCatalogue,
} from "../law/award-catalogue.ts";

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
  phone: z.string().regex(/^[0-9 .()+-]{8,20}$/, "a phone number: digits, spaces, dots, brackets, + and -").nullish(),
});
export type UnitCatalogueEntry = z.infer<typeof unitEntry>;

export interface Catalogues {
  awards: AwardEntry[];
  units: UnitCatalogueEntry[];
  /** The awards with their dated grantors and criteria, the authorities and provincial thresholds. */
  law: LawCatalogue;
}

/** Reads and checks both catalogues; every parent and successor id must resolve. */
export async function loadCatalogues(dir = `${FLOWS_DIR}catalogues`): Promise<Catalogues> {
  const file = awardCatalogueFile.parse(parseYaml(await readFile(`${dir}/awards.yaml`, "utf8")));
  const law: LawCatalogue = {
    awards: file.awards,
    commonRules: file.commonRules,
    achievementTypeRule: file.achievementTypeRule,
    authorities: authoritiesFile.parse(parseYaml(await readFile(`${dir}/authorities.yaml`, "utf8"))),
    overrides: criteriaOverridesFile.parse(parseYaml(await readFile(`${dir}/criteria-overrides.yaml`, "utf8")) ?? {}),
  };
  const units = z.array(unitEntry).parse(parseYaml(await readFile(`${dir}/units.yaml`, "utf8")));
  const ids = new Set(units.map((u) => u.id));
  for (const u of units) {
    for (const ref of [u.parentId, ...(u.successorIds ?? [])]) {
      if (ref && !ids.has(ref)) throw new Error(`flows/catalogues/units.yaml: unit ${u.id} refers to unknown unit ${ref}`);
    }
  }
  const errors = checkLawCatalogue(law, new Set(units.filter((u) => u.level === "TINH").map((u) => u.id)));
  if (errors.length) throw new Error(errors.map((e) => `flows/catalogues/${e}`).join("\n"));
  return { awards: law.awards.map((a) => tableEntry(law, a)), units, law };
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

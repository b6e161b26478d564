/**
 * The catalogues kept as data next to the flows: the award catalogue and the administrative-unit
 * tree (`flows/catalogues/*.yaml`). Both are dated (validFrom/validTo) because the law and the
 * map change: units abolished on 1/7/2025 stay in the file with their end date.
 */
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { FLOWS_DIR } from "../flows/load-flow.ts";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

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
}

/** Reads and checks both catalogues; every parent and successor id must resolve. */
export async function loadCatalogues(dir = `${FLOWS_DIR}catalogues`): Promise<Catalogues> {
  const awards = z.array(awardEntry).parse(parseYaml(await readFile(`${dir}/awards.yaml`, "utf8")));
  const units = z.array(unitEntry).parse(parseYaml(await readFile(`${dir}/units.yaml`, "utf8")));
  const ids = new Set(units.map((u) => u.id));
  for (const u of units) {
    for (const ref of [u.parentId, ...(u.successorIds ?? [])]) {
      if (ref && !ids.has(ref)) throw new Error(`flows/catalogues/units.yaml: unit ${u.id} refers to unknown unit ${ref}`);
    }
  }
  const codes = new Set<string>();
  for (const a of awards) {
    if (codes.has(a.code)) throw new Error(`flows/catalogues/awards.yaml: duplicate award code ${a.code}`);
    codes.add(a.code);
  }
  return { awards, units };
}

/** True when the entry is in force on the ISO date `on`. */
export function inForce(entry: { validFrom?: string | null; validTo?: string | null }, on: string): boolean {
  return (!entry.validFrom || entry.validFrom <= on) && (!entry.validTo || entry.validTo >= on);
}

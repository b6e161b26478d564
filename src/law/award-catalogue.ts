/**
 * The award catalogue as the law's data (`flows/catalogues/awards.yaml`, `authorities.yaml`,
 * `criteria-overrides.yaml`): who may hold each award, who decides it on a given date, whether
 * it is annual or may be đột xuất, its coefficient, and its criteria. These schemas are the single
 * source of truth for the files' shape; {@link checkLawCatalogue} adds the cross-checks a schema
 * cannot state (authorities and rules that exist, a grantor for every holder on every date).
 */
import { z } from "zod";
import { criteriaRule } from "./criteria-rule.ts";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * Who may hold an award: an individual (CA_NHAN), an individual of the armed forces, police or
 * dân quân tự vệ (CHIEN_SI), a household, or a collective by its kind (the values of the
 * collective flow's `collectiveKind` step).
 */
export const HOLDERS = [
  "CA_NHAN",
  "CHIEN_SI",
  "HO_GIA_DINH",
  "THON",
  "TO_DAN_PHO",
  "CO_QUAN",
  "TRUONG_HOC",
  "HOP_TAC_XA",
  "DOANH_NGHIEP",
  "DOAN_THE",
  "DAN_QUAN",
  "XA",
  "KHAC",
] as const;
export const holder = z.enum(HOLDERS);
export type Holder = z.infer<typeof holder>;

/** The subject kind stored on nominations and in the AwardType table. */
export type SubjectKind = "CA_NHAN" | "TAP_THE" | "HO_GIA_DINH";
export function subjectKindOf(h: Holder): SubjectKind {
  return h === "CA_NHAN" || h === "CHIEN_SI" ? "CA_NHAN" : h === "HO_GIA_DINH" ? "HO_GIA_DINH" : "TAP_THE";
}

/** Loại hình khen thưởng as the flows name them: THUONG_XUYEN is công trạng (tổng kết năm). */
export const achievementType = z.enum(["THUONG_XUYEN", "CHUYEN_DE", "DOT_XUAT"]);

const authorityKey = z.string().regex(/^[A-Z0-9_]+$/);

export const grantorRule = z.object({
  authority: authorityKey,
  /** Only for these holders; absent: any holder not matched by an earlier entry. */
  holders: z.array(holder).min(1).optional(),
  validFrom: isoDate.nullish(),
  validTo: isoDate.nullish(),
  basis: z.string().min(1),
});
export type GrantorRule = z.infer<typeof grantorRule>;

const statedCondition = z.object({ text: z.string().min(1), article: z.string().min(1) });

export const lawAward = z.object({
  code: z.string().regex(/^[A-Z0-9_]+$/),
  name: z.string().min(1),
  /** The printed title, with {grantor}, {xa}, {tinh} filled from the unit; default `name`. */
  title: z.string().min(1).optional(),
  group: z.enum(["DANH_HIEU_THI_DUA", "HINH_THUC_KHEN_THUONG"]),
  level: z.enum(["NHA_NUOC", "BO_TINH", "XA", "CO_SO"]),
  holders: z.array(holder).min(1),
  achievementTypes: z.array(achievementType).min(1),
  upward: z.boolean().default(false),
  grantors: z.array(grantorRule).min(1),
  coefficients: z.partialRecord(z.enum(["CA_NHAN", "TAP_THE", "HO_GIA_DINH"]), z.number().positive()).default({}),
  criteria: z.array(criteriaRule).default([]),
  conditions: z.array(statedCondition).default([]),
  validFrom: isoDate.nullish(),
  validTo: isoDate.nullish(),
});
export type LawAward = z.infer<typeof lawAward>;

export const awardCatalogueFile = z.object({
  commonRules: z.array(criteriaRule).default([]),
  achievementTypeRule: statedCondition,
  awards: z.array(lawAward).min(1),
});

export const authoritiesFile = z.record(authorityKey, z.object({ title: z.string().min(1), generic: z.string().min(1) }));
export type Authorities = z.infer<typeof authoritiesFile>;

const thresholds = z.object({
  percent: z.number().min(0).max(100).optional(),
  value: z.number().int().min(0).optional(),
  years: z.number().int().min(1).max(10).optional(),
}).strict();
export type RuleThresholds = z.infer<typeof thresholds>;

/**
 * Provincial thresholds, keyed by the province (its unit id, or its 2-digit statistics-office
 * code), then award code, then rule id. Once loaded the keys are unit ids: see {@link overridesByProvinceId}.
 */
export const criteriaOverridesFile = z.record(
  z.string().regex(/^[a-z0-9/-]+$/),
  z.object({ source: z.string().min(1), awards: z.record(z.string(), z.record(z.string(), thresholds)) }),
);
export type CriteriaOverrides = z.infer<typeof criteriaOverridesFile>;

/** Everything the law part of the product knows, as loaded. */
export interface LawCatalogue {
  awards: LawAward[];
  commonRules: z.infer<typeof criteriaRule>[];
  achievementTypeRule: z.infer<typeof statedCondition>;
  authorities: Authorities;
  overrides: CriteriaOverrides;
}

/**
 * The overrides keyed by province unit id, as the criteria are looked up: a key that is the code of
 * one of `provinces` ("27") becomes that province's id, a key that is its id stays. A key that
 * names none of them is dropped when `outsideScope(key)` says it belongs to a province the
 * installation does not serve, else kept as written for {@link checkLawCatalogue} to report. Two
 * keys naming one province are an error.
 */
export function overridesByProvinceId(
  overrides: CriteriaOverrides,
  provinces: readonly { id: string; code?: string | null }[],
  outsideScope: (key: string) => boolean,
): { overrides: CriteriaOverrides; errors: string[] } {
  const result: CriteriaOverrides = {};
  const keyOf = new Map<string, string>();
  const errors: string[] = [];
  for (const [key, o] of Object.entries(overrides)) {
    const province = provinces.find((p) => p.id === key) ?? (/^\d{2}$/.test(key) ? provinces.find((p) => p.code === key) : undefined);
    if (!province && outsideScope(key)) continue;
    const id = province?.id ?? key;
    if (keyOf.has(id)) {
      errors.push(`criteria-overrides.yaml: ${key}: the same province as ${keyOf.get(id)}`);
      continue;
    }
    keyOf.set(id, key);
    result[id] = o;
  }
  return { overrides: result, errors };
}

/** Dates the grantor rules must cover: the law's start, the day before and the day of the 2025 reform, far future. */
const PROBE_DATES = ["2024-01-01", "2025-06-30", "2025-07-01", "2099-12-31"];

/**
 * Semantic checks, each error naming its place: unique codes and rule ids, known authorities, a
 * grantor for every holder on every date the award is in force, overrides that name a province
 * unit, an award, a rule and a number that rule has.
 */
export function checkLawCatalogue(law: LawCatalogue, provinceIds: ReadonlySet<string>): string[] {
  const errors: string[] = [];
  const codes = new Set<string>();
  for (const a of law.awards) {
    const at = `awards.yaml: award[code=${a.code}]`;
    if (codes.has(a.code)) errors.push(`${at}: duplicate award code`);
    codes.add(a.code);
    for (const g of a.grantors) {
      if (!law.authorities[g.authority]) errors.push(`${at}: unknown authority ${g.authority} (authorities.yaml)`);
      for (const h of g.holders ?? []) if (!a.holders.includes(h)) errors.push(`${at}: grantor for ${h}, who cannot hold it`);
    }
    for (const h of a.holders) {
      for (const day of PROBE_DATES) {
        if ((a.validFrom && day < a.validFrom) || (a.validTo && day > a.validTo)) continue;
        if (!findGrantor(a, h, day)) errors.push(`${at}: no grantor for ${h} on ${day}`);
      }
    }
    const ids = new Set<string>();
    for (const r of [...law.commonRules, ...a.criteria]) {
      if (ids.has(r.id)) errors.push(`${at}: duplicate rule id ${r.id}`);
      ids.add(r.id);
    }
  }
  for (const [province, o] of Object.entries(law.overrides)) {
    const at = `criteria-overrides.yaml: ${province}`;
    if (!provinceIds.has(province)) errors.push(`${at}: not a province unit of units.yaml`);
    for (const [code, rules] of Object.entries(o.awards)) {
      const award = law.awards.find((a) => a.code === code);
      if (!award) {
        errors.push(`${at}: unknown award ${code}`);
        continue;
      }
      for (const [ruleId, t] of Object.entries(rules)) {
        const rule = award.criteria.find((r) => r.id === ruleId);
        if (!rule) errors.push(`${at}: award ${code} has no rule ${ruleId}`);
        else for (const key of Object.keys(t)) if (!(key in rule)) errors.push(`${at}: rule ${code}.${ruleId} has no ${key}`);
      }
    }
  }
  return errors;
}

/** The grantor rule for `h` on the ISO date `on`: the first that names the holder (or none) and is in force. */
export function findGrantor(award: LawAward, h: Holder, on: string): GrantorRule | undefined {
  return award.grantors.find(
    (g) => (!g.holders || g.holders.includes(h)) && (!g.validFrom || g.validFrom <= on) && (!g.validTo || g.validTo >= on),
  );
}

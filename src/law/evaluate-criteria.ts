/**
 * The rule evaluator: checks an award's criteria against a nomination's answers and the
 * nominee's award history. Pure and total: any answers (missing, null, of the wrong type) give a
 * result, never an exception. A rule whose answer is missing is `unknown`, not failed: the
 * assistant advises, the council decides.
 */
import { DISCIPLINE_BELOW_WARNING, type CriteriaRule, type InnerRule } from "./criteria-rule.ts";
import type { CriteriaOverrides, LawAward, LawCatalogue, RuleThresholds } from "./award-catalogue.ts";

/** One award already received, as the award history keeps it. */
export interface AwardHistoryEntry {
  awardCode: string;
  year: number;
  decisionNumber?: string | null;
}

export type RuleOutcome = "pass" | "fail" | "unknown";

/** What a rule read, so its explanation can show the values it used. */
export type RuleEvidence =
  | { kind: "share"; part: number | null; whole: number | null }
  | { kind: "answer"; answer: string; value: unknown }
  | { kind: "history"; years: number[]; missing: number[] }
  | { kind: "history-unknown" }
  | { kind: "any-of"; parts: RuleEvidence[] };

export interface RuleResult {
  id: string;
  article: string;
  /** The requirement in Vietnamese, with the rule's numbers filled in. */
  text: string;
  outcome: RuleOutcome;
  evidence: RuleEvidence;
}

export interface EvaluateInput {
  award: LawAward;
  law: Pick<LawCatalogue, "commonRules" | "achievementTypeRule" | "overrides">;
  answers: Readonly<Record<string, unknown>>;
  /** The nominee's awards; undefined when no history is known (history rules are then unknown). */
  history?: readonly AwardHistoryEntry[];
  /** The province's unit id, for its thresholds in criteria-overrides.yaml. */
  provinceId?: string | null;
}

/** Every rule of the award (common rules, the achievement-type rule, the award's criteria), evaluated. */
export function evaluateAward(input: EvaluateInput): RuleResult[] {
  const { award, law, answers } = input;
  const typeRule: CriteriaRule = {
    id: "achievementType",
    kind: "answer-in",
    answer: "achievementType",
    in: award.achievementTypes,
    article: law.achievementTypeRule.article,
    text: law.achievementTypeRule.text,
  };
  const rules = [...law.commonRules, typeRule, ...effectiveCriteria(award, law.overrides, input.provinceId)];
  return rules.map((rule) => {
    const { outcome, evidence } = check(rule, answers, input.history);
    return { id: rule.id, article: rule.article, text: fillNumbers(rule.text, rule), outcome, evidence };
  });
}

/** The award's criteria with the province's thresholds applied; the article then also names the provincial source. */
export function effectiveCriteria(award: LawAward, overrides: CriteriaOverrides, provinceId?: string | null): CriteriaRule[] {
  const province = provinceId ? overrides[provinceId] : undefined;
  const forAward = province?.awards[award.code];
  if (!province || !forAward) return award.criteria;
  return award.criteria.map((rule) => {
    const t: RuleThresholds | undefined = forAward[rule.id];
    if (!t) return rule;
    const changed = { ...rule } as Record<string, unknown>;
    for (const [k, v] of Object.entries(t)) if (k in rule && v !== undefined) changed[k] = v;
    return { ...(changed as CriteriaRule), article: `${rule.article}; ${province.source}` };
  });
}

function check(
  rule: CriteriaRule | InnerRule,
  answers: Readonly<Record<string, unknown>>,
  history: readonly AwardHistoryEntry[] | undefined,
): { outcome: RuleOutcome; evidence: RuleEvidence } {
  switch (rule.kind) {
    case "share": {
      const part = count(answers[rule.part]);
      const whole = count(answers[rule.whole]);
      const evidence: RuleEvidence = { kind: "share", part, whole };
      // Compared in integers (part × 100 against percent × whole): no rounding at the threshold.
      if (part === null || whole === null || whole === 0 || part > whole) return { outcome: "unknown", evidence };
      const pass = rule.op === "gt" ? part * 100 > rule.percent * whole : part * 100 >= rule.percent * whole;
      return { outcome: pass ? "pass" : "fail", evidence };
    }
    case "answer-in": {
      const value = answers[rule.answer];
      const evidence: RuleEvidence = { kind: "answer", answer: rule.answer, value: value ?? null };
      if (!isScalar(value)) return { outcome: "unknown", evidence };
      return { outcome: rule.in.some((v) => v === value) ? "pass" : "fail", evidence };
    }
    case "count": {
      const n = count(answers[rule.answer]);
      const evidence: RuleEvidence = { kind: "answer", answer: rule.answer, value: n };
      if (n === null) return { outcome: "unknown", evidence };
      return { outcome: (rule.op === "gte" ? n >= rule.value : n <= rule.value) ? "pass" : "fail", evidence };
    }
    case "no-discipline": {
      const value = answers[rule.answer];
      const evidence: RuleEvidence = { kind: "answer", answer: rule.answer, value: value ?? null };
      const n = count(value);
      if (n !== null) return { outcome: n === 0 ? "pass" : "fail", evidence };
      if (typeof value === "string" && value.length > 0) return { outcome: DISCIPLINE_BELOW_WARNING.includes(value) ? "pass" : "fail", evidence };
      return { outcome: "unknown", evidence };
    }
    case "history-consecutive": {
      const year = count(answers.year);
      if (!history || year === null) return { outcome: "unknown", evidence: { kind: "history-unknown" } };
      const years = Array.from({ length: rule.years }, (_, i) => year - rule.years + 1 + i);
      const held = new Set(history.filter((h) => rule.awards.includes(h?.awardCode)).map((h) => h.year));
      const missing = years.filter((y) => !held.has(y));
      return { outcome: missing.length === 0 ? "pass" : "fail", evidence: { kind: "history", years, missing } };
    }
    case "any-of": {
      const parts = rule.rules.map((r) => check(r, answers, history));
      const outcome: RuleOutcome = parts.some((p) => p.outcome === "pass")
        ? "pass"
        : parts.every((p) => p.outcome === "fail")
          ? "fail"
          : "unknown";
      return { outcome, evidence: { kind: "any-of", parts: parts.map((p) => p.evidence) } };
    }
  }
}

/** A non-negative whole number, or null for anything else (missing, text, NaN, negative…). */
function count(v: unknown): number | null {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : null;
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));
}

/** Fills {percent}, {value}, {years} in a rule's text from the rule itself. */
function fillNumbers(text: string, rule: CriteriaRule): string {
  return text.replace(/\{(percent|value|years)\}/g, (whole, key: string) => {
    const v = (rule as Record<string, unknown>)[key];
    return typeof v === "number" ? formatNumber(v) : whole;
  });
}

/** 66.7 → "66,7": Vietnamese decimal comma. */
export function formatNumber(n: number): string {
  return String(Math.round(n * 10) / 10).replace(".", ",");
}

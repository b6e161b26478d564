/**
 * The law's advice in a conversation: once an award is chosen, who decides it (rendered from the
 * proposing unit, or the nominee's) and its criteria in a line; before the summary, every criterion the answers
 * fail, with its article and the answers it used. The same assessment goes into the dossier
 * payload when the person sends anyway: the assistant advises, the council decides. Pure: the
 * date is fixed when the advisor is made.
 */
import type { I18n, Lang } from "../i18n/i18n.ts";
import type { Flow, Step } from "../flows/flow-definition.ts";
import type { Answers } from "../flows/run-state.ts";
import type { RunAward, RunLaw } from "../flows/advance-run.ts";
import { holderOf, type AwardStep } from "../flows/award-choices.ts";
import { inForce, type UnitCatalogueEntry } from "../catalogues/load-catalogues.ts";
import { effectiveCriteria, evaluateAward, formatNumber, type AwardHistoryEntry, type RuleEvidence, type RuleResult } from "./evaluate-criteria.ts";
import { findGrantor, subjectKindOf, type Holder, type LawAward, type LawCatalogue } from "./award-catalogue.ts";
import { placeFromChain, resolveGrantor, type ResolvedGrantor } from "./resolve-grantor.ts";

/** What the dossier records about the law: who decides, and the criteria the answers fail. */
export interface NominationAssessment {
  grantor: { title: string; basis: string; upward: boolean; awardTitle: string };
  /** Failed criteria, each explained in one Vietnamese sentence. */
  failed: { rule: string; article: string; explanation: string }[];
}

export interface LawAdvisor extends RunLaw {
  assess(flow: Flow, answers: Answers): NominationAssessment | null;
}

export interface LawAdvisorOptions {
  law: LawCatalogue;
  /** The unit and its ancestors, province first (UnitDirectory.chain). */
  chain: (unitId: string) => UnitCatalogueEntry[];
  /** The decision date for grantors and the catalogue, yyyy-mm-dd (Vietnam time). */
  today: string;
  i18n: I18n;
  /**
   * The đơn vị đề nghị (the officer's bound unit): its chair decides a commune-level award and its
   * province's thresholds apply, wherever the nominee lives. Absent, the nominee's unit stands in.
   */
  proposingUnitId?: string | null;
  /**
   * The nominee's awards as the award history records them (decisions taken through this
   * service); absent while the nominee is not identified, and history criteria are then unknown.
   */
  history?: readonly AwardHistoryEntry[];
}

/** The awards in force, as the engine offers them. */
export function runAwardsOf(law: LawCatalogue, today: string): RunAward[] {
  return law.awards
    .filter((a) => inForce(a, today))
    .map((a) => {
      const g = findGrantor(a, a.holders[0]!, today) ?? a.grantors[0]!;
      return {
        code: a.code,
        name: a.name,
        subjectKinds: [...new Set(a.holders.map(subjectKindOf))],
        grantedBy: law.authorities[g.authority]?.generic ?? g.authority,
        holders: a.holders,
        achievementTypes: a.achievementTypes,
      };
    });
}

/** The question that lists the awards already received: the award history can answer it. */
const PRIOR_AWARDS_STEP = "priorAwards";

export function createLawAdvisor(opts: LawAdvisorOptions): LawAdvisor {
  const { law, i18n, today } = opts;
  const runAwards = runAwardsOf(law, today);

  /** The award step, the chosen award, the holder and the place, when the answers name an award. */
  const subject = (flow: Flow, answers: Answers) => {
    const step = flow.steps.find((s): s is AwardStep => s.kind === "award");
    const code = step ? answers[step.id] : undefined;
    const award = typeof code === "string" ? law.awards.find((a) => a.code === code) : undefined;
    if (!step || !award) return undefined;
    const holder = holderOf(step, answers, runAwards);
    // A collective of no known kind: the first holder that is a collective gives the grantor.
    const asHolder = (award.holders.includes(holder as Holder) ? holder : award.holders.find((h) => subjectKindOf(h) === "TAP_THE") ?? award.holders[0]) as Holder;
    const unitId = opts.proposingUnitId ?? answers.unit;
    const chain = typeof unitId === "string" ? opts.chain(unitId) : [];
    const grantor = resolveGrantor(law, award, asHolder, today, placeFromChain(chain));
    const provinceId = chain.find((u) => u.level === "TINH")?.id ?? null;
    return { award, grantor, provinceId };
  };

  const failures = (flow: Flow, answers: Answers): RuleResult[] => {
    const s = subject(flow, answers);
    if (!s) return [];
    return evaluateAward({ award: s.award, law, answers, provinceId: s.provinceId, ...(opts.history ? { history: opts.history } : {}) }).filter((r) => r.outcome === "fail");
  };

  const explain = (flow: Flow, r: RuleResult, lang: Lang): string =>
    `${r.text} (${r.article}); ${evidenceText(flow, r.evidence, i18n, lang)}`;

  return {
    chosen(flow, code, answers, lang) {
      const s = subject(flow, answers);
      if (!s || s.award.code !== code) return [];
      const lines = [grantorLine(s.grantor, s.award, i18n, lang)];
      if (s.grantor?.upward) lines.push(i18n.t(lang, "law.upward"));
      const criteria = criteriaLine(s.award, law, s.provinceId, i18n, lang);
      if (criteria) lines.push(criteria);
      return lines;
    },
    findings(flow, answers, lang) {
      const failed = failures(flow, answers);
      if (!failed.length) return [];
      return [i18n.t(lang, "law.findings.title"), ...failed.map((r) => `⚠ ${explain(flow, r, lang)}`)];
    },
    suggestion(stepId, lang) {
      if (stepId !== PRIOR_AWARDS_STEP || !opts.history?.length) return undefined;
      const answer = opts.history
        .map((h) => {
          const title = law.awards.find((a) => a.code === h.awardCode)?.name ?? h.awardCode;
          return h.decisionNumber ? i18n.t(lang, "law.history.entry", { year: h.year, title, decision: h.decisionNumber }) : `${h.year}: ${title}`;
        })
        .join("; ");
      return { answer, note: i18n.t(lang, "law.history.known", { list: answer }) };
    },
    assess(flow, answers) {
      const s = subject(flow, answers);
      if (!s || !s.grantor) return null;
      return {
        grantor: { title: s.grantor.title, basis: s.grantor.basis, upward: s.grantor.upward, awardTitle: s.grantor.awardTitle },
        failed: failures(flow, answers).map((r) => ({ rule: r.id, article: r.article, explanation: explain(flow, r, "vi") })),
      };
    },
  };
}

function grantorLine(g: ResolvedGrantor | undefined, award: LawAward, i18n: I18n, lang: Lang): string {
  if (!g) return i18n.t(lang, "law.chosen_no_grantor", { title: award.name });
  return i18n.t(lang, "law.chosen", { title: g.awardTitle, grantor: g.title, basis: g.basis });
}

/** "Tiêu chuẩn: cần trên 50 % thành viên đạt Lao động tiên tiến; không có cá nhân bị kỷ luật… (Luật TĐKT 2022, Điều 28)." */
function criteriaLine(award: LawAward, law: LawCatalogue, provinceId: string | null, i18n: I18n, lang: Lang): string | undefined {
  const rules = effectiveCriteria(award, law.overrides, provinceId);
  const stated = rules.length
    ? rules.map((r) => ({ text: withoutName(fillNumbers(r.text, r as Record<string, unknown>), award.name), article: r.article }))
    : award.conditions.map((c) => ({ text: c.text, article: c.article }));
  if (!stated.length) return undefined;
  const articles = [...new Set(stated.map((s) => s.article))].join("; ");
  return i18n.t(lang, "law.criteria", { criteria: stated.map((s) => s.text).join("; "), articles });
}

function withoutName(text: string, name: string): string {
  return text.startsWith(`${name} `) ? text.slice(name.length + 1) : text;
}

function fillNumbers(text: string, rule: Record<string, unknown>): string {
  return text.replace(/\{(percent|value|years)\}/g, (w, k: string) => (typeof rule[k] === "number" ? formatNumber(rule[k]) : w));
}

/** "hồ sơ ghi 2/10 = 20 %.", "hồ sơ ghi: Không.", in the person's language. */
function evidenceText(flow: Flow, e: RuleEvidence, i18n: I18n, lang: Lang): string {
  switch (e.kind) {
    case "share":
      return i18n.t(lang, "law.evidence.share", {
        part: e.part ?? "?",
        whole: e.whole ?? "?",
        percent: e.part !== null && e.whole ? formatNumber((e.part / e.whole) * 100) : "?",
      });
    case "answer":
      return i18n.t(lang, "law.evidence.answer", { answer: answerText(flow, e.answer, e.value, i18n, lang) });
    case "any-of":
      return i18n.t(lang, "law.evidence.answer", {
        answer: e.parts.map((p) => (p.kind === "answer" ? answerText(flow, p.answer, p.value, i18n, lang) : "…")).join("; "),
      });
    case "history":
      return i18n.t(lang, "law.evidence.history", { missing: e.missing.join(", ") });
    case "history-unknown":
      return i18n.t(lang, "law.evidence.history_unknown");
  }
}

/** "Mức độ hoàn thành nhiệm vụ: Hoàn thành tốt nhiệm vụ": the step's label and the answer as the summary shows it. */
function answerText(flow: Flow, stepId: string, value: unknown, i18n: I18n, lang: Lang): string {
  const step: Step | undefined = flow.steps.find((s) => s.id === stepId);
  const label = step ? ((lang === "en" && step.label?.en) || step.label?.vi || step.prompt.vi) : stepId;
  let shown: string;
  if (value === null || value === undefined) shown = i18n.t(lang, "law.evidence.no_answer");
  else if (typeof value === "boolean") shown = i18n.t(lang, value ? "bot.yes" : "bot.no");
  else if (step && step.kind === "choice") {
    const o = step.options.find((x) => x.value === value);
    shown = o ? (lang === "en" && o.label.en) || o.label.vi : String(value);
  } else shown = String(value);
  return `${label}: ${shown}`;
}

/**
 * A nomination dossier's payload turned into the {@link NomineeEntry} the documents print: codes
 * become the labels the form showed ("Hoàn thành xuất sắc nhiệm vụ"), dates become dd/mm/yyyy, the
 * award gets its printed title and group from the catalogue, and the nominee's granted awards come
 * from the award history. Pure: the caller passes the flow, the catalogue entry and the history.
 */
import type { DossierPayload } from "../dossiers/dossier-payload.ts";
import type { Flow } from "../flows/flow-definition.ts";
import type { LawAward } from "../law/award-catalogue.ts";
import type { NomineeEntry, SubjectKind } from "./document-data.ts";
import { shortDate } from "./date-line.ts";

type NominationPayload = Extract<DossierPayload, { kind: "NOMINATION_INDIVIDUAL" | "NOMINATION_COLLECTIVE" | "NOMINATION_HOUSEHOLD" }>;

export function isNominationPayload(p: DossierPayload): p is NominationPayload {
  return p.kind !== "GOOD_DEED_REPORT";
}

/** A granted award of the nominee, with the catalogue's name of the award. */
export interface GrantedAward {
  year: number;
  awardName: string;
  decisionNumber: string;
  decidedOn: string;
  signer: string;
}

export interface EntryContext {
  /** The flow revision the dossier was filled on, for the labels of its answers; absent: codes print as they are. */
  flow?: Flow | undefined;
  /** The award in the catalogue; absent for an award no longer listed. */
  award?: LawAward | undefined;
  history: readonly GrantedAward[];
  /** The decision recorded on the dossier, if any. */
  decision: { number: string; signedOn: string; signer: string } | null;
}

/** Answers printed elsewhere in the documents, not among the criteria facts. */
const NOT_FACTS = new Set(["year", "priorAwards"]);

function stepOf(flow: Flow | undefined, id: string) {
  return flow?.steps.find((s) => s.id === id);
}

/** The form's label of a choice value ("HOAN_THANH_TOT" → "Hoàn thành tốt nhiệm vụ"). */
function optionLabel(flow: Flow | undefined, stepId: string, value: string): string {
  const step = stepOf(flow, stepId);
  const options = step && "options" in step ? step.options : undefined;
  return options?.find((o) => o.value === value)?.label.vi ?? value;
}

function factValue(flow: Flow | undefined, stepId: string, value: string | number | boolean): string {
  if (typeof value === "boolean") return value ? "Có" : "Không";
  if (typeof value === "number") return String(value);
  return optionLabel(flow, stepId, value);
}

export function nomineeEntry(dossierCode: string, p: NominationPayload, ctx: EntryContext): NomineeEntry {
  const n = p.nomination;
  const flow = ctx.flow;
  const answers = n.criteriaAnswers ?? {};
  const facts = Object.entries(answers)
    .filter((e): e is [string, string | number | boolean] => e[1] !== null && e[1] !== undefined && !NOT_FACTS.has(e[0]))
    .map(([id, value]) => ({ label: stepOf(flow, id)?.label?.vi ?? id, value: factValue(flow, id, value) }));
  const grantor = n.eligibility?.grantor;
  const coefficientKey: SubjectKind = p.kind === "NOMINATION_INDIVIDUAL" ? "CA_NHAN" : p.kind === "NOMINATION_COLLECTIVE" ? "TAP_THE" : "HO_GIA_DINH";
  const base = {
    code: dossierCode,
    award: {
      code: n.award.code,
      name: n.award.name,
      title: grantor?.awardTitle ?? n.award.name,
      isTitle: ctx.award ? ctx.award.group === "DANH_HIEU_THI_DUA" : false,
      grantorTitle: grantor?.title ?? n.award.grantedBy,
      grantorBasis: grantor?.basis ?? null,
      upward: grantor?.upward ?? false,
      coefficient: ctx.award?.coefficients[coefficientKey] ?? null,
    },
    achievementType: n.achievementType,
    movement: n.movement,
    year: n.year ?? null,
    summary: n.summary,
    attestationText: n.attestation.text,
    facts,
    failedCriteria: n.eligibility?.failed.map((f) => f.explanation) ?? [],
    priorAwardsDeclared: typeof answers["priorAwards"] === "string" ? answers["priorAwards"] : null,
    priorAwards: ctx.history.map((h) => ({ year: h.year, award: h.awardName, decision: `${h.decisionNumber} ngày ${shortDate(h.decidedOn)}`, issuer: h.signer })),
    decision: ctx.decision,
  };
  if (p.kind === "NOMINATION_INDIVIDUAL") {
    const who = p.nomination.nominee;
    return {
      ...base,
      subjectKind: "CA_NHAN",
      nomineeName: who.fullName,
      place: who.unit?.name ?? null,
      gender: who.gender === "NU" ? "Nữ" : "Nam",
      birthDate: shortDate(who.birthDate),
      position: who.position,
      category: optionLabel(flow, "subjectCategory", who.subjectCategory),
      memberCount: null,
      advancedWorkerCount: null,
      advancedWorkerPercent: null,
    };
  }
  if (p.kind === "NOMINATION_COLLECTIVE") {
    const c = p.nomination.collective;
    return {
      ...base,
      subjectKind: "TAP_THE",
      nomineeName: c.name,
      place: c.unit?.name ?? null,
      gender: null,
      birthDate: null,
      position: null,
      category: optionLabel(flow, "collectiveKind", c.kind),
      memberCount: c.memberCount,
      advancedWorkerCount: c.advancedWorkerCount,
      advancedWorkerPercent: c.advancedWorkerPercent,
    };
  }
  const h = p.nomination.household;
  return {
    ...base,
    subjectKind: "HO_GIA_DINH",
    nomineeName: h.headName,
    place: h.unit.name,
    gender: null,
    birthDate: null,
    position: null,
    category: null,
    memberCount: h.memberCount,
    advancedWorkerCount: null,
    advancedWorkerPercent: null,
  };
}

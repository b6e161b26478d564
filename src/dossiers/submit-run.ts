/**
 * Submission of a finished flow. In one transaction: the typed record (a nomination or a
 * good-deed report), its dossier (the versioned payload for the council) with a reference code,
 * a `forward-dossier` job in the outbox, the attachments linked, the draft marked submitted,
 * and an audit entry. Either all of it is stored or none of it.
 */
import { enqueueJob, FORWARD_DOSSIER_JOB } from "../outbox/jobs.ts";
import type { RunAward } from "../flows/advance-run.ts";
import type { Flow } from "../flows/flow-definition.ts";
import type { Answers, FileRef } from "../flows/run-state.ts";
import type { Tx } from "../db/open-database.ts";
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import {
  parseRecord,
  type CollectiveNominationRecord,
  type HouseholdNominationRecord,
  type IndividualNominationRecord,
  type DossierRecord,
} from "../records/parse-record.ts";
import type { NominationAssessment } from "../law/law-advisor.ts";
import { DOSSIER_PAYLOAD_VERSION, dossierPayloadV1, type DossierPayload } from "./dossier-payload.ts";
import { localDateInVietnam } from "../time/vietnam-time.ts";
import { openRoundFor } from "../rounds/review-rounds.ts";

export interface SubmitRunInput {
  flow: Flow;
  draftId: string;
  user: { id: string; fullName: string | null };
  channel: string;
  answers: Answers;
  now: Date;
  units: UnitDirectory;
  awards: readonly RunAward[];
  /** The law's assessment of the answers (src/law/law-advisor.ts); absent: no eligibility in the payload. */
  assess?: (flow: Flow, answers: Answers) => NominationAssessment | null;
  /** The dossier this submission corrects after the council returned it (from the draft). */
  resubmissionOf?: string | null;
  /**
   * The unit the submitting officer is bound to (the đơn vị đề nghị), or null. A nomination goes
   * to that unit's council whatever the nominee's own unit; without it, to the nominee's unit.
   */
  proposingUnitId?: string | null;
}

export interface Submitted {
  /** The code of the dossier this one replaces, for a resubmission. */
  previousCode: string | null;
  code: string;
  dossierId: string;
}

/** Next reference code of the year, e.g. TDKT-2026-000123; the counter moves inside `tx`. */
export async function nextReferenceCode(tx: Tx, year: number): Promise<string> {
  const name = `TDKT-${year}`;
  const counter = await tx.counter.upsert({ where: { name }, create: { name, value: 1 }, update: { value: { increment: 1 } } });
  return `${name}-${String(counter.value).padStart(6, "0")}`;
}

export async function submitRun(tx: Tx, input: SubmitRunInput): Promise<Submitted> {
  const parsed = parseRecord(input.flow.record, input.answers);
  if (parsed.kind === "council-review" || parsed.kind === "report-verification") throw new Error("a council review or a report's verification is not a submission");
  const year = localDateInVietnam(input.now).year;
  const code = await nextReferenceCode(tx, year);
  const files = filesOf(parsed);
  const stored = files.length
    ? await tx.attachment.findMany({ where: { id: { in: files.map((f) => f.id) }, draftId: input.draftId } })
    : [];

  const unitId = dossierUnitOf(parsed, input.proposingUnitId ?? null);
  const payload = dossierPayloadV1.parse(buildPayload(parsed, input, code, unitId, stored));
  const recordLinks = await writeRecord(tx, parsed, input, unitId, year);

  const previous = input.resubmissionOf ? await tx.dossier.findUnique({ where: { id: input.resubmissionOf } }) : null;
  const roundId = await roundOf(tx, parsed, input, unitId, previous?.roundId ?? null);
  const dossier = await tx.dossier.create({
    data: {
      ...(previous ? { resubmissionOfId: previous.id } : {}),
      ...(roundId ? { roundId } : {}),
      code,
      kind: payload.kind,
      payloadVersion: DOSSIER_PAYLOAD_VERSION,
      payload: payload as object,
      status: "QUEUED",
      unitId,
      submittedById: input.user.id,
      submittedAt: input.now,
      ...recordLinks,
    },
  });
  if (stored.length) {
    await tx.attachment.updateMany({ where: { id: { in: stored.map((a) => a.id) } }, data: recordLinks });
  }
  await enqueueJob(
    tx,
    FORWARD_DOSSIER_JOB,
    { dossierId: dossier.id, code, ...(previous?.councilDossierId ? { resubmissionOfCouncilId: previous.councilDossierId } : {}) },
    { key: `${FORWARD_DOSSIER_JOB.kind}:${dossier.id}`, at: input.now },
  );
  await tx.draft.update({ where: { id: input.draftId }, data: { status: "SUBMITTED", submittedAt: input.now } });
  if (previous) await tx.dossier.update({ where: { id: previous.id }, data: { status: "RESUBMITTED" } });
  await tx.auditLog.create({
    data: { at: input.now, actorId: input.user.id, action: "dossier.submitted", entity: "Dossier", entityId: dossier.id, data: { code, kind: payload.kind, draftId: input.draftId } },
  });
  return { code, dossierId: dossier.id, previousCode: previous?.code ?? null };
}

/**
 * The review round the dossier joins: a corrected resubmission stays in its predecessor's round;
 * a nomination joins the open round that takes it (src/rounds/review-rounds.ts); a report, none.
 */
async function roundOf(tx: Tx, parsed: DossierRecord, input: SubmitRunInput, unitId: string, previousRoundId: string | null): Promise<string | null> {
  if (previousRoundId) return previousRoundId;
  if (parsed.kind === "good-deed-report") return null;
  const r = parsed.record;
  const year = r.year ?? localDateInVietnam(input.now).year;
  const round = await openRoundFor(tx, input.units, { unitId, achievementType: r.achievementType, movement: r.movement, year });
  return round?.id ?? null;
}

function isAnonymous(parsed: DossierRecord): boolean {
  return parsed.kind === "good-deed-report" && parsed.record.reporterAnonymous;
}

function filesOf(parsed: DossierRecord): FileRef[] {
  return parsed.kind === "good-deed-report" ? parsed.record.photos : parsed.record.evidence;
}

/**
 * The unit whose council receives the dossier (Dossier.unitId, Nomination.unitId, the payload's
 * `unit`): a good deed's place; for a nomination, the proposing officer's unit when they are bound
 * to one, else the nominee's (or collective's) own unit.
 */
function dossierUnitOf(parsed: DossierRecord, proposingUnitId: string | null): string {
  if (parsed.kind === "good-deed-report") return parsed.record.place;
  return proposingUnitId ?? parsed.record.unit;
}

async function writeRecord(
  tx: Tx,
  parsed: DossierRecord,
  input: SubmitRunInput,
  unitId: string,
  year: number,
): Promise<{ nominationId: string } | { goodDeedReportId: string }> {
  switch (parsed.kind) {
    case "good-deed-report": {
      const r = parsed.record;
      const report = await tx.goodDeedReport.create({
        data: {
          channel: input.channel,
          reporterUserId: input.user.id,
          anonymous: r.reporterAnonymous,
          reporterName: r.reporterAnonymous ? null : r.reporterName,
          reporterPhone: r.reporterAnonymous ? null : r.reporterPhone,
          subjectKind: r.subjectKind,
          subjectName: r.subjectName,
          category: r.category,
          story: r.story,
          occurredOn: r.occurredOn,
          unitId,
          subjectConsent: r.subjectConsent,
          status: "MOI",
          consentAt: new Date(r.consent),
          draftId: input.draftId,
        },
      });
      return { goodDeedReportId: report.id };
    }
    default: {
      const nomination = await tx.nomination.create({
        data: { ...nominationColumns(parsed.record, input, unitId, year), ...nomineeColumns(parsed) },
      });
      return { nominationId: nomination.id };
    }
  }
}

/**
 * The columns of a nomination that depend on its kind: who is nominated (kind, name, the snapshot
 * kept as it was submitted) and the facts the digests count by (gender, category, member counts).
 */
function nomineeColumns(parsed: Extract<DossierRecord, { record: NominationRecord }>) {
  switch (parsed.kind) {
    case "nomination-individual": {
      const r = parsed.record;
      return {
        nomineeKind: "CA_NHAN",
        nomineeName: r.fullName,
        nomineeSnapshot: { fullName: r.fullName, gender: r.gender, birthDate: r.birthDate, nationalId: r.cccd, position: r.position, unitId: r.unit },
        gender: r.gender,
        birthDate: r.birthDate,
        subjectCategory: r.subjectCategory,
      };
    }
    case "nomination-collective": {
      const r = parsed.record;
      return {
        nomineeKind: "TAP_THE",
        nomineeName: r.collectiveName,
        nomineeSnapshot: { name: r.collectiveName, kind: r.collectiveKind, memberCount: r.memberCount, advancedWorkerCount: r.advancedWorkerCount, unitId: r.unit },
        collectiveKind: r.collectiveKind,
        memberCount: r.memberCount,
        advancedWorkerCount: r.advancedWorkerCount,
      };
    }
    case "nomination-household": {
      const r = parsed.record;
      return {
        nomineeKind: "HO_GIA_DINH",
        nomineeName: r.headName,
        nomineeSnapshot: { headName: r.headName, memberCount: r.memberCount, unitId: r.unit },
        memberCount: r.memberCount,
      };
    }
  }
}

type NominationRecord = IndividualNominationRecord | CollectiveNominationRecord | HouseholdNominationRecord;

/** The columns every nomination has, individual or collective. */
function nominationColumns(
  r: NominationRecord,
  input: SubmitRunInput,
  unitId: string,
  year: number,
) {
  return {
    awardCode: r.award,
    achievementType: r.achievementType,
    movement: r.movement,
    summary: r.summary,
    unitId,
    year,
    status: "DA_TRINH",
    attestedAt: new Date(r.attestation),
    draftId: input.draftId,
    createdById: input.user.id,
  };
}

/** The payload fields every nomination has: award, kind, movement, summary, attestation. */
function nominationPayload(r: NominationRecord, input: SubmitRunInput, attestationText: string) {
  const a = input.awards.find((x) => x.code === r.award);
  const assessment = input.assess?.(input.flow, input.answers) ?? null;
  const { year, ...criteriaAnswers } = criteriaAnswersOf(r);
  return {
    award: { code: r.award, name: a?.name ?? r.award, grantedBy: assessment?.grantor.title ?? a?.grantedBy ?? "" },
    achievementType: r.achievementType,
    movement: r.movement,
    summary: r.summary,
    attestation: { text: attestationText, at: r.attestation },
    year,
    criteriaAnswers,
    ...(assessment ? { eligibility: assessment } : {}),
  };
}

interface StoredAttachment {
  id: string;
  sha256: string;
  mime: string;
  size: number;
  fileName: string | null;
}

function buildPayload(parsed: DossierRecord, input: SubmitRunInput, code: string, unitId: string, stored: StoredAttachment[]): DossierPayload {
  const attestationText = (() => {
    const step = input.flow.steps.find((s) => s.id === "attestation");
    return step?.kind === "consent" ? step.statement.vi : "";
  })();
  const common = {
    schema: "tdkt.dossier" as const,
    version: 1 as const,
    code,
    submittedAt: input.now.toISOString(),
    // An anonymous report carries no identity to the council; Dossier.submittedById and
    // GoodDeedReport.reporterUserId keep the local link for "trạng thái".
    submittedBy: isAnonymous(parsed) ? null : { userId: input.user.id, channel: input.channel, name: input.user.fullName },
    flow: { id: input.flow.id, revision: input.flow.revision },
    unit: unitRef(input, unitId),
    attachments: stored.map((a) => ({ id: a.id, sha256: a.sha256, mime: a.mime, size: a.size, fileName: a.fileName })),
  };
  switch (parsed.kind) {
    case "good-deed-report": {
      const r = parsed.record;
      return {
        ...common,
        kind: "GOOD_DEED_REPORT",
        goodDeedReport: {
          subject: { kind: r.subjectKind, name: r.subjectName, phone: r.subjectPhone },
          category: r.category,
          story: r.story,
          occurredOn: r.occurredOn,
          reporter: { anonymous: r.reporterAnonymous, name: r.reporterAnonymous ? null : r.reporterName, phone: r.reporterAnonymous ? null : r.reporterPhone },
          subjectConsent: r.subjectConsent,
          dataConsentAt: r.consent,
        },
      };
    }
    case "nomination-individual": {
      const r = parsed.record;
      return {
        ...common,
        kind: "NOMINATION_INDIVIDUAL",
        nomination: {
          nominee: {
            fullName: r.fullName,
            gender: r.gender,
            birthDate: r.birthDate,
            nationalId: r.cccd,
            position: r.position,
            subjectCategory: r.subjectCategory,
            unit: unitRef(input, r.unit),
          },
          ...nominationPayload(r, input, attestationText),
        },
      };
    }
    case "nomination-collective": {
      const r = parsed.record;
      return {
        ...common,
        kind: "NOMINATION_COLLECTIVE",
        nomination: {
          collective: {
            name: r.collectiveName,
            kind: r.collectiveKind,
            memberCount: r.memberCount,
            advancedWorkerCount: r.advancedWorkerCount,
            advancedWorkerPercent: Math.round((r.advancedWorkerCount / r.memberCount) * 1000) / 10,
            unit: unitRef(input, r.unit),
          },
          ...nominationPayload(r, input, attestationText),
        },
      };
    }
    case "nomination-household": {
      const r = parsed.record;
      return {
        ...common,
        kind: "NOMINATION_HOUSEHOLD",
        nomination: {
          household: { headName: r.headName, memberCount: r.memberCount, unit: unitRef(input, r.unit) },
          ...nominationPayload(r, input, attestationText),
        },
      };
    }
  }
}

/** The answers asked for the award's criteria and the dossier, beyond the fixed payload fields. */
function criteriaAnswersOf(r: NominationRecord): { year: number | null } & Record<string, string | number | boolean | null> {
  const common = { year: r.year, pendingReview: r.pendingReview, priorAwards: r.priorAwards };
  if ("fullName" in r) {
    return { ...common, taskCompletion: r.taskCompletion, advancedThisYear: r.advancedThisYear, hasInitiative: r.hasInitiative, initiative: r.initiative };
  }
  if (!("collectiveName" in r)) return common;
  return { ...common, cstdCount: r.cstdCount, allMembersCompleted: r.allMembersCompleted, disciplinedCount: r.disciplinedCount, headName: r.headName };
}

/** A unit as the payload names it: id, display name, names from the province down. */
function unitRef(input: SubmitRunInput, unitId: string) {
  return { id: unitId, name: input.units.label(unitId), path: input.units.path(unitId) };
}

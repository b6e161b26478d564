/**
 * Award history (lịch sử khen thưởng): the AwardRecord rows written when a decision on a
 * nomination is recorded, and the queries that read them. The criteria evaluator asks
 * {@link awardHistoryFor} for a nominee's past awards ("3 lần liên tục CSTĐ cơ sở"…), and
 * {@link findDuplicateNominations} flags a second nomination for one achievement (Luật Thi đua,
 * khen thưởng 2022 Điều 5: one achievement is not commended twice).
 *
 * A nominee is identified as the nomination stored it: by the số định danh (CCCD) when both sides
 * have one, otherwise by the folded name plus the birth date (a person) or the unit (a collective
 * or a household).
 */
import type { Db, Tx } from "../db/open-database.ts";
import type { Decision } from "../council/council-api-schemas.ts";
import { foldText } from "../text/fold-text.ts";

export type NomineeKind = "CA_NHAN" | "TAP_THE" | "HO_GIA_DINH";

/** Who was nominated, as the nomination stored it. */
export interface NomineeIdentity {
  kind: NomineeKind;
  name: string;
  birthDate: string | null;
  nationalId: string | null;
  unitId: string;
}

/** One past award, as the criteria evaluator takes it. */
export interface PastAward {
  awardCode: string;
  year: number;
  decisionNumber: string;
  /** yyyy-mm-dd */
  decidedOn: string;
  signer: string;
  /** The dossier that led to it. */
  dossierId: string;
}

/** What a duplicate check found: an award already granted, or a nomination still in progress. */
export interface DuplicateFinding {
  code: string;
  awardCode: string;
  year: number;
  /** GRANTED (decided, with `decisionNumber`) or PENDING (the dossier's local status in `status`). */
  kind: "GRANTED" | "PENDING";
  status: string;
  decisionNumber: string | null;
}

/** Dossier statuses after which a nomination no longer claims its achievement. */
const CLOSED = new Set(["NOT_RECOMMENDED", "REFUSED", "RETURNED", "RESUBMITTED"]);

type NominationRow = { id: string; nomineeKind: string; nomineeName: string; nomineeSnapshot: unknown; birthDate: string | null; unitId: string };

/** The nominee of a stored nomination. */
export function nomineeOf(nomination: NominationRow): NomineeIdentity {
  const snapshot = (nomination.nomineeSnapshot ?? {}) as { nationalId?: unknown };
  return {
    kind: nomination.nomineeKind === "TAP_THE" || nomination.nomineeKind === "HO_GIA_DINH" ? nomination.nomineeKind : "CA_NHAN",
    name: nomination.nomineeName,
    birthDate: nomination.birthDate,
    nationalId: typeof snapshot.nationalId === "string" && snapshot.nationalId !== "" ? snapshot.nationalId : null,
    unitId: nomination.unitId,
  };
}

/** Whether two identities name the same nominee (see the module note). */
export function sameNominee(a: NomineeIdentity, b: NomineeIdentity): boolean {
  if (a.kind !== b.kind) return false;
  if (a.nationalId && b.nationalId) return a.nationalId === b.nationalId;
  if (foldText(a.name) !== foldText(b.name)) return false;
  return a.kind === "CA_NHAN" ? a.birthDate !== null && a.birthDate === b.birthDate : a.unitId === b.unitId;
}

/**
 * Writes the award history row for a recorded decision (granted or refused) on a nomination.
 * Idempotent per dossier: a decision already recorded is left as it is.
 */
export async function recordAwardDecision(
  tx: Db | Tx,
  input: { dossierId: string; nomination: NominationRow & { awardCode: string; year: number }; decision: Decision; now: Date },
): Promise<void> {
  const nominee = nomineeOf(input.nomination);
  const data = {
    nomineeKind: nominee.kind,
    nomineeName: nominee.name,
    nomineeKey: foldText(nominee.name),
    birthDate: nominee.birthDate,
    nationalId: nominee.nationalId,
    unitId: nominee.unitId,
    awardCode: input.nomination.awardCode,
    year: input.nomination.year,
    decisionNumber: input.decision.number,
    decidedOn: input.decision.signedOn,
    signer: input.decision.signer,
    level: input.decision.level === "upper" ? "CAP_TREN" : "XA",
    status: input.decision.outcome === "granted" ? "GRANTED" : "REFUSED",
    nominationId: input.nomination.id,
    createdAt: input.now,
  };
  await tx.awardRecord.upsert({ where: { dossierId: input.dossierId }, create: { dossierId: input.dossierId, ...data }, update: {} });
}

/**
 * The nominee that a nomination's answers so far identify: a person by name and birth date (and
 * the số định danh when given), a collective by its name and unit, a household by its head's name and unit. Null until those are answered.
 * `unitId` is the proposing unit when there is one, as the nomination will store it.
 */
export function nomineeFromAnswers(record: string, answers: Readonly<Record<string, unknown>>, proposingUnitId: string | null): NomineeIdentity | null {
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  const unitId = proposingUnitId ?? str(answers.unit);
  if (record === "nomination-individual") {
    const [name, birthDate] = [str(answers.fullName), str(answers.birthDate)];
    return name && birthDate ? { kind: "CA_NHAN", name, birthDate, nationalId: str(answers.cccd), unitId: unitId ?? "" } : null;
  }
  if (record === "nomination-collective") {
    const name = str(answers.collectiveName);
    return name && unitId ? { kind: "TAP_THE", name, birthDate: null, nationalId: null, unitId } : null;
  }
  if (record === "nomination-household") {
    const name = str(answers.headName);
    return name && unitId ? { kind: "HO_GIA_DINH", name, birthDate: null, nationalId: null, unitId } : null;
  }
  return null;
}

/** The awards granted to a nominee, oldest first: the list the criteria evaluator takes. */
export async function awardHistoryFor(db: Db | Tx, nominee: NomineeIdentity): Promise<PastAward[]> {
  const key = foldText(nominee.name);
  // Read on every message once a nomination names its nominee: one raw statement (the indexes on
  // nomineeKey and nationalId), cheaper than the model query it replaced.
  const rows = await db.$queryRaw<Array<HistoryRow>>`
    SELECT "nomineeKind", "nomineeName", "birthDate", "nationalId", "unitId", "awardCode", "year", "decisionNumber", "decidedOn", "signer", "dossierId"
    FROM "AwardRecord"
    WHERE "status" = 'GRANTED' AND ("nomineeKey" = ${key} OR "nationalId" = ${nominee.nationalId ?? null})
    ORDER BY "year" ASC, "decidedOn" ASC`;
  return rows
    .filter((r) => sameNominee(nominee, rowIdentity(r)))
    .map((r) => ({ awardCode: r.awardCode, year: Number(r.year), decisionNumber: r.decisionNumber, decidedOn: r.decidedOn, signer: r.signer, dossierId: r.dossierId }));
}

interface HistoryRow {
  nomineeKind: string;
  nomineeName: string;
  birthDate: string | null;
  nationalId: string | null;
  unitId: string;
  awardCode: string;
  year: number | bigint;
  decisionNumber: string;
  decidedOn: string;
  signer: string;
  dossierId: string;
}

/** A duplicate check's question: this nomination's nominee, award and year. */
export interface DuplicateQuery {
  nominee: NomineeIdentity;
  awardCode: string;
  year: number;
  excludeNominationId?: string | null;
}

/**
 * Other nominations of the same nominee for the same award and year that are already granted or
 * still in progress (not refused, not recommended against, not returned). `excludeNominationId`
 * is the nomination being checked.
 */
export async function findDuplicateNominations(db: Db | Tx, input: DuplicateQuery): Promise<DuplicateFinding[]> {
  return (await findDuplicatesOfMany(db, [input]))[0]!;
}

/**
 * {@link findDuplicateNominations} for many nominations at once (the council queue), in three
 * queries whatever their number: the granted awards and the nominations of the awards and years
 * asked, and the codes of the granted awards' dossiers. The findings come in the order asked.
 */
export async function findDuplicatesOfMany(db: Db | Tx, queries: readonly DuplicateQuery[]): Promise<DuplicateFinding[][]> {
  if (!queries.length) return [];
  const pairs = [...new Map(queries.map((q) => [`${q.awardCode}|${q.year}`, { awardCode: q.awardCode, year: q.year }])).values()];
  const [granted, nominations] = await Promise.all([
    db.awardRecord.findMany({ where: { status: "GRANTED", OR: pairs } }),
    db.nomination.findMany({ where: { OR: pairs }, include: { dossier: { select: { code: true, status: true } } } }),
  ]);
  const grantedCodes = new Map(
    (await db.dossier.findMany({ where: { id: { in: [...new Set(granted.map((r) => r.dossierId))] } }, select: { id: true, code: true } })).map((d) => [d.id, d.code]),
  );
  return queries.map((q) => {
    const findings = new Map<string, DuplicateFinding>();
    for (const r of granted) {
      if (r.awardCode !== q.awardCode || r.year !== q.year || r.nominationId === q.excludeNominationId || !sameNominee(q.nominee, rowIdentity(r))) continue;
      const code = grantedCodes.get(r.dossierId) ?? r.decisionNumber;
      findings.set(code, { code, awardCode: r.awardCode, year: r.year, kind: "GRANTED", status: "GRANTED", decisionNumber: r.decisionNumber });
    }
    for (const n of nominations) {
      if (n.awardCode !== q.awardCode || n.year !== q.year || n.id === q.excludeNominationId) continue;
      if (!n.dossier || CLOSED.has(n.dossier.status) || n.dossier.status === "GRANTED" || findings.has(n.dossier.code)) continue;
      if (!sameNominee(q.nominee, nomineeOf(n))) continue;
      findings.set(n.dossier.code, { code: n.dossier.code, awardCode: n.awardCode, year: n.year, kind: "PENDING", status: n.dossier.status, decisionNumber: null });
    }
    return [...findings.values()];
  });
}

function rowIdentity(r: { nomineeKind: string; nomineeName: string; birthDate: string | null; nationalId: string | null; unitId: string }): NomineeIdentity {
  return {
    kind: r.nomineeKind === "TAP_THE" || r.nomineeKind === "HO_GIA_DINH" ? r.nomineeKind : "CA_NHAN",
    name: r.nomineeName,
    birthDate: r.birthDate,
    nationalId: r.nationalId,
    unitId: r.unitId,
  };
}

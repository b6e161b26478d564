/**
 * Everything a dossier's page shows, read for one person's scope: the dossier (null when it is
 * not in the scope, exactly as when it does not exist), its answers labelled as the form asked
 * them (the flow revision it was filled on, read from its draft), the law's check, the files, the
 * papers (made or brought up to date as the chat's "tải hồ sơ" does), the history from the audit
 * log, the entries its status allows and any entry still on its way to the council.
 */
import type { Answers } from "../flows/run-state.ts";
import { formatAnswer, visibleAnswers } from "../flows/advance-run.ts";
import type { Lang } from "../i18n/i18n.ts";
import { entriesAllowed, pendingEntriesByCode, type CouncilAction } from "../council/council-entries.ts";
import type { StoredDocument } from "../documents/dossier-documents.ts";
import type { ConsoleDeps } from "./console-deps.ts";
import type { ConsoleScope } from "./console-viewer.ts";
import { eligibilityOf, type Eligibility } from "./dossier-eligibility.ts";
import { localized } from "./localized.ts";

/** The audit log's entries on a dossier that are part of its history. */
const HISTORY_ACTIONS = ["dossier.submitted", "dossier.forwarded", "dossier.status_changed", "dossier.reviewed", "dossier.decision_recorded", "report.verification_recorded"];

export interface DossierDetails {
  id: string;
  code: string;
  kind: string;
  status: string;
  unitId: string;
  submittedAt: Date;
  nominee: string | null;
  awardCode: string | null;
  statusReason: string | null;
  decision: { number: string; signedOn: string; signer: string; outcome: string } | null;
  /** Null when the answers are gone (erased by the submitter). */
  answers: Array<{ label: string; value: string }> | null;
  eligibility: Eligibility | null;
  files: Array<{ id: string; mime: string; fileName: string | null; size: number }>;
  documents: StoredDocument[];
  history: Array<{ at: Date; action: string; status: string | null }>;
  allowed: CouncilAction[];
  /** Entries queued and not yet taken by the council: the target status, or DECIDE. */
  pending: string[];
  forwarded: boolean;
  /** The review round it belongs to, if any. */
  round: { code: string; title: string } | null;
}

export function inScope(scope: ConsoleScope, unitId: string, units: ConsoleDeps["units"]): boolean {
  return scope.all || units.isWithin(unitId, scope.unitId);
}

export async function loadDossierDetails(deps: ConsoleDeps, scope: ConsoleScope, code: string, lang: Lang): Promise<DossierDetails | null> {
  const { db } = deps;
  const dossier = await db.dossier.findUnique({ where: { code }, include: { nomination: true, goodDeedReport: true, round: { select: { code: true, title: true } } } });
  if (!dossier || !inScope(scope, dossier.unitId, deps.units)) return null;
  const record = dossier.nomination ?? dossier.goodDeedReport;
  const [answers, files, documents, history, allowed, pending] = await Promise.all([
    record ? labelledAnswers(deps, dossier.payload, record.draftId, lang) : null,
    db.attachment.findMany({
      where: dossier.nominationId ? { nominationId: dossier.nominationId } : { goodDeedReportId: dossier.goodDeedReportId ?? "-" },
      orderBy: { createdAt: "asc" },
      select: { id: true, mime: true, fileName: true, size: true },
    }),
    dossier.nomination ? papersOf(deps, dossier) : [],
    db.auditLog.findMany({ where: { entity: "Dossier", entityId: dossier.id, action: { in: HISTORY_ACTIONS } }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
    entriesAllowed(db, dossier),
    pendingEntriesByCode(db).then((byCode) => byCode.get(dossier.code) ?? []),
  ]);
  const decision = dossier.decision as DossierDetails["decision"];
  return {
    id: dossier.id,
    code: dossier.code,
    kind: dossier.kind,
    status: dossier.status,
    unitId: dossier.unitId,
    submittedAt: dossier.submittedAt,
    round: dossier.round,
    nominee: dossier.nomination?.nomineeName ?? dossier.goodDeedReport?.subjectName ?? null,
    awardCode: dossier.nomination?.awardCode ?? null,
    statusReason: dossier.statusReason,
    decision,
    answers,
    eligibility: eligibilityOf(dossier.payload),
    files,
    documents,
    history: history.map((h) => ({ at: h.at, action: h.action, status: statusOf(h.data) })),
    allowed,
    pending,
    forwarded: dossier.councilDossierId !== null,
  };
}

/** The submitted answers, each with the form's label and shown as the form's summary showed it. */
async function labelledAnswers(deps: ConsoleDeps, payload: unknown, draftId: string, lang: Lang): Promise<Array<{ label: string; value: string }> | null> {
  const flowRef = (payload as { flow?: { id?: unknown; revision?: unknown } }).flow;
  const draft = await deps.db.draft.findUnique({ where: { id: draftId }, select: { answers: true } });
  const flow = typeof flowRef?.id === "string" && typeof flowRef.revision === "number" ? await deps.flows.revision(flowRef.id, flowRef.revision) : undefined;
  if (!draft || !flow) return null;
  const answers = draft.answers as Answers;
  const shown = visibleAnswers(flow, answers);
  const ctx = deps.runContext(deps.now());
  return flow.steps
    .filter((s) => s.kind !== "consent" && answers[s.id] !== undefined && s.id in shown)
    .map((s) => ({ label: localized(s.label ?? s.prompt, lang), value: formatAnswer(s, answers[s.id] ?? null, ctx, lang) }));
}

/** The papers' current versions (DOCX), made when missing or stale; none when a template is broken. */
async function papersOf(deps: ConsoleDeps, dossier: Parameters<ConsoleDeps["documents"]["ensure"]>[0]): Promise<StoredDocument[]> {
  try {
    return await deps.documents.ensure(dossier);
  } catch (err) {
    deps.log.error({ err, code: dossier.code }, "console: the dossier's papers could not be made");
    return [];
  }
}

/** The status an audit entry names (a change's `to`, upper-cased as the dossier's status), if any. */
function statusOf(data: unknown): string | null {
  const to = (data as { to?: unknown } | null)?.to;
  return typeof to === "string" ? to.toUpperCase() : null;
}

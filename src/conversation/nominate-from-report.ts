/**
 * "Discover from below": a secretary turns a citizen's good-deed report into an individual
 * nomination draft for an officer of the unit where the deed happened. The draft is pre-filled
 * from the report (the person's name, the story as a first summary, kind "đột xuất")
 * and the officer is asked the remaining questions in their chat; nothing is submitted for them.
 * A verified report then moves to `proposed_for_award` at the council (a `council-transition`
 * job in the same transaction), so the reporter hears of it.
 */
import { COUNCIL_TRANSITION_JOB, enqueueJob, NOTIFY_JOB, type CouncilTransitionPayload, type NotifyPayload } from "../outbox/jobs.ts";
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import type { Db } from "../db/open-database.ts";
import { reopenRun, repeatPrompt, type RunContext } from "../flows/advance-run.ts";
import type { Flow } from "../flows/flow-definition.ts";
import type { RunState } from "../flows/run-state.ts";
import type { I18n, Lang } from "../i18n/i18n.ts";
import { parsePersonName } from "../validation/parse-person-name.ts";
import type { Tx } from "../db/open-database.ts";
import { scopeFor } from "../replies/button-scope.ts";
import { renderOutputs } from "../replies/render-outputs.ts";

export type NominateFromReport =
  | { ok: true; code: string; officerName: string | null }
  | { ok: false; reason: "not_found" | "no_officer" };

export interface NominateFromReportDeps {
  units: UnitDirectory;
  i18n: I18n;
  flow: Flow;
  ctx: RunContext;
}

export interface NominateFromReportInput {
  code: string;
  secretaryId: string;
  scope: string | null;
  now: Date;
}

/** The secretary's command: {@link nominateFromReportIn} in its own transaction. */
export function nominateFromReport(deps: NominateFromReportDeps & { db: Db }, input: NominateFromReportInput): Promise<NominateFromReport> {
  return deps.db.$transaction((tx) => nominateFromReportIn(tx, deps, input));
}

/** Opens the nomination draft for the officer of the place, inside the caller's transaction. */
export async function nominateFromReportIn(tx: Tx, deps: NominateFromReportDeps, input: NominateFromReportInput): Promise<NominateFromReport> {
  const dossier = await tx.dossier.findUnique({ where: { code: input.code }, include: { goodDeedReport: true } });
  const report = dossier?.goodDeedReport;
  if (!dossier || !report || (input.scope && !deps.units.isWithin(report.unitId, input.scope))) return { ok: false, reason: "not_found" };

  // The officer whose unit is closest to the place of the deed.
  const officers = await tx.userRole.findMany({ where: { role: "officer", unitId: { not: null } }, include: { user: { include: { identities: { orderBy: { createdAt: "desc" } } } } } });
  const depth = (unitId: string) => deps.units.chain(unitId).length;
  const officer = officers
    .filter((o) => o.unitId && deps.units.isWithin(report.unitId, o.unitId) && o.user.identities.length > 0)
    .sort((a, b) => depth(b.unitId!) - depth(a.unitId!))[0];
  if (!officer) return { ok: false, reason: "no_officer" };

  const name = report.subjectName ? parsePersonName(report.subjectName) : null;
  // The place of the deed is not the nominee's residence (a passer-by may have done it): the
  // officer is asked where the nominee lives or works; the dossier goes to the officer's council.
  const answers: RunState["answers"] = {
    achievementType: "DOT_XUAT",
    ...(name?.ok ? { fullName: name.value } : {}),
    ...(Array.from(report.story).length >= 50 ? { summary: report.story } : {}),
  };
  const blank: RunState = { v: 1, flowId: deps.flow.id, revision: deps.flow.revision, lang: "vi", phase: "asking", stepId: null, answers, trail: [], editing: false };
  const opened = reopenRun(deps.flow, blank, [], deps.ctx);
  const lang: Lang = officer.user.locale === "en" ? "en" : "vi";
  const identity = officer.user.identities[0]!;

  const busy = await tx.draft.findFirst({ where: { userId: officer.userId, status: "ACTIVE" } });
  const draft = await tx.draft.create({
    data: {
      userId: officer.userId,
      chatKey: `${identity.channel}:${identity.externalId}`,
      flowId: deps.flow.id,
      flowRevision: deps.flow.revision,
      stateVersion: opened.state.v,
      state: { ...opened.state, lang } as object,
      answers: opened.state.answers as object,
      currentStepId: opened.state.stepId,
      status: busy ? "PENDING_FIX" : "ACTIVE",
      lastActivityAt: input.now,
    },
  });
  await tx.goodDeedReport.update({ where: { id: report.id }, data: { status: "DA_CHUYEN_DE_NGHI" } });
  await tx.auditLog.create({ data: { at: input.now, actorId: input.secretaryId, action: "report.nomination_started", entity: "GoodDeedReport", entityId: report.id, data: { draftId: draft.id, officerId: officer.userId } } });
  const t = (key: string, params?: Record<string, string | number>) => deps.i18n.t(lang, key, params);
  const story = report.story.length > 300 ? `${report.story.slice(0, 300)}…` : report.story;
  const messages: NotifyPayload["messages"] = [{ text: [t("bot.report_nomination.to_officer", { code: dossier.code, unit: deps.units.label(report.unitId) }), `“${story}”`, "", t(busy ? "bot.council.returned_later" : "bot.report_nomination.answer_below")].join("\n") }];
  if (!busy) messages.push(...renderOutputs(repeatPrompt(deps.flow, { ...opened.state, lang }, deps.ctx), scopeFor({ id: draft.id, state: opened.state })));
  await enqueueJob(tx, NOTIFY_JOB, { channel: identity.channel, chatId: identity.externalId, messages }, { key: `${NOTIFY_JOB.kind}:report-nomination:${draft.id}`, at: input.now });
  if (dossier.status === "VERIFIED" && dossier.councilDossierId) {
    const proposed: CouncilTransitionPayload = { councilDossierId: dossier.councilDossierId, code: dossier.code, to: "proposed_for_award", reason: null, fields: [], actorId: input.secretaryId };
    await enqueueJob(tx, COUNCIL_TRANSITION_JOB, proposed, { key: `${COUNCIL_TRANSITION_JOB.kind}:proposed:${dossier.id}`, at: input.now });
  }
  return { ok: true, code: dossier.code, officerName: officer.user.fullName };
}

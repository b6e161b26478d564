/**
 * The way back from the council. One change of the council's feed (a dossier received, in review,
 * returned, recommended or not, forwarded upward, decided; a good-deed report verified, praised…)
 * is applied in one transaction: the local dossier's status and reason, the feed cursor, the
 * submitter's chat message (as a `notify` job in the outbox, so it is delivered even if the
 * process stops right after), for a decision the decision and the award history row, and for a
 * return, a reopened draft that asks exactly the answers the council named. A change already
 * applied (same cursor) changes nothing.
 */
import { enqueueJob, NOTIFY_JOB } from "../outbox/jobs.ts";
import { enqueueSendDossierDocuments } from "./send-dossier-documents-job.ts";
import type { OutgoingMessage } from "../channels/channel-port.ts";
import type { Change, CouncilStatus } from "./council-api-schemas.ts";
import { recordAwardDecision } from "../awards/award-history.ts";
import { isUpwardAward } from "../awards/is-upward-award.ts";
import { councilChangeMessage } from "./council-change-message.ts";
import { registerFor, registerParams } from "../i18n/register.ts";
import type { Db } from "../db/open-database.ts";
import { reopenRun, repeatPrompt, type RunContext } from "../flows/advance-run.ts";
import type { LocalizedText } from "../flows/flow-definition.ts";
import type { FlowRegistry } from "../flows/flow-registry.ts";
import { readRunState } from "../flows/run-state.ts";
import type { I18n, Lang } from "../i18n/i18n.ts";
import { stepForField } from "../records/payload-fields.ts";
import { scopeFor } from "../replies/button-scope.ts";
import { renderOutputs } from "../replies/render-outputs.ts";

/** One entry of the council's changes feed, as the contract defines it. */
export type CouncilChange = Change;

/** The local status is the council's, upper-cased (RECOMMENDED, FORWARDED_UPWARD, GRANTED…). */
function localStatus(status: CouncilStatus): string {
  return status.toUpperCase();
}

export interface CouncilChangeDeps {
  db: Db;
  flows: FlowRegistry;
  i18n: I18n;
  runContext: (now: Date) => RunContext;
  now: () => Date;
}

/** Applies one change; returns true when it changed a local dossier. */
export async function applyCouncilChange(deps: CouncilChangeDeps, feed: string, change: CouncilChange): Promise<boolean> {
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const cursor = await tx.feedCursor.findUnique({ where: { name: feed } });
    if (cursor && Number(cursor.cursor) >= Number(change.cursor)) return false;
    await tx.feedCursor.upsert({ where: { name: feed }, create: { name: feed, cursor: change.cursor }, update: { cursor: change.cursor } });

    // The change may come before the forwarder stored the council's id: the code finds it too.
    const dossier = await tx.dossier.findFirst({ where: { OR: [{ councilDossierId: change.dossierId }, { code: change.code }] } });
    if (!dossier) return false;
    const status = localStatus(change.status);
    if (dossier.status === status || dossier.status === "RESUBMITTED") return false;
    await tx.dossier.update({
      where: { id: dossier.id },
      data: {
        status,
        councilDossierId: change.dossierId,
        statusReason: change.reason,
        ...(change.status === "returned" ? { returnedFields: change.fields } : {}),
        ...(change.decision ? { decision: change.decision } : {}),
      },
    });
    await tx.auditLog.create({
      data: { at: now, action: "dossier.status_changed", entity: "Dossier", entityId: dossier.id, data: { from: dossier.status, to: status, cursor: change.cursor } },
    });

    const nomination = dossier.nominationId ? await tx.nomination.findUnique({ where: { id: dossier.nominationId } }) : null;
    const record = nomination ?? (dossier.goodDeedReportId ? await tx.goodDeedReport.findUnique({ where: { id: dossier.goodDeedReportId } }) : null);
    // The award history is written whether or not the submitter can still be told.
    if (change.decision && nomination) {
      await recordAwardDecision(tx, { dossierId: dossier.id, nomination, decision: change.decision, now });
    }
    // The recommendation adds the draft quyết định to the papers, the decision fills in its number:
    // the council gets the new list.
    if (nomination && (status === "RECOMMENDED" || status === "GRANTED")) {
      await enqueueSendDossierDocuments(tx, dossier.id, status, now);
    }
    const draft = record ? await tx.draft.findUnique({ where: { id: record.draftId } }) : null;
    const user = await tx.user.findUnique({ where: { id: dossier.submittedById } });
    if (!draft || !user) return true;
    const lang: Lang = user.locale === "en" ? "en" : "vi";
    // Spoken to as the submitter's roles say: "anh/chị" to staff, "bạn" to a citizen.
    const roles = await tx.userRole.findMany({ where: { userId: user.id }, select: { role: true } });
    const you = registerParams(registerFor(roles.map((r) => r.role)));
    const t = (key: string, params?: Record<string, string | number>) => deps.i18n.t(lang, key, { ...you, ...params });
    const kind = t(`bot.dossier.kind.${dossier.kind}`);
    const messages: OutgoingMessage[] = [];

    if (change.status !== "returned") {
      const upward = nomination ? await isUpwardAward(tx, nomination.awardCode) : false;
      messages.push({ text: councilChangeMessage(t, dossier, change, { upward }) });
    } else {
      const flow = await deps.flows.revision(draft.flowId, draft.flowRevision);
      if (!flow) return true;
      const label = (field: string) => {
        const step = flow.steps.find((s) => s.id === stepForField(flow.record, field));
        return step ? localText(step.label ?? step.prompt, lang) : field;
      };
      const lines = change.fields.map((f) => `• ${label(f.field)}: ${f.message}`);
      const stepIds = change.fields.map((f) => stepForField(flow.record, f.field)).filter((id): id is string => id !== null);
      const ctx = deps.runContext(now);
      const reopened = reopenRun(flow, readRunState(draft.state), stepIds, ctx);
      const busy = await tx.draft.findFirst({ where: { userId: draft.userId, status: "ACTIVE" } });
      const row = await tx.draft.create({
        data: {
          userId: draft.userId,
          chatKey: draft.chatKey,
          flowId: draft.flowId,
          flowRevision: draft.flowRevision,
          stateVersion: reopened.state.v,
          state: reopened.state as object,
          answers: reopened.state.answers as object,
          currentStepId: reopened.state.stepId,
          status: busy ? "PENDING_FIX" : "ACTIVE",
          lastActivityAt: now,
          sourceDossierId: dossier.id,
        },
      });
      await tx.auditLog.create({ data: { at: now, action: "draft.reopened", entity: "Draft", entityId: row.id, data: { dossierId: dossier.id, steps: stepIds } } });
      const heading = dossier.kind === "GOOD_DEED_REPORT" ? t("bot.council.report.returned", { code: dossier.code }) : t("bot.council.returned", { code: dossier.code, kind });
      messages.push({ text: [heading, ...lines, "", t(busy ? "bot.council.returned_later" : "bot.council.returned_fix")].join("\n") });
      if (!busy) messages.push(...renderOutputs(repeatPrompt(flow, reopened.state, ctx), scopeFor({ id: row.id, state: reopened.state })));
    }

    const [channel, ...chat] = draft.chatKey.split(":");
    await enqueueJob(tx, NOTIFY_JOB, { channel: channel!, chatId: chat.join(":"), messages }, { key: `${NOTIFY_JOB.kind}:${feed}:${change.cursor}`, at: now });
    return true;
  });
}

function localText(text: LocalizedText, lang: Lang): string {
  return lang === "en" && text.en ? text.en : text.vi;
}

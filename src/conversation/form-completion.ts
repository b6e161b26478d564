/**
 * What follows a finished or cancelled form, inside the turn's transaction: a confirmed form
 * becomes a dossier (submitRun) or a secretary's entry (recordStaffEntry); a returned dossier that
 * waited for the form to end gets its turn; and the replies that follow the engine's are built —
 * the reference code with the papers' download button, a duplicate warning, the menu, or the
 * waiting correction's question. They are part of the answer stored with the message (a resent
 * message gets them again), so they are built here, in the transaction.
 */
import type { InboundMessage, OutgoingMessage } from "../channels/channel-port.ts";
import { downloadScopeFor, scopeFor } from "../replies/button-scope.ts";
import { renderOutputs } from "../replies/render-outputs.ts";
import type { Tx } from "../db/open-database.ts";
import { submitRun, type SubmitRunInput } from "../dossiers/submit-run.ts";
import { hasSharedSteps, repeatPrompt, type RunOutput } from "../flows/advance-run.ts";
import { readRunState } from "../flows/run-state.ts";
import { duplicateNotice } from "../awards/duplicate-notice.ts";
import type { LawAdvisor } from "../law/law-advisor.ts";
import { submissionButtons } from "./dossier-commands.ts";
import type { DraftStore } from "./draft-store.ts";
import type { Person } from "./person.ts";
import { isStaffEntry, recordStaffEntry } from "./review-answer.ts";
import type { OpenDraft, ServiceContext, TurnKit } from "./turn-kit.ts";

export interface Completion {
  messages: OutgoingMessage[];
  submittedCode: string | null;
}

export interface CompletionInput {
  kit: TurnKit;
  drafts: DraftStore;
  msg: InboundMessage;
  person: Person;
  ctx: ServiceContext;
  now: Date;
  /** The draft after the engine's turn. */
  next: OpenDraft & { sourceDossierId: string | null };
  /** The engine's confirmation, when the person confirmed the summary. */
  completed: Extract<RunOutput, { type: "completed" }> | null;
}

export async function completeForm(tx: Tx, input: CompletionInput): Promise<Completion> {
  const { kit, drafts, msg, person, ctx, now, next, completed } = input;
  const { deps } = kit;
  const t = kit.textsFor(person);
  let staffAnswer: ((tt: typeof t) => string) | null = null;
  let submitted: { code: string; previousCode: string | null } | null = null;
  if (completed && isStaffEntry(next.flow.record)) {
    const nomination = deps.flows.current.get("nomination-individual");
    const nominate = nomination ? { units: deps.units, i18n: deps.i18n, flow: nomination, ctx: kit.runContext(now) } : null;
    staffAnswer = await recordStaffEntry(tx, next.flow.record, { answers: completed.answers, person, draftId: next.id, now, units: deps.units, nominate });
    await drafts.markSubmitted(tx, next.id, now);
  } else if (completed) {
    submitted = await submitRun(tx, {
      flow: next.flow,
      draftId: next.id,
      user: person,
      channel: msg.channel,
      answers: completed.answers,
      now,
      units: deps.units,
      awards: deps.awards,
      ...lawAssessment(ctx.law),
      resubmissionOf: next.sourceDossierId,
      proposingUnitId: person.units.officer ?? null,
    });
  }
  // A dossier returned by the council waits while another form is open; its turn is now.
  const fixTurn = completed || next.state.phase === "cancelled" ? await drafts.takeWaitingFix(tx, person.id, now) : null;

  const messages: OutgoingMessage[] = [];
  if (staffAnswer) {
    messages.push(...renderOutputs([{ type: "say", text: staffAnswer(t) }, ...kit.menu(person)], kit.offered(null, person, ctx).scope));
  }
  if (submitted) {
    const code = submitted.code;
    const text = submitted.previousCode
      ? t("bot.submit.resubmitted", { code, previous: submitted.previousCode })
      : t(next.flow.record === "good-deed-report" ? "bot.submit.done_report" : "bot.submit.done", { code, title: kit.title(next.flow, person.locale) });
    const done: RunOutput[] = [];
    const duplicate = await duplicateNotice(tx, code, t);
    if (duplicate) done.push({ type: "say", text: duplicate });
    if (!fixTurn) done.push(...kit.menu(person));
    // A nomination's papers can be downloaded at once: its own button, valid whatever is asked next;
    // "Thêm người nữa" too, when the flow keeps shared answers for the next nominee.
    const papers = next.flow.record.startsWith("nomination")
      ? { choices: submissionButtons(code, t, hasSharedSteps(next.flow)), scope: downloadScopeFor(code), keywordChoices: true }
      : {};
    messages.push({ text, ...papers }, ...renderOutputs(done, kit.offered(null, person, ctx).scope));
  }
  if (fixTurn) {
    const flow = await deps.flows.revision(fixTurn.flowId, fixTurn.flowRevision);
    const source = fixTurn.sourceDossierId ? await tx.dossier.findUnique({ where: { id: fixTurn.sourceDossierId } }) : null;
    if (flow) {
      const reopened: OpenDraft = { id: fixTurn.id, flow, state: readRunState(fixTurn.state) };
      const turn: RunOutput[] = [{ type: "say", text: t("bot.council.fix_now", { code: source?.code ?? "" }) }, ...repeatPrompt(flow, reopened.state, await kit.contextFor(person, flow, now))];
      messages.push(...renderOutputs(turn, scopeFor(reopened)));
    }
  }
  return { messages, submittedCode: submitted?.code ?? null };
}

/** The submission's assessment hook, when the law is known. */
function lawAssessment(advisor: LawAdvisor | undefined): Pick<SubmitRunInput, "assess"> {
  return advisor ? { assess: (flow, answers) => advisor.assess(flow, answers) } : {};
}

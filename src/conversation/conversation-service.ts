/**
 * The conversation service: everything between a channel and the flow engine. For each inbound
 * message, serialised per chat, it recognises the person (creating a citizen on first contact),
 * stores any files, runs the engine on the chat's open draft, and stores the result — the new
 * draft state, the message id (so a re-delivered message is applied once), and on confirmation
 * the submission — in one transaction, BEFORE it returns the replies for the channel to send.
 *
 * It receives every dependency (database, flows, catalogues, clock, ids, file store, logger),
 * so tests build it with a real SQLite file and a fixed clock.
 */
import { randomUUID } from "node:crypto";
import { normalizeInviteCode, redeemInvite } from "../admin/invites.ts";
import { attemptKeys, type FailedAttempts } from "../admin/failed-attempts.ts";
import { insertFreshCode, normalizeOneTimeCode } from "../admin/one-time-code.ts";
import type { DigestService } from "../digests/digest-service.ts";
import type { ChannelName, ChannelSender, Choice, InboundMessage, OutgoingDocument, OutgoingMessage } from "../channels/channel-port.ts";
import type { Db, Tx } from "../db/open-database.ts";
import { advanceRun, repeatPrompt, startRun, type RunContext, type RunInput, type RunOutput, type RunAward, type RunContact } from "../flows/advance-run.ts";
import type { Flow } from "../flows/flow-definition.ts";
import type { FlowRegistry } from "../flows/flow-registry.ts";
import { readRunState, type Answers, type FileRef, type RunState } from "../flows/run-state.ts";
import { awardHistoryFor, nomineeFromAnswers, type PastAward } from "../awards/award-history.ts";
import type { I18n, Lang, Params } from "../i18n/i18n.ts";
import { registerFor, withRegister } from "../i18n/register.ts";
import type { Logger } from "../log.ts";
import type { FileStore } from "../attachments/file-store.ts";
import { acceptUploads, type UploadRefusal } from "../attachments/accept-uploads.ts";
import { UploadAllowance, type UploadLimits } from "../attachments/upload-allowance.ts";
import { fileRoom } from "../flows/file-room.ts";
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import { submitRun, type SubmitRunInput } from "../dossiers/submit-run.ts";
import type { LawCatalogue } from "../law/award-catalogue.ts";
import { createLawAdvisor, type LawAdvisor } from "../law/law-advisor.ts";
import { foldText } from "../text/fold-text.ts";
import { KeyedMutex } from "../concurrency/keyed-mutex.ts";
import { reviewQueue } from "./council-review.ts";
import { isStaffEntry, recordStaffEntry } from "./review-answer.ts";
import { reportQueue, verificationScope } from "./report-verification.ts";
import { dossierStatusText } from "./dossier-status-text.ts";
import { duplicateNotice } from "../awards/duplicate-notice.ts";
import { nominateFromReport } from "./nominate-from-report.ts";
import { refuseInvalidRecord } from "./refuse-invalid-record.ts";
import { downloadScopeFor, scopeFor } from "./button-scope.ts";
import { maySeeDossier } from "./may-see-dossier.ts";
import { DOCUMENT_KIND_NAMES, DOCX_MEDIA_TYPE, type DocumentKind, type DossierDocuments } from "../documents/dossier-documents.ts";
import { normalizeInboundMessage } from "../channels/normalize-inbound-message.ts";
import { renderOutputs } from "./render-outputs.ts";
import { parseCommand, type Command } from "./parse-command.ts";
import { PendingErasures } from "../privacy/pending-erasures.ts";
import { erasePersonRows, removeUnusedFiles } from "../privacy/erase-person.ts";
import { isLoopbackAddress } from "../channels/is-loopback-address.ts";
import { readStoredReplies } from "./read-stored-replies.ts";
import { toIsoDate } from "../time/local-date.ts";
import { localDateInVietnam, timeInVietnam } from "../time/vietnam-time.ts";

/** How long a received message is remembered to refuse its re-delivery. */
export const MESSAGE_MEMORY_DAYS = 7;
/** How long an identity link code (`LK-…`) can be redeemed. */
export const LINK_CODE_MINUTES = 10;
/** The `FailedAttempt.kind` of failed invitation and link code redemptions. */
const CODE_ATTEMPT = "code";

export type Role = "citizen" | "officer" | "secretary" | "admin";

export interface ConversationDeps {
  db: Db;
  flows: FlowRegistry;
  i18n: I18n;
  units: UnitDirectory;
  awards: readonly RunAward[];
  /** Commune offices with a public phone, for people who decline consent. */
  contacts?: readonly RunContact[];
  /** The award catalogue's law (grantors, criteria); absent: awards are offered and sent unchecked. */
  law?: LawCatalogue;
  files: FileStore;
  log: Logger;
  now: () => Date;
  newId?: () => string;
  defaultLocale: Lang;
  maxUploadBytes: number;
  allowedFileTypes: readonly string[];
  /** Files and bytes one person may store per hour. */
  uploadLimits: UploadLimits;
  /**
   * Channels whose new users get the officer role (local terminal and web chat). The web chat's
   * only when the message's clientIp (the socket's address) is a loopback address.
   */
  trustedChannels: readonly ChannelName[];
  /** Builds secretaries' digests on demand; absent in tests that do not need them. */
  digests?: DigestService;
  /** Idle time after which an open draft gets one reminder. */
  reminderAfterMs: number;
  /**
   * Runs a writing transaction; on SQLite, which allows one writer at a time, the composition root
   * passes a lock shared with the other writers of the process (the outbox runner).
   */
  serializeWrites: <T>(work: () => Promise<T>) => Promise<T>;
  /** Counts failed code redemptions (invitations, identity links) to refuse guessing. */
  failedAttempts: FailedAttempts;
  /** A dossier's papers for "tải hồ sơ"; absent: the command answers that none can be made. */
  documents?: Pick<DossierDocuments, "ensure">;
}

interface Person {
  id: string;
  fullName: string | null;
  locale: Lang;
  roles: Role[];
  /** The unit each role is bound to (null: not bound). */
  units: Partial<Record<Role, string | null>>;
}

interface OpenDraft {
  id: string;
  flow: Flow;
  state: RunState;
  /** The returned dossier this draft corrects, if any. */
  sourceDossierId?: string | null;
}

const MENU_PREFIX = "flow:";

/** What confirms an erasure: "có", "co", "yes", "đồng ý", "xác nhận", "xoá". */
function isConfirmation(text: string): boolean {
  return ["co", "yes", "y", "dong y", "xac nhan", "xoa", "co xoa", "co, xoa"].includes(foldText(text).replace(/[.!]+$/, ""));
}


export class ConversationService {
  private readonly chats = new KeyedMutex();
  private readonly erasures = new PendingErasures();
  private readonly newId: () => string;

  constructor(private readonly deps: ConversationDeps) {
    this.newId = deps.newId ?? (() => randomUUID());
  }

  /**
   * Handles one message; resolves once every effect is stored. Never throws for bad input. Every
   * piece of text in it is normalised first (see normalizeInboundMessage): nothing downstream sees
   * a NUL, a lone surrogate, a control or a bidi override.
   */
  handle(inbound: InboundMessage): Promise<OutgoingMessage[]> {
    const msg = normalizeInboundMessage(inbound);
    const chatKey = `${msg.channel}:${msg.chatId}`;
    return this.chats.run(chatKey, async () => {
      try {
        return await this.process(msg, chatKey);
      } catch (err) {
        this.deps.log.error({ err, channel: msg.channel, messageId: msg.messageId }, "message failed");
        return [{ text: this.deps.i18n.t(this.deps.defaultLocale, "bot.error.internal") }];
      }
    });
  }

  private async process(original: InboundMessage, chatKey: string): Promise<OutgoingMessage[]> {
    let msg = original;
    const { db } = this.deps;
    const seen = await db.processedMessage.findUnique({ where: { channel_chatId_messageId: { channel: msg.channel, chatId: msg.chatId, messageId: msg.messageId } } });
    if (seen) {
      // The web page resends a message whose answer it lost, with the same messageId: it gets the
      // same answer again, so a reference code is never lost to a retry. Bot platforms re-deliver an
      // update when our answer is slow, while the first one's replies are still going out: they get
      // nothing, or every reply would be sent twice.
      const stored = msg.channel === "web" ? readStoredReplies(seen.replies) : null;
      this.deps.log.info({ channel: msg.channel, messageId: msg.messageId }, stored ? "duplicate message answered again" : "duplicate message ignored");
      return stored ?? [];
    }
    const now = this.deps.now();
    const person = await this.person(msg);
    const t = this.textsFor(person);
    let draft = await this.openDraft(person.id);
    const ctx = await this.contextFor(person, draft?.flow ?? null, now, draft?.state.answers);
    const erasure = await this.erasureTurn(msg, person, draft, ctx, now);
    if (erasure) return erasure;

    if (msg.button) {
      const offered = this.offered(draft, person, ctx);
      const choice = offered.scope === msg.button.scope ? offered.choices[msg.button.index] : await this.downloadButton(person, msg.button);
      if (!choice) {
        this.deps.log.info({ channel: msg.channel, messageId: msg.messageId }, "stale or forged button refused");
        return this.finish(msg, now, [{ type: "say", text: t("bot.button.stale") }, ...offered.prompt], async () => undefined, offered.scope);
      }
      msg = { ...msg, choice: choice.value };
    }

    // "tải hồ sơ": typed, or its button pressed, at any time; an open form is asked again after it.
    const typed = !msg.files?.length ? (msg.text ?? msg.choice) : undefined;
    const asked = typed !== undefined ? parseCommand(typed) : null;
    if (asked?.name === "download") return this.downloadTurn(msg, person, asked.code, draft, ctx, now);

    const replies: RunOutput[] = [];
    let input: RunInput | null = null;
    let startFlow: Flow | null = null;
    let languageChange: Lang | null = null;
    const uploads: Array<FileRef & { sha256: string; storageKey: string }> = [];

    if (msg.files?.length) {
      // Decided before anything is written: files the open form cannot take now are not stored.
      const room = draft ? fileRoom(draft.flow, draft.state) : 0;
      if (room === 0) {
        const tooLarge = msg.files.some((f) => Math.max(f.declaredSize ?? 0, f.bytes.byteLength) > this.deps.maxUploadBytes);
        if (tooLarge) replies.push({ type: "say", text: this.refusalText({ reason: "too-large" }, draft, t) });
        if (!draft) replies.push({ type: "say", text: t("bot.files.no_form") }, ...this.menu(person));
        else replies.push({ type: "say", text: this.refusalText({ reason: "no-room" }, draft, t) }, ...repeatPrompt(draft.flow, draft.state, ctx));
        return this.finish(msg, now, replies, async () => undefined, this.offered(draft, person, ctx).scope);
      }
      const { accepted, refused } = await acceptUploads({
        files: msg.files,
        room,
        maxBytes: this.deps.maxUploadBytes,
        allowedTypes: this.deps.allowedFileTypes,
        allowance: () => UploadAllowance.load(this.deps.db, person.id, now, this.deps.uploadLimits),
        store: this.deps.files,
        now,
      });
      const said = new Set<string>();
      for (const refusal of refused) {
        const text = this.refusalText(refusal, draft, t);
        if (!said.has(text)) replies.push({ type: "say", text });
        said.add(text);
      }
      uploads.push(...accepted.map((a) => ({ ...a, id: this.newId() })));
      if (uploads.length) input = { type: "files", files: uploads.map(({ id, mime, size, fileName }) => ({ id, mime, size, ...(fileName ? { fileName } : {}) })) };
      else if (!msg.text || refused.some((r) => r.reason === "hourly-limit")) {
        if (draft) replies.push(...repeatPrompt(draft.flow, draft.state, ctx));
        return this.finish(msg, now, replies, async () => undefined, this.offered(draft, person, ctx).scope);
      }
    }

    const command: Command | null = !input && msg.text ? parseCommand(msg.text) : null;
    if (!input && msg.choice?.startsWith(MENU_PREFIX)) {
      startFlow = this.deps.flows.current.get(msg.choice.slice(MENU_PREFIX.length)) ?? null;
      if (!startFlow) replies.push(...this.menu(person));
    } else if (!input && command) {
      switch (command.name) {
        case "menu":
          if (draft) replies.push({ type: "say", text: t("bot.menu.resume", { title: this.title(draft.flow, person.locale) }) }, ...repeatPrompt(draft.flow, draft.state, ctx));
          else replies.push(...this.menu(person));
          break;
        case "status":
          replies.push({ type: "say", text: await this.status(person, command.code) });
          if (draft) replies.push(...repeatPrompt(draft.flow, draft.state, ctx));
          break;
        case "language":
          languageChange = command.lang ?? (person.locale === "vi" ? "en" : "vi");
          break;
        case "start-flow":
          startFlow = this.deps.flows.current.get(command.flowId) ?? null;
          break;
        case "invite":
        case "link":
        case "link-redeem":
        case "digest-now":
        case "digest-subscribe":
        case "digest-off":
        case "nominate-from-report": {
          replies.push(...(await this.accountCommand(command, person, msg, now)));
          if (draft) replies.push(...repeatPrompt(draft.flow, draft.state, ctx));
          else if (command.name === "invite" || command.name === "link-redeem") replies.push(...this.menu(person));
          break;
        }
        case "erase-data":
          // Handled before any other command by erasureTurn.
          break;
        case "download":
          // Handled before the other commands by downloadTurn.
          break;
        case "help":
          if (!draft) {
            replies.push({ type: "say", text: t("bot.help.general") }, ...this.menu(person));
            break;
          }
          input = { type: "command", command: command.name };
          break;
        default:
          if (!draft) replies.push(...this.menu(person));
          else input = { type: "command", command: command.name };
      }
    } else if (!input) {
      if (msg.choice) input = { type: "choice", value: msg.choice };
      else if (msg.text !== undefined) input = { type: "text", text: msg.text };
    }

    if (languageChange) {
      person.locale = languageChange;
      replies.push({ type: "say", text: this.deps.i18n.t(languageChange, "bot.language.changed") });
      if (draft) {
        draft = { ...draft, state: { ...draft.state, lang: languageChange } };
        replies.push(...repeatPrompt(draft.flow, draft.state, ctx));
      } else replies.push(...this.menu(person));
    }

    // A message that is not an answer, with no open draft, picks from the menu.
    if (!draft && !startFlow && input && (input.type === "text" || input.type === "choice")) {
      const typed = input.type === "text" ? input.text : input.value;
      startFlow = this.pickFromMenu(person, typed);
      if (!startFlow) replies.push({ type: "say", text: t("bot.menu.not_understood") }, ...this.menu(person));
      input = null;
    }
    if (!draft && input?.type === "files") {
      replies.push({ type: "say", text: t("bot.files.no_form") }, ...this.menu(person));
      input = null;
    }

    let started: { flow: Flow; state: RunState } | null = null;
    if (startFlow) {
      if (!startFlow.roles.some((r) => person.roles.includes(r))) {
        replies.push({ type: "say", text: t("bot.flow.not_allowed", { title: this.title(startFlow, person.locale) }) }, ...this.menu(person));
      } else if (draft) {
        replies.push({ type: "say", text: t("bot.flow.finish_first", { title: this.title(draft.flow, person.locale) }) }, ...repeatPrompt(draft.flow, draft.state, ctx));
      } else {
        const result = startRun(startFlow, person.locale, await this.contextFor(person, startFlow, now));
        started = { flow: startFlow, state: result.state };
        replies.push(...result.outputs);
      }
    }

    let next: { flow: Flow; state: RunState; draftId: string; sourceDossierId?: string | null } | null = null;
    let completed: Extract<RunOutput, { type: "completed" }> | null = null;
    if (draft && input) {
      let result = advanceRun(draft.flow, draft.state, input, now, ctx);
      const refused = refuseInvalidRecord(draft.flow, result, ctx);
      if (refused) {
        this.deps.log.warn({ flowId: draft.flow.id, revision: draft.flow.revision, draftId: draft.id, problems: refused.problems }, "confirmed answers do not make a record: questions asked again");
        result = refused.result;
      }
      next = { flow: draft.flow, state: result.state, draftId: draft.id, sourceDossierId: draft.sourceDossierId ?? null };
      for (const out of result.outputs) {
        if (out.type === "completed") completed = out;
        else replies.push(out);
      }
    } else if (draft && languageChange) {
      next = { flow: draft.flow, state: draft.state, draftId: draft.id };
    }

    let submittedCode: string | null = null;
    let replacedCode: string | null = null;
    let staffAnswer = null as ((tt: typeof t) => string) | null;
    type FixTurn = { id: string; flowId: string; flowRevision: number; state: unknown; sourceDossierId: string | null };
    // Assigned inside the transaction callback, which the compiler cannot follow.
    let fixTurn = null as FixTurn | null;
    const startedId = started ? randomUUID() : null;
    const after: OpenDraft | null = started
      ? { id: startedId!, flow: started.flow, state: started.state }
      : next
        ? next.state.phase === "done" || next.state.phase === "cancelled" ? null : { id: next.draftId, flow: next.flow, state: next.state }
        : draft;
    const result = await this.finish(msg, now, replies, async (tx) => {
      if (languageChange) await tx.user.update({ where: { id: person.id }, data: { locale: languageChange } });
      let draftId = next?.draftId ?? null;
      if (started) {
        const row = await tx.draft.create({
          data: {
            id: startedId!,
            userId: person.id,
            chatKey,
            flowId: started.flow.id,
            flowRevision: started.flow.revision,
            stateVersion: started.state.v,
            state: started.state as object,
            answers: started.state.answers as object,
            currentStepId: started.state.stepId,
            status: "ACTIVE",
            lastActivityAt: now,
          },
        });
        draftId = row.id;
        await tx.auditLog.create({ data: { at: now, actorId: person.id, action: "draft.started", entity: "Draft", entityId: row.id, data: { flowId: started.flow.id, revision: started.flow.revision } } });
      }
      if (uploads.length && draftId) {
        await tx.attachment.createMany({
          // createdAt from the service's clock: the hourly upload limits count these rows by it.
          data: uploads.map((u) => ({ id: u.id, sha256: u.sha256, mime: u.mime, size: u.size, storageKey: u.storageKey, fileName: u.fileName ?? null, uploadedById: person.id, draftId, createdAt: now })),
        });
      }
      if (next) {
        const cancelled = next.state.phase === "cancelled";
        await tx.draft.update({
          where: { id: next.draftId },
          data: {
            state: next.state as object,
            stateVersion: next.state.v,
            answers: next.state.answers as object,
            currentStepId: next.state.stepId,
            lastActivityAt: now,
            remindedAt: null,
            ...(cancelled ? { status: "CANCELLED" } : {}),
          },
        });
        if (cancelled) await tx.auditLog.create({ data: { at: now, actorId: person.id, action: "draft.cancelled", entity: "Draft", entityId: next.draftId } });
        if (completed && isStaffEntry(next.flow.record)) {
          const nomination = this.deps.flows.current.get("nomination-individual");
          const nominate = nomination ? { units: this.deps.units, i18n: this.deps.i18n, flow: nomination, ctx: this.runContext(now) } : null;
          staffAnswer = await recordStaffEntry(tx, next.flow.record, { answers: completed.answers, person, draftId: next.draftId, now, units: this.deps.units, nominate });
          await tx.draft.update({ where: { id: next.draftId }, data: { status: "SUBMITTED", submittedAt: now } });
        } else if (completed) {
          const submitted = await submitRun(tx, {
            flow: next.flow,
            draftId: next.draftId,
            user: person,
            channel: msg.channel,
            answers: completed.answers,
            now,
            units: this.deps.units,
            awards: this.deps.awards,
            ...lawAssessment(ctx.law),
            resubmissionOf: next.sourceDossierId ?? null,
            proposingUnitId: person.units.officer ?? null,
          });
          submittedCode = submitted.code;
          replacedCode = submitted.previousCode;
        }
        if (cancelled || completed) {
          // A dossier returned by the council waits while another form is open; its turn is now.
          const waiting = await tx.draft.findFirst({ where: { userId: person.id, status: "PENDING_FIX" }, orderBy: { createdAt: "asc" } });
          if (waiting) {
            await tx.draft.update({ where: { id: waiting.id }, data: { status: "ACTIVE", lastActivityAt: now } });
            fixTurn = waiting;
          }
        }
      }
      // What follows the engine's replies is part of the answer stored with the message (a resent
      // message gets it again), so it is built here, inside the transaction.
      const more: OutgoingMessage[] = [];
      if (staffAnswer) {
        const text = staffAnswer(t);
        more.push(...renderOutputs([{ type: "say", text }, ...this.menu(person)], this.offered(null, person, ctx).scope));
      }
      if (submittedCode) {
        const text = replacedCode
          ? t("bot.submit.resubmitted", { code: submittedCode, previous: replacedCode })
          : t(next!.flow.record === "good-deed-report" ? "bot.submit.done_report" : "bot.submit.done", { code: submittedCode, title: this.title(next!.flow, person.locale) });
        const done: RunOutput[] = [];
        const duplicate = await duplicateNotice(tx, submittedCode, t);
        if (duplicate) done.push({ type: "say", text: duplicate });
        if (!fixTurn) done.push(...this.menu(person));
        // A nomination's papers can be downloaded at once: its own button, valid whatever is asked next.
        const papers = next!.flow.record.startsWith("nomination")
          ? { choices: [{ value: `tải hồ sơ ${submittedCode}`, label: t("bot.download.button") }], scope: downloadScopeFor(submittedCode), keywordChoices: true }
          : {};
        more.push({ text, ...papers }, ...renderOutputs(done, this.offered(null, person, ctx).scope));
      }
      if (fixTurn) {
        const flow = await this.deps.flows.revision(fixTurn.flowId, fixTurn.flowRevision);
        const source = fixTurn.sourceDossierId ? await tx.dossier.findUnique({ where: { id: fixTurn.sourceDossierId } }) : null;
        if (flow) {
          const reopened: OpenDraft = { id: fixTurn.id, flow, state: readRunState(fixTurn.state) };
          const turn: RunOutput[] = [{ type: "say", text: t("bot.council.fix_now", { code: source?.code ?? "" }) }, ...repeatPrompt(flow, reopened.state, await this.contextFor(person, flow, now))];
          more.push(...renderOutputs(turn, scopeFor(reopened)));
        }
      }
      return more;
    }, this.offered(after, person, ctx).scope);
    if (submittedCode) this.deps.log.info({ code: submittedCode, flowId: next?.flow.id }, "dossier submitted");
    return result;
  }

  /**
   * Redeems an invitation or identity link code under the failed-attempt limits: refused without
   * looking at the code while the person, the chat or the client's address has too many recent
   * failures; a failure is counted under all three and logged without the code. Every failure —
   * malformed, unknown, used, expired or revoked — gets the same answer, so a guesser cannot tell
   * a code that exists from one that does not.
   */
  private async redeemCode(
    kind: "invite" | "link",
    person: Person,
    msg: InboundMessage,
    now: Date,
    redeem: () => Promise<{ ok: true; replies: RunOutput[] } | { ok: false; reason: string }>,
  ): Promise<RunOutput[]> {
    const t = this.textsFor(person);
    const keys = attemptKeys({ userId: person.id, channel: msg.channel, chatId: msg.chatId, clientIp: msg.clientIp });
    const block = await this.deps.failedAttempts.check(CODE_ATTEMPT, keys, now);
    if (block.blocked) {
      this.deps.log.warn({ channel: msg.channel, userId: person.id, kind, limitedBy: block.key.split(":")[0] }, "code redemption refused: too many failed attempts");
      const minutes = Math.max(1, Math.ceil((block.retryAt.getTime() - now.getTime()) / 60_000));
      return [{ type: "say", text: t("bot.code.too_many_attempts", { minutes }) }];
    }
    const result = await redeem();
    if (result.ok) return result.replies;
    await this.deps.failedAttempts.record(CODE_ATTEMPT, keys, now);
    this.deps.log.info({ channel: msg.channel, userId: person.id, kind, reason: result.reason }, "code redemption failed");
    return [{ type: "say", text: t(`bot.${kind}.invalid`) }];
  }

  /**
   * Commands about the person rather than a form: redeeming an invitation, linking another channel
   * identity, and a secretary's digest. Each checks the role in this layer, whatever the channel.
   */
  private async accountCommand(command: Command, person: Person, msg: InboundMessage, now: Date): Promise<RunOutput[]> {
    const { db } = this.deps;
    const t = this.textsFor(person);
    const say = (text: string): RunOutput => ({ type: "say", text });
    switch (command.name) {
      case "invite":
        return this.redeemCode("invite", person, msg, now, async () => {
          const code = normalizeInviteCode(command.code);
          if (!code) return { ok: false, reason: "malformed" };
          const result = await this.deps.serializeWrites(() => redeemInvite(db, { code, userId: person.id, now }));
          if (!result.ok) return result;
          person.roles = [...new Set([...person.roles, result.role])];
          person.units[result.role] = result.unitId;
          if (result.role === "secretary") {
            await db.digestSubscription.upsert({ where: { userId: person.id }, create: { userId: person.id, cadence: "daily", time: "07:30" }, update: {} });
          }
          const unit = result.unitId ? this.deps.units.label(result.unitId) : t("bot.digest.all_units");
          return { ok: true, replies: [say(t(`bot.invite.granted.${result.role}`, { unit }))] };
        });
      case "link": {
        const expiresAt = new Date(now.getTime() + LINK_CODE_MINUTES * 60_000);
        const code = await insertFreshCode("LK", (code) => this.deps.serializeWrites(() => db.linkCode.create({ data: { code, userId: person.id, expiresAt } })));
        return [say(t("bot.link.created", { code, minutes: LINK_CODE_MINUTES }))];
      }
      case "link-redeem":
        return this.redeemCode("link", person, msg, now, async () => {
          const code = normalizeOneTimeCode("LK", command.code);
          if (!code) return { ok: false, reason: "malformed" };
          const linked = await this.deps.serializeWrites(() =>
            db.$transaction(async (tx) => {
              const claimed = await tx.linkCode.updateMany({ where: { code, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
              if (claimed.count !== 1) return null;
              const link = await tx.linkCode.findUniqueOrThrow({ where: { code } });
              if (link.userId === person.id) return link.userId;
              // This identity (and what it started) now belongs to the person who asked for the code.
              await tx.channelIdentity.update({ where: { channel_externalId: { channel: msg.channel, externalId: msg.senderId } }, data: { userId: link.userId } });
              await tx.draft.updateMany({ where: { userId: person.id }, data: { userId: link.userId } });
              await tx.dossier.updateMany({ where: { submittedById: person.id }, data: { submittedById: link.userId } });
              await tx.auditLog.create({ data: { at: now, actorId: link.userId, action: "identity.linked", entity: "User", entityId: link.userId, data: { channel: msg.channel, from: person.id } } });
              return link.userId;
            }),
          );
          if (linked) return { ok: true, replies: [say(t("bot.link.done"))] };
          const row = await db.linkCode.findUnique({ where: { code } });
          return { ok: false, reason: !row ? "unknown" : row.usedAt ? "used" : "expired" };
        });
      case "digest-now": {
        if (!person.roles.includes("secretary") || !this.deps.digests) return [say(t("bot.digest.not_secretary"))];
        const parts = (await this.deps.digests.composeMessages(person.id, now)) ?? [];
        return parts.map(say);
      }
      case "digest-subscribe": {
        if (!person.roles.includes("secretary")) return [say(t("bot.digest.not_secretary"))];
        const data = { cadence: command.cadence, weekday: command.cadence === "weekly" ? (command.weekday ?? 1) : null, time: command.time ?? "07:30" };
        await this.deps.serializeWrites(() => db.digestSubscription.upsert({ where: { userId: person.id }, create: { userId: person.id, ...data }, update: data }));
        return [say(command.cadence === "daily" ? t("bot.digest.daily", { time: data.time }) : t("bot.digest.weekly", { day: t(`bot.weekday.${data.weekday}`), time: data.time }))];
      }
      case "digest-off": {
        if (!person.roles.includes("secretary")) return [say(t("bot.digest.not_secretary"))];
        await this.deps.serializeWrites(() => db.digestSubscription.deleteMany({ where: { userId: person.id } }));
        return [say(t("bot.digest.off"))];
      }
      case "nominate-from-report": {
        const flow = this.deps.flows.current.get("nomination-individual");
        if (!person.roles.includes("secretary") || !flow) return [say(t("bot.digest.not_secretary"))];
        const result = await this.deps.serializeWrites(() =>
          nominateFromReport(
            { db, units: this.deps.units, i18n: this.deps.i18n, flow, ctx: this.runContext(now) },
            { code: command.code, secretaryId: person.id, scope: person.units.secretary ?? null, now },
          ),
        );
        if (!result.ok) return [say(t(`bot.report_nomination.${result.reason}`, { code: command.code }))];
        return [say(t("bot.report_nomination.done", { code: result.code, officer: result.officerName ?? t("bot.report_nomination.the_officer") }))];
      }
      default:
        return [];
    }
  }

  /**
   * "xoá dữ liệu" explains what will be erased and waits for "có"; the next message decides: "có"
   * erases (see erase-person.ts), anything else — a word, a file, a button — cancels politely and
   * asks the open form's question again. Null when the message is not part of this exchange.
   */
  private async erasureTurn(msg: InboundMessage, person: Person, draft: OpenDraft | null, ctx: RunContext, now: Date): Promise<OutgoingMessage[] | null> {
    const t = this.textsFor(person);
    const text = !msg.files?.length && !msg.button ? msg.text : undefined;
    if (this.erasures.take(person.id, now)) {
      if (text !== undefined && isConfirmation(text)) {
        let files: Array<{ sha256: string; storageKey: string }> = [];
        const out = await this.finish(msg, now, [], async (tx) => {
          const result = await erasePersonRows(tx, { userId: person.id, now, by: "self" });
          if (!result.ok) throw new Error(`erasing ${person.id}: ${result.reason}`);
          files = result.files;
          const kept = result.counts.dossiers ? t("bot.erase.kept", { count: result.counts.dossiers }) : "";
          return renderOutputs([{ type: "say", text: t("bot.erase.done", { kept }) }], scopeFor(null));
        }, scopeFor(null));
        await removeUnusedFiles(this.deps.db, this.deps.files, files).catch((err: unknown) => this.deps.log.error({ err }, "erased files not removed; the retention sweep will"));
        this.deps.log.info({ userId: person.id }, "personal data erased at the person's request");
        return out;
      }
      // The command again explains again; anything else cancels.
      if (text === undefined || parseCommand(text)?.name !== "erase-data") {
        const replies: RunOutput[] = [{ type: "say", text: t("bot.erase.cancelled") }, ...(draft ? repeatPrompt(draft.flow, draft.state, ctx) : this.menu(person))];
        return this.finish(msg, now, replies, async () => undefined, this.offered(draft, person, ctx).scope);
      }
    } else if (text === undefined || parseCommand(text)?.name !== "erase-data") return null;
    this.erasures.ask(person.id, now);
    const dossiers = await this.deps.db.dossier.count({ where: { submittedById: person.id } });
    const form = draft ? t("bot.erase.open_form", { title: this.title(draft.flow, person.locale) }) : "";
    const replies: RunOutput[] = [{ type: "say", text: t("bot.erase.explain", { form, dossiers }) }];
    return this.finish(msg, now, replies, async () => undefined, this.offered(draft, person, ctx).scope);
  }

  /**
   * Stores `write`'s effects and the message as processed in one transaction, and returns the
   * replies: `replies` rendered, then the messages `write` returns. For the web channel the whole
   * list is stored with the message, for a resend whose answer was lost (see process()).
   */
  private async finish(
    msg: InboundMessage,
    now: Date,
    replies: RunOutput[],
    write: (tx: Tx) => Promise<OutgoingMessage[] | void>,
    scope: string,
  ): Promise<OutgoingMessage[]> {
    const rendered = renderOutputs(replies, scope);
    let all = rendered;
    await this.transaction(async (tx) => {
      all = [...rendered, ...((await write(tx)) ?? [])];
      // Only the web chat resends (see process()); bot channels' replies, personal data, are not kept.
      const stored = msg.channel === "web" ? { replies: all as object[] } : {};
      await tx.processedMessage.create({ data: { channel: msg.channel, chatId: msg.chatId, messageId: msg.messageId, processedAt: now, ...stored } });
    });
    return all;
  }

  /**
   * "tải hồ sơ <mã>": the nomination's papers as DOCX (generated and stored as versions by
   * `documents.ensure`), with a line per document. Without a code, the person's only nomination
   * is meant; with several, they are asked for the code and shown their recent ones. A code that
   * does not exist, names a good-deed report (no papers) or a dossier the person may not see
   * (see maySeeDossier) gets the same answer. The download is recorded in the audit log.
   */
  private async downloadTurn(msg: InboundMessage, person: Person, typedCode: string | undefined, draft: OpenDraft | null, ctx: RunContext, now: Date): Promise<OutgoingMessage[]> {
    const t = this.textsFor(person);
    const scope = this.offered(draft, person, ctx).scope;
    const after = draft ? repeatPrompt(draft.flow, draft.state, ctx) : [];
    let code = typedCode;
    if (!code) {
      const own = await this.deps.db.dossier.findMany({ where: { submittedById: person.id, kind: { not: "GOOD_DEED_REPORT" } }, orderBy: { submittedAt: "desc" }, take: 5, select: { code: true } });
      if (own.length !== 1) {
        const lines = [t("bot.download.ask_code"), ...(own.length ? [t("bot.download.recent", { codes: own.map((d) => d.code).join(", ") })] : [])];
        return this.finish(msg, now, [{ type: "say", text: lines.join("\n") }, ...after], async () => undefined, scope);
      }
      code = own[0]!.code;
    }
    const dossier = /^TDKT-\d{4}-\d{6}$/.test(code) ? await this.deps.db.dossier.findUnique({ where: { code } }) : null;
    if (!dossier || dossier.kind === "GOOD_DEED_REPORT" || !maySeeDossier(person, dossier, this.deps.units)) {
      this.deps.log.info({ userId: person.id, found: Boolean(dossier) }, "dossier download refused");
      return this.finish(msg, now, [{ type: "say", text: t("bot.download.not_found", { code }) }, ...after], async () => undefined, scope);
    }
    // Generated before the transaction that records the message: storing a version takes the writer lock.
    const stored = this.deps.documents ? (await this.deps.documents.ensure(dossier)).filter((d) => d.mediaType === DOCX_MEDIA_TYPE) : [];
    if (stored.length === 0) {
      this.deps.log.error({ code: dossier.code }, "a nomination dossier has no documents to download");
      return this.finish(msg, now, [{ type: "say", text: t("bot.download.empty", { code: dossier.code }) }, ...after], async () => undefined, scope);
    }
    const documents: OutgoingDocument[] = stored.map((d) => ({ id: d.id, fileName: d.fileName, mediaType: d.mediaType, size: d.size }));
    const names = stored.map((d) => `• ${DOCUMENT_KIND_NAMES[d.kind as DocumentKind]?.vi ?? d.kind}`);
    const reply: OutgoingMessage = { text: [t("bot.download.ready", { code: dossier.code, count: stored.length }), ...names].join("\n"), documents };
    this.deps.log.info({ userId: person.id, code: dossier.code, documents: stored.length }, "dossier documents downloaded in the chat");
    return this.finish(msg, now, [], async (tx) => {
      await tx.auditLog.create({ data: { at: now, actorId: person.id, action: "dossier.documents_downloaded", entity: "Dossier", entityId: dossier.id, data: { channel: msg.channel, documents: stored.map((d) => d.id) } } });
      return [reply, ...renderOutputs(after, scope)];
    }, scope);
  }

  /** The choice of a pressed "Tải hồ sơ (Word)" button (see downloadScopeFor), if it is one of the person's dossiers. */
  private async downloadButton(person: Person, button: { scope: string; index: number }): Promise<Choice | undefined> {
    if (button.index !== 0) return undefined;
    const own = await this.deps.db.dossier.findMany({ where: { submittedById: person.id, kind: { not: "GOOD_DEED_REPORT" } }, orderBy: { submittedAt: "desc" }, take: 200, select: { code: true } });
    const code = own.find((d) => downloadScopeFor(d.code) === button.scope)?.code;
    return code ? { value: `tải hồ sơ ${code}`, label: this.textsFor(person)("bot.download.button") } : undefined;
  }

  /** What a refused upload is told (the question is asked again after it). */
  private refusalText(refusal: UploadRefusal, draft: OpenDraft | null, t: (key: string, params?: Record<string, string | number>) => string): string {
    switch (refusal.reason) {
      case "too-large":
        return t("bot.files.too_large", { max: Math.round(this.deps.maxUploadBytes / 1048576) });
      case "type":
        return t("bot.files.rejected_type");
      case "heic":
        return t("bot.files.heic");
      case "unreadable":
        return t("bot.files.unreadable");
      case "hourly-limit":
        return t("bot.files.hourly_limit", { time: timeInVietnam(refusal.retryAt) });
      case "no-room": {
        const step = draft?.state.phase === "asking" ? draft.flow.steps.find((s) => s.id === draft.state.stepId) : undefined;
        return step?.kind === "files" ? t("bot.files.too_many", { max: step.maxFiles }) : t("bot.files.not_expected");
      }
    }
  }

  /** The choices the person can press now, the scope naming that question, and its prompt. */
  private offered(draft: OpenDraft | null, person: Person, ctx: RunContext): { scope: string; choices: Choice[]; prompt: RunOutput[] } {
    const prompt = draft ? repeatPrompt(draft.flow, draft.state, ctx) : this.menu(person);
    const last = [...prompt].reverse().find((o): o is Extract<RunOutput, { type: "say" }> => o.type === "say" && Boolean(o.choices?.length));
    return { scope: scopeFor(draft), choices: last?.choices ?? [], prompt };
  }

  private transaction(work: (tx: Tx) => Promise<void>): Promise<void> {
    const run = () => this.deps.db.$transaction(work, { timeout: 20_000, maxWait: 20_000 });
    return this.deps.serializeWrites(run);
  }

  /**
   * The engine's context for a person and a flow. Every unit in force can be named, by everyone:
   * a nominee may live or work anywhere (a passer-by who rescued someone in the commune), and the
   * law has no such limit. Which council receives a nomination follows from the proposing
   * officer's unit instead (see submitRun's `proposingUnitId`). A secretary's review queue is
   * limited to their council's units.
   */
  private async contextFor(person: Person, flow: Flow | null, now: Date, answers: Answers = {}): Promise<ServiceContext> {
    const ctx = { ...this.runContext(now), i18n: withRegister(this.deps.i18n, registerFor(person.roles)) };
    if (ctx.law && flow?.record.startsWith("nomination")) {
      // A bound officer proposes for their unit: its chair is the one who decides. Once the answers
      // identify the nominee, their award history feeds the criteria ("3 lần liên tục …").
      const proposing = person.units.officer ?? null;
      const nominee = nomineeFromAnswers(flow.record, answers, proposing);
      const history = nominee ? await awardHistoryFor(this.deps.db, nominee) : undefined;
      ctx.law = this.lawAdvisor(toIsoDate(localDateInVietnam(now)), proposing, history);
    }
    if (flow?.record === "council-review") {
      return { ...ctx, queue: await reviewQueue(this.deps.db, this.deps.units, person.units.secretary ?? null, this.deps.i18n, person.locale) };
    }
    if (flow?.record === "report-verification") {
      return { ...ctx, queue: await reportQueue(this.deps.db, this.deps.units, verificationScope(person.units), this.deps.i18n, person.locale) };
    }
    return ctx;
  }

  /** The person's strings: their language, and "anh/chị" or "bạn" by their role. */
  private textsFor(person: Person): (key: string, params?: Params) => string {
    const i18n = withRegister(this.deps.i18n, registerFor(person.roles));
    return (key, params) => i18n.t(person.locale, key, params);
  }

  /** The catalogues and strings the engine consults, as of `now`. */
  runContext(now: Date): ServiceContext {
    const today = toIsoDate(localDateInVietnam(now));
    const ctx: ServiceContext = { i18n: this.deps.i18n, units: this.deps.units.runUnits(today), awards: this.deps.awards, contacts: this.deps.contacts ?? [] };
    return this.deps.law ? { ...ctx, law: this.lawAdvisor(today) } : ctx;
  }

  private lawAdvisor(today: string, proposingUnitId: string | null = null, history?: readonly PastAward[]): LawAdvisor | undefined {
    if (!this.deps.law) return undefined;
    return createLawAdvisor({ law: this.deps.law, chain: (id) => this.deps.units.chain(id), today, i18n: this.deps.i18n, proposingUnitId, ...(history ? { history } : {}) });
  }

  private title(flow: Flow, lang: Lang): string {
    return lang === "en" && flow.title.en ? flow.title.en : flow.title.vi;
  }

  private allowedFlows(person: Person): Flow[] {
    return [...this.deps.flows.current.values()].filter((f) => f.roles.some((r) => person.roles.includes(r)));
  }

  private menu(person: Person): RunOutput[] {
    const t = this.textsFor(person);
    const flows = this.allowedFlows(person);
    const lines = flows.map((f) => `• ${this.title(f, person.locale)}: ${person.locale === "en" && f.description.en ? f.description.en : f.description.vi}`);
    return [
      {
        type: "say",
        text: [t("bot.menu.greeting"), ...lines, "", t("bot.menu.commands")].join("\n"),
        choices: flows.map((f) => ({ value: `${MENU_PREFIX}${f.id}`, label: this.title(f, person.locale) })),
      },
    ];
  }

  private pickFromMenu(person: Person, typed: string): Flow | null {
    const flows = this.allowedFlows(person);
    const trimmed = typed.trim();
    if (/^\d{1,2}$/.test(trimmed)) return flows[Number(trimmed) - 1] ?? null;
    const wanted = foldText(trimmed);
    if (wanted.length < 3) return null;
    return flows.find((f) => foldText(f.title.vi).includes(wanted) || (f.title.en && foldText(f.title.en).includes(wanted))) ?? null;
  }

  private async status(person: Person, code?: string): Promise<string> {
    const t = this.textsFor(person);
    const dossiers = await this.deps.db.dossier.findMany({
      where: { submittedById: person.id, ...(code ? { code } : {}) },
      orderBy: { submittedAt: "desc" },
      take: 5,
    });
    if (dossiers.length === 0) return code ? t("bot.status.not_found", { code }) : t("bot.status.none");
    const fmt = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric" });
    const lines = dossiers.map((d) =>
      t("bot.status.line", { code: d.code, kind: t(`bot.dossier.kind.${d.kind}`), status: dossierStatusText(t, d), date: fmt.format(d.submittedAt) }),
    );
    return [t("bot.status.header"), ...lines].join("\n");
  }

  private async person(msg: InboundMessage): Promise<Person> {
    const { db } = this.deps;
    const identity = await db.channelIdentity.findUnique({
      where: { channel_externalId: { channel: msg.channel, externalId: msg.senderId } },
      include: { user: { include: { roles: true } } },
    });
    if (identity) {
      const u = identity.user;
      return {
        id: u.id,
        fullName: u.fullName,
        locale: u.locale === "en" ? "en" : "vi",
        roles: u.roles.map((r) => r.role as Role),
        units: Object.fromEntries(u.roles.map((r) => [r.role, r.unitId])),
      };
    }
    // A web visitor is local only when the socket says so: the same port may face the internet
    // through a proxy (webhooks), and forwarded headers can be forged.
    const trusted = this.deps.trustedChannels.includes(msg.channel) && (msg.channel !== "web" || isLoopbackAddress(msg.clientIp));
    const roles: Role[] = trusted ? ["citizen", "officer"] : ["citizen"];
    const user = await this.transactionValue(async (tx) => {
      const created = await tx.user.create({
        data: {
          locale: this.deps.defaultLocale,
          fullName: msg.senderName ?? null,
          identities: { create: { channel: msg.channel, externalId: msg.senderId, displayName: msg.senderName ?? null } },
          roles: { create: roles.map((role) => ({ role, grantedBy: "system" })) },
        },
      });
      await tx.auditLog.create({ data: { actorId: created.id, action: "user.created", entity: "User", entityId: created.id, data: { channel: msg.channel, roles } } });
      return created;
    });
    return { id: user.id, fullName: user.fullName, locale: this.deps.defaultLocale, roles, units: {} };
  }

  private async transactionValue<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    let value: T | undefined;
    await this.transaction(async (tx) => {
      value = await work(tx);
    });
    return value as T;
  }

  /** The person's open draft, on whichever channel it was started (linked identities share it). */
  private async openDraft(userId: string): Promise<OpenDraft | null> {
    const row = await this.deps.db.draft.findFirst({ where: { userId, status: "ACTIVE" }, orderBy: { createdAt: "desc" } });
    if (!row) return null;
    const flow = await this.deps.flows.revision(row.flowId, row.flowRevision);
    if (!flow) {
      this.deps.log.error({ draftId: row.id, flowId: row.flowId, revision: row.flowRevision }, "draft's flow revision is missing");
      return null;
    }
    return { id: row.id, flow, state: readRunState(row.state), sourceDossierId: row.sourceDossierId };
  }

  /**
   * Forgets which messages were applied once they are older than {@link MESSAGE_MEMORY_DAYS}:
   * platforms re-deliver within hours (Telegram keeps an unconfirmed update for a day), so the
   * table that refuses repeats need not grow with every message ever received. Returns how many.
   */
  async forgetOldMessages(): Promise<number> {
    const before = new Date(this.deps.now().getTime() - MESSAGE_MEMORY_DAYS * 86_400_000);
    let count = 0;
    await this.transaction(async (tx) => {
      count = (await tx.processedMessage.deleteMany({ where: { processedAt: { lt: before } } })).count;
    });
    return count;
  }

  /**
   * Sends one reminder to each draft idle for longer than the configured time, through the
   * sender of its channel, and records it so the draft is reminded once. The draft is kept (until the retention sweep).
   */
  async remindIdleDrafts(senders: ReadonlyMap<string, ChannelSender>): Promise<number> {
    const now = this.deps.now();
    const idle = await this.deps.db.draft.findMany({
      where: { status: "ACTIVE", remindedAt: null, lastActivityAt: { lt: new Date(now.getTime() - this.deps.reminderAfterMs) } },
      include: { user: { select: { roles: { select: { role: true } } } } },
      take: 100,
    });
    let sent = 0;
    for (const row of idle) {
      const [channel, ...rest] = row.chatKey.split(":");
      const sender = senders.get(channel!);
      if (!sender) continue;
      const flow = await this.deps.flows.revision(row.flowId, row.flowRevision);
      if (!flow) continue;
      const state = readRunState(row.state);
      const lang: Lang = state.lang;
      const i18n = withRegister(this.deps.i18n, registerFor(row.user.roles.map((r) => r.role)));
      const ctx = { ...this.runContext(now), i18n };
      const messages = renderOutputs(
        [{ type: "say", text: i18n.t(lang, "bot.reminder", { title: this.title(flow, lang) }) }, ...repeatPrompt(flow, state, ctx)],
        scopeFor({ id: row.id, state }),
      );
      try {
        await this.chats.run(row.chatKey, () => sender.send(rest.join(":"), messages));
        await this.deps.db.draft.update({ where: { id: row.id }, data: { remindedAt: now } });
        sent++;
      } catch (err) {
        this.deps.log.warn({ err, draftId: row.id }, "reminder not sent; will retry");
      }
    }
    return sent;
  }
}

/** The engine's context, with the law's advisor the submission also asks. */
type ServiceContext = RunContext & { law?: LawAdvisor };

/** The submission's assessment hook, when the law is known. */
function lawAssessment(advisor: LawAdvisor | undefined): Pick<SubmitRunInput, "assess"> {
  return advisor ? { assess: (flow, answers) => advisor.assess(flow, answers) } : {};
}

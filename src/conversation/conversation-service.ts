/**
 * The conversation service: everything between a channel and the flow engine. For each inbound
 * message, serialised per chat, it recognises the person (creating a citizen on first contact),
 * stores any files, runs the engine on the chat's open draft, and stores the result — the new
 * draft state, the message id (so a re-delivered message is applied once), and on confirmation
 * the submission — in one transaction, BEFORE it returns the replies for the channel to send.
 *
 * This file is the coordinator of a turn; its parts are the kit every turn shares (turn-kit.ts),
 * the person (person.ts), the drafts (draft-store.ts), uploads (upload-turn.ts), commands
 * (account-commands.ts, dossier-commands.ts, erasure-turn.ts, objection-turn.ts), what follows a finished form
 * (form-completion.ts) and housekeeping (draft-reminders.ts).
 *
 * It receives every dependency (database, flows, catalogues, clock, ids, file store, logger),
 * so tests build it with a real SQLite file and a fixed clock.
 */
import { randomUUID } from "node:crypto";
import type { ChannelSender, InboundMessage, OutgoingMessage } from "../channels/channel-port.ts";
import { normalizeInboundMessage } from "../channels/normalize-inbound-message.ts";
import { advanceRun, repeatPrompt, startRun, startRunKeeping, type RunInput, type RunOutput } from "../flows/advance-run.ts";
import type { Flow } from "../flows/flow-definition.ts";
import type { Answers, RunState } from "../flows/run-state.ts";
import type { Lang } from "../i18n/i18n.ts";
import { AccountCommands } from "./account-commands.ts";
import { DossierCommands } from "./dossier-commands.ts";
import { DraftStore } from "./draft-store.ts";
import { forgetOldMessages, remindIdleDrafts } from "./draft-reminders.ts";
import { ErasureTurns } from "./erasure-turn.ts";
import { completeForm, type Completion } from "./form-completion.ts";
import { ChatBusyError, ProcessChatOrder, type ChatOrder } from "../concurrency/chat-order.ts";
import { WorkInFlight } from "../concurrency/work-in-flight.ts";
import { moreNominees } from "./more-nominees.ts";
import { parseCommand, type Command } from "./parse-command.ts";
import { createPerson, type Person } from "./person.ts";
import { readTurnSnapshot } from "./turn-snapshot.ts";
import { readStoredReplies } from "./read-stored-replies.ts";
import { refuseInvalidRecord } from "./refuse-invalid-record.ts";
import { MENU_PREFIX, TurnKit, type ConversationDeps, type OpenDraft, type ServiceContext } from "./turn-kit.ts";
import { uploadTurn, type StoredUpload } from "./upload-turn.ts";
import { isWorkbookUpload, listImportTurn, listSenderUnit } from "./list-import-turn.ts";
import { objectionTurn } from "./objection-turn.ts";

export type { ConversationDeps } from "./turn-kit.ts";
export type { Role } from "./person.ts";
export { MESSAGE_MEMORY_DAYS } from "./draft-reminders.ts";
export { LINK_CODE_MINUTES } from "./account-commands.ts";

/** What a turn asks of the engine and the drafts, decided from the message before anything is written. */
interface TurnPlan {
  replies: RunOutput[];
  input: RunInput | null;
  startFlow: Flow | null;
  /** Answers the started flow keeps from the previous submission ("thêm người nữa"). */
  keep: Answers | null;
  languageChange: Lang | null;
  draft: OpenDraft | null;
}

export class ConversationService {
  private readonly chats: ChatOrder;
  private readonly newId: () => string;
  private readonly kit: TurnKit;
  private readonly drafts: DraftStore;
  private readonly account: AccountCommands;
  private readonly dossiers: DossierCommands;
  private readonly erasures: ErasureTurns;
  private readonly turns = new WorkInFlight();

  constructor(private readonly deps: ConversationDeps) {
    this.newId = deps.newId ?? (() => randomUUID());
    this.chats = deps.chatOrder ?? new ProcessChatOrder();
    this.kit = new TurnKit(deps);
    this.drafts = new DraftStore(deps);
    this.account = new AccountCommands(this.kit);
    this.dossiers = new DossierCommands(this.kit);
    this.erasures = new ErasureTurns(this.kit);
  }

  /**
   * Handles one message; resolves once every effect is stored. Never throws for bad input. Every
   * piece of text in it is normalised first (see normalizeInboundMessage): nothing downstream sees
   * a NUL, a lone surrogate, a control or a bidi override.
   */
  handle(inbound: InboundMessage): Promise<OutgoingMessage[]> {
    const msg = normalizeInboundMessage(inbound);
    const chatKey = `${msg.channel}:${msg.chatId}`;
    const turn = this.chats.run(chatKey, () => this.process(msg, chatKey));
    return this.turns.track(msg.channel, turn.catch((err: unknown) => {
      // Nothing of the turn was stored: the same message, sent or delivered again, is applied then.
      if (err instanceof ChatBusyError) {
        this.deps.log.warn({ channel: msg.channel, messageId: msg.messageId }, "chat busy in another instance");
        return [{ text: this.deps.i18n.t(this.deps.defaultLocale, "bot.error.busy") }];
      }
      this.deps.log.error({ err, channel: msg.channel, messageId: msg.messageId }, "message failed");
      return [{ text: this.deps.i18n.t(this.deps.defaultLocale, "bot.error.internal") }];
    }));
  }

  /** Turns being handled now (counted from {@link handle} until their effects are stored or they failed). */
  get inFlight(): number {
    return this.turns.count;
  }

  /** The turns being handled now, by channel: what a shutdown that cannot wait longer abandons. */
  inFlightByChannel(): Record<string, number> {
    return this.turns.byLabel();
  }

  /**
   * Resolves once no turn is being handled, also waiting for turns that start meanwhile: a
   * graceful shutdown stops the channels from taking new messages, then waits for this.
   */
  drained(): Promise<void> {
    return this.turns.drained();
  }

  /** The catalogues and strings the engine consults, as of `now`. */
  runContext(now: Date): ServiceContext {
    return this.kit.runContext(now);
  }

  /** Forgets applied message ids older than a week (see draft-reminders.ts). */
  forgetOldMessages(): Promise<number> {
    return forgetOldMessages(this.kit);
  }

  /** One reminder to each idle form (see draft-reminders.ts). */
  remindIdleDrafts(senders: ReadonlyMap<string, ChannelSender>): Promise<number> {
    return remindIdleDrafts(this.kit, this.chats, senders);
  }

  private async process(original: InboundMessage, chatKey: string): Promise<OutgoingMessage[]> {
    let msg = original;
    const { db } = this.deps;
    const { kit } = this;
    const snapshot = await readTurnSnapshot(db, msg);
    const seen = snapshot.seen;
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
    const person = snapshot.person ?? (await createPerson({ ...this.deps, transaction: (work) => kit.transactionValue(work) }, msg));
    const t = kit.textsFor(person);
    const draft = await this.drafts.open(snapshot.draft);
    const ctx = await kit.contextFor(person, draft?.flow ?? null, now, draft?.state.answers);
    const erasure = await this.erasures.turn(msg, person, draft, ctx, now);
    if (erasure) return erasure;

    if (msg.button) {
      const offered = kit.offered(draft, person, ctx);
      const choice = offered.scope === msg.button.scope ? offered.choices[msg.button.index] : await this.dossiers.downloadButton(person, msg.button);
      if (!choice) {
        this.deps.log.info({ channel: msg.channel, messageId: msg.messageId }, "stale or forged button refused");
        return kit.reply(msg, now, [{ type: "say", text: t("bot.button.stale") }, ...kit.promptOrMenu(draft, person, ctx)], offered.scope);
      }
      msg = { ...msg, choice: choice.value };
    }

    // "tải hồ sơ": typed, or its button pressed, at any time; an open form is asked again after it.
    const typed = !msg.files?.length ? (msg.text ?? msg.choice) : undefined;
    const asked = typed !== undefined ? parseCommand(typed) : null;
    if (asked?.name === "download") return this.dossiers.download(msg, person, asked.code, draft, ctx, now);
    // "góp ý TDKT-…": an objection to a posted nominee, from anyone, also in the middle of a form.
    if (asked?.name === "objection") return objectionTurn(kit, msg, person, asked, draft, ctx, now);

    let said: RunOutput[] = [];
    let uploads: StoredUpload[] = [];
    let input: RunInput | null = null;
    // A round's Excel list, sent by an officer or a secretary outside a form: checked, or submitted with "nộp".
    const listUnit = msg.files?.length && !draft && isWorkbookUpload(msg) ? listSenderUnit(person) : null;
    if (listUnit) return listImportTurn(kit, msg, person, listUnit, ctx, now);
    if (msg.files?.length) {
      const outcome = await uploadTurn(kit, this.newId, msg, person, draft, ctx, now);
      if (outcome.type === "answered") return outcome.replies;
      ({ said, uploads, input } = outcome);
    }

    // A pressed "Thêm người nữa" (a keyword button) is the command, as typed.
    const command: Command | null = !input && msg.text ? parseCommand(msg.text) : asked?.name === "more-nominees" ? asked : null;
    const plan = await this.plan(msg, person, draft, ctx, now, input, command);
    plan.replies.unshift(...said);
    return this.advance(msg, chatKey, person, ctx, now, plan, uploads);
  }

  /** What the message asks: a command's replies, a flow to start, a language, or the engine's input. */
  private async plan(msg: InboundMessage, person: Person, draft: OpenDraft | null, ctx: ServiceContext, now: Date, files: RunInput | null, command: Command | null): Promise<TurnPlan> {
    const { kit } = this;
    const t = kit.textsFor(person);
    const plan: TurnPlan = { replies: [], input: files, startFlow: null, keep: null, languageChange: null, draft };
    const prompt = () => (draft ? repeatPrompt(draft.flow, draft.state, ctx) : []);
    if (!files && msg.choice?.startsWith(MENU_PREFIX)) {
      plan.startFlow = this.deps.flows.current.get(msg.choice.slice(MENU_PREFIX.length)) ?? null;
      if (!plan.startFlow) plan.replies.push(...kit.menu(person));
    } else if (!files && command) {
      switch (command.name) {
        case "menu":
          if (draft) plan.replies.push({ type: "say", text: t("bot.menu.resume", { title: kit.title(draft.flow, person.locale) }) }, ...prompt());
          else plan.replies.push(...kit.menu(person));
          break;
        case "status":
          plan.replies.push({ type: "say", text: await this.dossiers.status(person, command.code) }, ...prompt());
          break;
        case "language":
          plan.languageChange = command.lang ?? (person.locale === "vi" ? "en" : "vi");
          break;
        case "start-flow":
          plan.startFlow = this.deps.flows.current.get(command.flowId) ?? null;
          break;
        case "more-nominees": {
          const more = await moreNominees(kit, person, now);
          // With a form open, starting is refused below ("finish first"): no note about the next one.
          if (!more.flow) plan.replies.push(...more.replies, ...(draft ? prompt() : kit.menu(person)));
          else if (!draft) plan.replies.push(...more.replies);
          plan.startFlow = more.flow;
          plan.keep = more.keep;
          break;
        }
        case "invite":
        case "link":
        case "link-redeem":
        case "console-link":
        case "digest-now":
        case "digest-subscribe":
        case "digest-off":
        case "nominate-from-report": {
          plan.replies.push(...(await this.account.run(command, person, msg, now)));
          if (draft) plan.replies.push(...prompt());
          else if (command.name === "invite" || command.name === "link-redeem") plan.replies.push(...kit.menu(person));
          break;
        }
        case "erase-data":
          // Handled before any other command by the erasure turn.
          break;
        case "download":
        case "objection":
          // Handled before the other commands by their own turns.
          break;
        case "help":
          if (!draft) plan.replies.push({ type: "say", text: t("bot.help.general") }, ...kit.menu(person));
          else plan.input = { type: "command", command: command.name };
          break;
        default:
          if (!draft) plan.replies.push(...kit.menu(person));
          else plan.input = { type: "command", command: command.name };
      }
    } else if (!files) {
      if (msg.choice) plan.input = { type: "choice", value: msg.choice };
      else if (msg.text !== undefined) plan.input = { type: "text", text: msg.text };
    }

    if (plan.languageChange) {
      person.locale = plan.languageChange;
      plan.replies.push({ type: "say", text: this.deps.i18n.t(plan.languageChange, "bot.language.changed") });
      if (draft) {
        plan.draft = { ...draft, state: { ...draft.state, lang: plan.languageChange } };
        plan.replies.push(...repeatPrompt(plan.draft.flow, plan.draft.state, ctx));
      } else plan.replies.push(...kit.menu(person));
    }
    // A message that is not an answer, with no open draft, picks from the menu.
    const input = plan.input;
    if (!draft && !plan.startFlow && input && (input.type === "text" || input.type === "choice")) {
      plan.startFlow = kit.pickFromMenu(person, input.type === "text" ? input.text : input.value);
      if (!plan.startFlow) plan.replies.push({ type: "say", text: t("bot.menu.not_understood") }, ...kit.menu(person));
      plan.input = null;
    }
    if (!draft && input?.type === "files") {
      plan.replies.push({ type: "say", text: t("bot.files.no_form") }, ...kit.menu(person));
      plan.input = null;
    }
    return plan;
  }

  /** Runs the engine on the plan and stores everything the turn changed, with the message id, in one transaction. */
  private async advance(msg: InboundMessage, chatKey: string, person: Person, ctx: ServiceContext, now: Date, plan: TurnPlan, uploads: StoredUpload[]): Promise<OutgoingMessage[]> {
    const { kit } = this;
    const t = kit.textsFor(person);
    const { replies, draft, languageChange } = plan;
    let started: { id: string; flow: Flow; state: RunState } | null = null;
    if (plan.startFlow) {
      const flow = plan.startFlow;
      if (!flow.roles.some((r) => person.roles.includes(r))) {
        replies.push({ type: "say", text: t("bot.flow.not_allowed", { title: kit.title(flow, person.locale) }) }, ...kit.menu(person));
      } else if (draft) {
        replies.push({ type: "say", text: t("bot.flow.finish_first", { title: kit.title(draft.flow, person.locale) }) }, ...repeatPrompt(draft.flow, draft.state, ctx));
      } else {
        const flowCtx = await kit.contextFor(person, flow, now);
        const result = plan.keep ? startRunKeeping(flow, person.locale, flowCtx, plan.keep) : startRun(flow, person.locale, flowCtx);
        started = { id: randomUUID(), flow, state: result.state };
        replies.push(...result.outputs);
      }
    }

    let next: (OpenDraft & { sourceDossierId: string | null }) | null = null;
    let completed: Extract<RunOutput, { type: "completed" }> | null = null;
    if (draft && plan.input) {
      let result = advanceRun(draft.flow, draft.state, plan.input, now, ctx);
      const refused = refuseInvalidRecord(draft.flow, result, ctx);
      if (refused) {
        this.deps.log.warn({ flowId: draft.flow.id, revision: draft.flow.revision, draftId: draft.id, problems: refused.problems }, "confirmed answers do not make a record: questions asked again");
        result = refused.result;
      }
      next = { id: draft.id, flow: draft.flow, state: result.state, sourceDossierId: draft.sourceDossierId ?? null };
      for (const out of result.outputs) {
        if (out.type === "completed") completed = out;
        else replies.push(out);
      }
    } else if (draft && languageChange) {
      next = { id: draft.id, flow: draft.flow, state: draft.state, sourceDossierId: draft.sourceDossierId ?? null };
    }

    const after: OpenDraft | null = started ?? (next ? (next.state.phase === "done" || next.state.phase === "cancelled" ? null : next) : draft);
    let completion: Completion | null = null;
    const out = await kit.finish(msg, now, replies, async (tx) => {
      if (languageChange) await tx.user.update({ where: { id: person.id }, data: { locale: languageChange } });
      if (started) await this.drafts.start(tx, { id: started.id, userId: person.id, chatKey, flow: started.flow, state: started.state, now });
      const draftId = started?.id ?? next?.id ?? null;
      if (uploads.length && draftId) {
        await tx.attachment.createMany({
          // createdAt from the service's clock: the hourly upload limits count these rows by it.
          data: uploads.map((u) => ({ id: u.id, sha256: u.sha256, mime: u.mime, size: u.size, storageKey: u.storageKey, fileName: u.fileName ?? null, uploadedById: person.id, draftId, createdAt: now })),
        });
      }
      if (!next) return [];
      await this.drafts.save(tx, { draftId: next.id, userId: person.id, state: next.state, now });
      completion = await completeForm(tx, { kit, drafts: this.drafts, msg, person, ctx, now, next, completed });
      return completion.messages;
    }, kit.offered(after, person, ctx).scope);
    const code = (completion as Completion | null)?.submittedCode;
    if (code) this.deps.log.info({ code, flowId: next?.flow.id }, "dossier submitted");
    return out;
  }
}

/**
 * What every part of a conversation turn shares: the person's strings, the menu, the engine's
 * context, the question on screen (its choices and scope), and `finish`, which stores a turn's
 * effects with the message id in one transaction and renders the replies. The conversation
 * service and the turns it delegates to (commands, uploads, erasure) are built on one kit.
 */
import type { ChannelName, Choice, InboundMessage, OutgoingMessage } from "../channels/channel-port.ts";
import { scopeFor } from "../replies/button-scope.ts";
import { renderOutputs } from "../replies/render-outputs.ts";
import { GroupCommit } from "../db/group-commit.ts";
import type { Db, Tx } from "../db/open-database.ts";
import type { DatabaseProvider } from "../db/apply-migrations.ts";
import { jsonParam } from "../db/raw-sql.ts";
import type { DigestService } from "../digests/digest-service.ts";
import type { DossierDocuments } from "../documents/dossier-documents.ts";
import { repeatPrompt, type RunAward, type RunContact, type RunContext, type RunOutput } from "../flows/advance-run.ts";
import type { Flow } from "../flows/flow-definition.ts";
import type { FlowRegistry } from "../flows/flow-registry.ts";
import type { Answers, RunState } from "../flows/run-state.ts";
import { awardHistoryFor, nomineeFromAnswers, type PastAward } from "../awards/award-history.ts";
import type { I18n, Lang, Params } from "../i18n/i18n.ts";
import { registerFor, withRegister } from "../i18n/register.ts";
import type { Logger } from "../log.ts";
import type { FileStore } from "../attachments/file-store.ts";
import type { UploadLimits } from "../attachments/upload-allowance.ts";
import type { FailedAttempts } from "../admin/failed-attempts.ts";
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import type { ChatOrder } from "../concurrency/chat-order.ts";
import type { LawCatalogue } from "../law/award-catalogue.ts";
import { createLawAdvisor, type LawAdvisor } from "../law/law-advisor.ts";
import { foldText } from "../text/fold-text.ts";
import { toIsoDate } from "../time/local-date.ts";
import { localDateInVietnam } from "../time/vietnam-time.ts";
import { reviewQueue } from "./council-review.ts";
import type { ConsoleLinks } from "../console/console-links.ts";
import { reportQueue, verificationScope } from "./report-verification.ts";
import type { Person } from "./person.ts";

export interface ConversationDeps {
  db: Db;
  provider: DatabaseProvider;
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
  /** Issues console sign-in links for "đăng nhập web"; absent: the command answers that the console is not served. */
  consoleLinks?: Pick<ConsoleLinks, "issue">;
  /** Keeps each chat's turns one at a time (across instances on PostgreSQL); absent: this process's mutex. */
  chatOrder?: ChatOrder;
}

/** A form in progress, with the flow revision it is pinned to. */
export interface OpenDraft {
  id: string;
  flow: Flow;
  state: RunState;
  /** The returned dossier this draft corrects, if any. */
  sourceDossierId?: string | null;
}

/** The engine's context, with the law's advisor the submission also asks. */
export type ServiceContext = RunContext & { law?: LawAdvisor };

/** The value of a menu button: the flow to start. */
export const MENU_PREFIX = "flow:";

export class TurnKit {
  /** Turns that finish together are committed together (see group-commit.ts). */
  private readonly commits: GroupCommit;

  constructor(readonly deps: ConversationDeps) {
    this.commits = new GroupCommit({ db: deps.db, serializeWrites: deps.serializeWrites });
  }

  /** The person's strings: their language, and "anh/chị" or "bạn" by their role. */
  textsFor(person: Pick<Person, "roles" | "locale">): (key: string, params?: Params) => string {
    const i18n = withRegister(this.deps.i18n, registerFor(person.roles));
    return (key, params) => i18n.t(person.locale, key, params);
  }

  title(flow: Flow, lang: Lang): string {
    return lang === "en" && flow.title.en ? flow.title.en : flow.title.vi;
  }

  allowedFlows(person: Person): Flow[] {
    return [...this.deps.flows.current.values()].filter((f) => f.roles.some((r) => person.roles.includes(r)));
  }

  menu(person: Person): RunOutput[] {
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

  /** The flow a typed menu pick names: its number, or a word of its title (3 letters at least). */
  pickFromMenu(person: Person, typed: string): Flow | null {
    const flows = this.allowedFlows(person);
    const trimmed = typed.trim();
    if (/^\d{1,2}$/.test(trimmed)) return flows[Number(trimmed) - 1] ?? null;
    const wanted = foldText(trimmed);
    if (wanted.length < 3) return null;
    return flows.find((f) => foldText(f.title.vi).includes(wanted) || (f.title.en && foldText(f.title.en).includes(wanted))) ?? null;
  }

  /**
   * The choices the person can press now and the scope naming that question: those the engine
   * recorded when it asked (`RunState.offered`), or the menu's. Only a draft saved before the
   * engine recorded them has its question rendered again to find them.
   */
  offered(draft: OpenDraft | null, person: Person, ctx: RunContext): { scope: string; choices: readonly Choice[] } {
    const choices = draft ? (draft.state.offered ?? lastChoices(repeatPrompt(draft.flow, draft.state, ctx))) : lastChoices(this.menu(person));
    return { scope: scopeFor(draft), choices };
  }

  /** The open form's question again, or the menu. */
  promptOrMenu(draft: OpenDraft | null, person: Person, ctx: RunContext): RunOutput[] {
    return draft ? repeatPrompt(draft.flow, draft.state, ctx) : this.menu(person);
  }

  /** A writing transaction outside a turn's `finish` (a new person, a linked identity), committed like the turns'. */
  transactionValue<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.commits.run(work);
  }

  /**
   * Stores `write`'s effects and the message as processed, atomically, and returns the replies:
   * `replies` rendered, then the messages `write` returns. For the web channel the whole list is
   * stored with the message, for a resend whose answer was lost. Turns of other chats that finish
   * at the same moment share the commit (group commit); nothing is returned before it.
   */
  finish(msg: InboundMessage, now: Date, replies: RunOutput[], write: (tx: Tx) => Promise<OutgoingMessage[] | void>, scope: string): Promise<OutgoingMessage[]> {
    const rendered = renderOutputs(replies, scope);
    return this.commits.run(async (tx) => {
      const all = [...rendered, ...((await write(tx)) ?? [])];
      // Only the web chat resends; bot channels' replies, personal data, are not kept.
      const replies = jsonParam(this.deps.provider, msg.channel === "web" ? all : null);
      await tx.$executeRaw`INSERT INTO "ProcessedMessage" ("channel", "chatId", "messageId", "processedAt", "replies") VALUES (${msg.channel}, ${msg.chatId}, ${msg.messageId}, ${now}, ${replies})`;
      return all;
    });
  }

  /** `finish` for a turn that writes nothing but the message id. */
  reply(msg: InboundMessage, now: Date, replies: RunOutput[], scope: string): Promise<OutgoingMessage[]> {
    return this.finish(msg, now, replies, async () => undefined, scope);
  }

  /** The catalogues and strings the engine consults, as of `now`. */
  runContext(now: Date): ServiceContext {
    const today = toIsoDate(localDateInVietnam(now));
    return this.contextOn(today, this.lawAdvisor(today));
  }

  private contextOn(today: string, law: LawAdvisor | undefined): ServiceContext {
    const units = this.deps.units;
    const ctx: ServiceContext = { i18n: this.deps.i18n, units: units.runUnits(today), formerUnits: units.formerUnits(today), awards: this.deps.awards, contacts: this.deps.contacts ?? [] };
    return law ? { ...ctx, law } : ctx;
  }

  /**
   * The engine's context for a person and a flow. Every unit in force can be named, by everyone:
   * a nominee may live or work anywhere (a passer-by who rescued someone in the commune), and the
   * law has no such limit. Which council receives a nomination follows from the proposing
   * officer's unit instead (see submitRun's `proposingUnitId`). A secretary's review queue is
   * limited to their council's units.
   */
  async contextFor(person: Person, flow: Flow | null, now: Date, answers: Answers = {}): Promise<ServiceContext> {
    const today = toIsoDate(localDateInVietnam(now));
    let law: LawAdvisor | undefined;
    if (this.deps.law && flow?.record.startsWith("nomination")) {
      // A bound officer proposes for their unit: its chair is the one who decides. Once the answers
      // identify the nominee, their award history feeds the criteria ("3 lần liên tục …").
      const proposing = person.units.officer ?? null;
      const nominee = nomineeFromAnswers(flow.record, answers, proposing);
      const history = nominee ? await awardHistoryFor(this.deps.db, nominee) : undefined;
      law = this.lawAdvisor(today, proposing, history);
    } else law = this.lawAdvisor(today);
    const ctx = { ...this.contextOn(today, law), i18n: withRegister(this.deps.i18n, registerFor(person.roles)) };
    if (flow?.record === "council-review") {
      return { ...ctx, queue: await reviewQueue(this.deps.db, this.deps.units, person.units.secretary ?? null, this.deps.i18n, person.locale) };
    }
    if (flow?.record === "report-verification") {
      return { ...ctx, queue: await reportQueue(this.deps.db, this.deps.units, verificationScope(person.units), this.deps.i18n, person.locale) };
    }
    return ctx;
  }

  private lawAdvisor(today: string, proposingUnitId: string | null = null, history?: readonly PastAward[]): LawAdvisor | undefined {
    if (!this.deps.law) return undefined;
    return createLawAdvisor({ law: this.deps.law, chain: (id) => this.deps.units.chain(id), today, i18n: this.deps.i18n, proposingUnitId, ...(history ? { history } : {}) });
  }
}

/** The choices of the last message that offers some. */
function lastChoices(outputs: readonly RunOutput[]): readonly Choice[] {
  const last = outputs.findLast((o): o is Extract<RunOutput, { type: "say" }> => o.type === "say" && Boolean(o.choices?.length));
  return last?.choices ?? [];
}

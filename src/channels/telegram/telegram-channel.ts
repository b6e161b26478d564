/**
 * The Telegram channel (grammY). I/O only; the mappings are pure functions in
 * telegram-to-inbound.ts and render-telegram.ts.
 *
 * Delivery: an update's effects are stored by the conversation service (with its update id,
 * `u<update_id>`) before the update is confirmed. In polling mode the next getUpdates call with
 * a higher offset confirms a batch only after every update in it was handled; after a crash the
 * unconfirmed batch comes again and the service recognises each update and applies it once. In
 * webhook mode the HTTP answer is the confirmation, sent after the effects are stored. Updates of
 * one chat are handled in order; different chats concurrently, up to `concurrency`.
 *
 * Replies go through a per-chat send queue (about one message per second per chat) with
 * @grammyjs/auto-retry honouring 429 `retry_after`, so a reply may be late but is not dropped.
 *
 * Start-up never stops the process ({@link TelegramChannel.connect}): getMe, long polls and the
 * command menu go through a second client without auto-retry (which would retry a network error
 * silently, for up to an hour per call), and are retried by this channel with backoff and a
 * warning in the log.
 */
import { Api, Bot, GrammyError, InputFile } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { autoRetry } from "@grammyjs/auto-retry";
import type { ChannelCapabilities, ConversationHandler, DocumentFiles, InboundFile, OutgoingDocument, OutgoingMessage } from "../channel-port.ts";
import { asciiFileName } from "../../documents/document-links.ts";
import type { I18n, Lang } from "../../i18n/i18n.ts";
import type { Logger } from "../../log.ts";
import { ChatSendQueue } from "../chat-send-queue.ts";
import { inboundMessage } from "../inbound-message.ts";
import { BotChannelBase } from "../bot-channel-base.ts";
import { UpdatePoller } from "../update-poller.ts";
import { retryUntilDone } from "../retry-until-done.ts";
import { connectBot, type BotChannel } from "../bot-channel.ts";
import { TELEGRAM_WEBHOOK_PATH } from "./telegram-webhook.ts";
import { answeredQuestionText, renderTelegram, TELEGRAM_CAPABILITIES } from "./render-telegram.ts";
import { telegramToInbound, type TelegramFileRef } from "./telegram-to-inbound.ts";

export const DEFAULT_TELEGRAM_API_ROOT = "https://api.telegram.org";
/** Telegram's cloud Bot API does not let bots download files above 20 MB. */
const CLOUD_DOWNLOAD_LIMIT = 20 * 1024 * 1024;
export const ALLOWED_UPDATES = ["message", "callback_query"] as const;

export interface TelegramChannelOptions {
  token: string;
  apiRoot?: string;
  handler: ConversationHandler;
  i18n: I18n;
  log: Logger;
  /** Largest file accepted; capped at 20 MB on Telegram's own API root. */
  maxFileBytes: number;
  /** Minimum gap between two messages to the same chat. */
  sendIntervalMs?: number;
  /** Chats handled at the same time in polling mode. */
  concurrency?: number;
  /** Skips getMe at start (tests, or when known). */
  botInfo?: UserFromGetMe;
  /** Seconds Telegram holds a getUpdates call open. */
  pollTimeoutSeconds?: number;
  /** Waits between start-up attempts (tests shorten them); see {@link TelegramChannel.connect}. */
  retry?: Partial<ConnectRetry>;
  /** The bytes of documents sent with a reply (uploaded with sendDocument); absent: their links are sent as text. */
  documents?: DocumentFiles;
}

/** Waits between attempts of getMe (doubling from base to max) and of the command menu (likewise). */
export interface ConnectRetry {
  baseDelayMs: number;
  maxDelayMs: number;
  cosmeticBaseDelayMs: number;
  cosmeticMaxDelayMs: number;
}

const CONNECT_RETRY: ConnectRetry = { baseDelayMs: 1000, maxDelayMs: 60_000, cosmeticBaseDelayMs: 3 * 60_000, cosmeticMaxDelayMs: 30 * 60_000 };

export class TelegramChannel extends BotChannelBase<Update> implements BotChannel {
  readonly channel = "telegram" as const;
  readonly capabilities: ChannelCapabilities = TELEGRAM_CAPABILITIES;
  readonly label = "Telegram";
  readonly webhook = { path: TELEGRAM_WEBHOOK_PATH, registerWith: "npm run telegram:webhook" } as const;
  readonly bot: Bot;
  protected override readonly queue: ChatSendQueue;
  private readonly apiRoot: string;
  private readonly maxFileBytes: number;
  protected override readonly poller: UpdatePoller<Update>;
  /** The same Bot API without auto-retry: for calls this channel retries itself. */
  private readonly bareApi: Api;

  constructor(private readonly opts: TelegramChannelOptions) {
    super();
    this.apiRoot = (opts.apiRoot ?? DEFAULT_TELEGRAM_API_ROOT).replace(/\/$/, "");
    this.bot = new Bot(opts.token, { client: { apiRoot: this.apiRoot }, ...(opts.botInfo ? { botInfo: opts.botInfo } : {}) });
    this.bareApi = new Api(opts.token, { apiRoot: this.apiRoot });
    this.bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 600, rethrowInternalServerErrors: false, rethrowHttpErrors: false }));
    this.maxFileBytes = this.apiRoot === DEFAULT_TELEGRAM_API_ROOT ? Math.min(opts.maxFileBytes, CLOUD_DOWNLOAD_LIMIT) : opts.maxFileBytes;
    this.queue = new ChatSendQueue({
      intervalMs: opts.sendIntervalMs ?? 1000,
      log: opts.log,
      redact: (t) => this.redact(t),
      isPermanent: (err) => err instanceof GrammyError && err.error_code >= 400 && err.error_code < 500 && err.error_code !== 429,
    });
    let offset: number | undefined;
    this.poller = new UpdatePoller({
      // The offset sent with the next call confirms this batch; that call is made only once every
      // update of the batch was handled.
      poll: async (signal) => {
        const updates = await this.bareApi.getUpdates(
          { ...(offset !== undefined ? { offset } : {}), timeout: opts.pollTimeoutSeconds ?? 30, allowed_updates: [...ALLOWED_UPDATES] },
          // grammY types its signal with the abort-controller polyfill; Node's own is compatible.
          signal as unknown as Parameters<Api["getUpdates"]>[1],
        );
        if (updates.length > 0) offset = Math.max(...updates.map((u) => u.update_id)) + 1;
        return updates;
      },
      chatOf: (u) => String(u.message?.chat.id ?? u.callback_query?.message?.chat.id ?? u.callback_query?.from.id ?? `update-${u.update_id}`),
      handle: (u) => this.handleUpdate(u),
      concurrency: opts.concurrency ?? 8,
      log: opts.log,
      name: "telegram",
      describe: (err) => this.describe(err),
    });
  }

  get api(): Api {
    return this.bot.api;
  }

  /** Fetches the bot's identity (unless given) and registers the command menu in vi and en; throws on any failure. */
  async init(): Promise<void> {
    await this.bot.init();
    await this.registerCommands();
  }

  /** Whether the bot knows its identity (from getMe or the options), which reading updates needs. */
  get ready(): boolean {
    return this.bot.isInited();
  }

  /**
   * Brings the bot up in the background and never throws, so that a Telegram outage or a Bot API
   * server without some method does not stop the web chat or the other channels:
   * 1. getMe, retried with backoff (1 s doubling up to a minute, a warning each time) until it succeeds;
   * 2. then long polling, when `polling` (a failed poll is retried by the poller likewise), and `onReady`;
   * 3. then the command menu, which is cosmetic: on failure a warning, and another try some minutes
   *    later (3 min doubling up to 30), until it succeeds.
   * {@link stop} ends every retry. Resolves true once the bot is ready, false if stopped first.
   */
  async connect(opts: { polling: boolean; onReady?: () => void }): Promise<boolean> {
    const retry = { ...CONNECT_RETRY, ...this.opts.retry };
    const signal = this.stopping.signal;
    const ready = await connectBot({
      identify: async (s) => {
        if (!this.bot.isInited()) this.bot.botInfo = await this.bareApi.getMe(s as unknown as Parameters<Api["getMe"]>[0]);
      },
      startPolling: () => this.startPolling(),
      polling: opts.polling,
      ...(opts.onReady ? { onReady: opts.onReady } : {}),
      signal,
      log: this.opts.log,
      name: "telegram",
      describe: (err) => this.describe(err),
      baseDelayMs: retry.baseDelayMs,
      maxDelayMs: retry.maxDelayMs,
    });
    if (!ready) return false;
    // Not awaited, by anyone: stop() aborts the call in progress and the wait.
    void retryUntilDone({
      attempt: (s) => this.registerCommands(this.bareApi, s),
      signal,
      log: this.opts.log,
      message: "telegram command menu not set (cosmetic); trying again later",
      describe: (err) => this.describe(err),
      baseDelayMs: retry.cosmeticBaseDelayMs,
      maxDelayMs: retry.cosmeticMaxDelayMs,
    });
    return true;
  }

  /** The bot's username, for the log line that says it is ready. */
  readyDetails(): Record<string, unknown> {
    return { bot: this.bot.botInfo.username };
  }

  /** {@link ChannelAdapter.start}: connects and long-polls (webhook mode: {@link startBotChannel}). */
  async start(): Promise<void> {
    await this.connect({ polling: true });
  }

  /** The command menu in vi (also the default) and en. */
  private async registerCommands(api: Api = this.bot.api, signal?: AbortSignal): Promise<void> {
    const commands = (lang: Lang) =>
      ["start", "baotin", "dexuat", "dexuattapthe", "dexuathogiadinh", "themnguoi", "trangthai", "taihoso", "huy", "trogiup", "ngonngu"].map((command) => ({
        command,
        description: this.opts.i18n.t(lang, `telegram.command.${command}`),
      }));
    // grammY types its signal with the abort-controller polyfill; Node's own is compatible.
    const s = signal as unknown as Parameters<Api["setMyCommands"]>[2];
    await api.setMyCommands(commands("vi"), {}, s);
    await api.setMyCommands(commands("vi"), { language_code: "vi" }, s);
    await api.setMyCommands(commands("en"), { language_code: "en" }, s);
  }

  /** Handles one update; never throws. Resolves once its effects are stored (replies may still be queued). */
  async handleUpdate(update: Update): Promise<void> {
    const work = this.process(update).catch((err: unknown) => {
      this.opts.log.error({ updateId: update.update_id, error: this.describe(err) }, "telegram update failed");
    });
    await this.track(work);
  }

  private async process(update: Update): Promise<void> {
    const inbound = telegramToInbound(update, this.bot.botInfo.username);
    switch (inbound.kind) {
      case "ignored":
        this.opts.log.debug({ updateId: inbound.updateId, reason: inbound.reason }, "telegram update ignored");
        return;
      case "group": {
        if (!inbound.addressed) return;
        const lang = langOf(inbound.languageCode);
        const link = `https://t.me/${this.bot.botInfo.username}`;
        void this.sendTexts(inbound.chatId, [{ text: this.opts.i18n.t(lang, "telegram.group.private_only", { link }) }]);
        return;
      }
      case "button": {
        void this.queue.push(inbound.chatId, "answerCallbackQuery", () => this.bot.api.answerCallbackQuery(inbound.callbackQueryId));
        const replies = await this.opts.handler.handle(inboundMessage("telegram", inbound, { button: { scope: inbound.scope, index: inbound.index } }));
        if (replies.length > 0 && inbound.questionMessageId !== undefined && inbound.questionText && inbound.label) {
          const text = answeredQuestionText(inbound.questionText, inbound.label);
          const messageId = inbound.questionMessageId;
          void this.queue.push(inbound.chatId, "editMessageText", () => this.bot.api.editMessageText(Number(inbound.chatId), messageId, text));
        }
        void this.sendTexts(inbound.chatId, replies);
        return;
      }
      case "message": {
        const files = await Promise.all(inbound.files.map((f) => this.download(f)));
        const replies = await this.opts.handler.handle(inboundMessage("telegram", inbound, { text: inbound.text, files }));
        void this.sendTexts(inbound.chatId, replies);
        return;
      }
    }
  }

  /** Downloads a file unless Telegram announced it as too large; then only its size is passed on. */
  private async download(ref: TelegramFileRef): Promise<InboundFile> {
    const named = ref.fileName ? { fileName: ref.fileName } : {};
    if (ref.size !== undefined && ref.size > this.maxFileBytes) return { bytes: new Uint8Array(0), declaredSize: ref.size, ...named };
    const file = await this.bot.api.getFile(ref.fileId);
    const size = file.file_size ?? ref.size;
    if (size !== undefined && size > this.maxFileBytes) return { bytes: new Uint8Array(0), declaredSize: size, ...named };
    if (!file.file_path) throw new Error(`getFile returned no file_path for ${ref.fileId}`);
    const res = await fetch(`${this.apiRoot}/file/bot${this.opts.token}/${file.file_path}`);
    if (!res.ok) throw new Error(`file download failed with HTTP ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { bytes, ...named, ...(size !== undefined ? { declaredSize: size } : {}) };
  }

  /** {@link ChannelSender}: queues messages to a chat. */
  async send(chatId: string, messages: readonly OutgoingMessage[]): Promise<void> {
    await this.sendTexts(chatId, messages);
  }

  private sendTexts(chatId: string, messages: readonly OutgoingMessage[]): Promise<void> {
    const sends = messages.flatMap((m) => [
      ...renderTelegram(m).map((part) =>
        this.queue.push(chatId, "sendMessage", () =>
          this.bot.api.sendMessage(Number(chatId), part.text, part.reply_markup ? { reply_markup: part.reply_markup } : {}),
        ),
      ),
      ...(m.documents ?? []).map((d) => this.queue.push(chatId, "sendDocument", () => this.sendDocument(chatId, d))),
    ]);
    return Promise.all(sends).then(() => undefined);
  }

  /**
   * Uploads one document (multipart, read when its turn in the chat's queue comes, so bytes are not
   * held meanwhile) under an ASCII file name; a document that is gone is logged and skipped. Without
   * {@link TelegramChannelOptions.documents} only its file name is sent, as text.
   */
  private async sendDocument(chatId: string, document: OutgoingDocument): Promise<unknown> {
    const files = this.opts.documents;
    if (!files) return this.bot.api.sendMessage(Number(chatId), document.fileName);
    const found = await files.read(document.id);
    if (!found) {
      this.opts.log.warn({ documentId: document.id }, "document to send is gone; skipped");
      return undefined;
    }
    return this.bot.api.sendDocument(Number(chatId), new InputFile(found.bytes, asciiFileName(found.fileName)));
  }

  private redact(text: string): string {
    return text.split(this.opts.token).join("[token]");
  }

  private describe(err: unknown): string {
    const e = err as Error;
    return this.redact(`${e?.name ?? "Error"}: ${e?.message ?? String(err)}`);
  }
}

function langOf(code: string | undefined): Lang {
  return code?.startsWith("en") ? "en" : "vi";
}


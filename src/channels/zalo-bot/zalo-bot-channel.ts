/**
 * The official Zalo Bot Platform channel ("zalo-bot"). I/O only; the mappings are pure functions
 * in zalo-bot-to-inbound.ts and render-zalo-bot.ts. All network access (API calls and picture
 * downloads) goes through one injectable `fetch`.
 *
 * Delivery: Zalo's getUpdates has no offset, so an update is consumed as soon as a poll returns
 * it. The loop therefore takes one batch at a time and asks for the next only after every update
 * in hand was handled (its effects stored by the service, with its id `z<message_id>`); what a
 * hard kill can lose is that one batch. In webhook mode the HTTP answer is sent after the effects
 * are stored, and a retried update is recognised by its id and applied once. One chat's updates
 * are handled in order.
 *
 * Replies go through the per-chat send queue shared with Telegram (a gap between two messages to a
 * chat, retries with backoff), preceded by a best-effort "typing" chat action. Zalo has no buttons:
 * choices are numbered lines, and a number typed after them is passed on as the pressed choice of
 * that question (checked against the question by the service), so yes/no questions and "Xong"
 * can be answered by number too.
 */
import { z } from "zod";
import type { ChannelCapabilities, ConversationHandler, DocumentFiles, InboundFile, OutgoingMessage } from "../channel-port.ts";
import type { I18n } from "../../i18n/i18n.ts";
import type { Logger } from "../../log.ts";
import { ChatSendQueue } from "../chat-send-queue.ts";
import { inboundMessage } from "../inbound-message.ts";
import { BotChannelBase } from "../bot-channel-base.ts";
import { UpdatePoller } from "../update-poller.ts";
import { DEFAULT_ZALO_BOT_BASE_URL } from "./zalo-bot-config.ts";
import { connectBot, type BotChannel } from "../bot-channel.ts";
import { ZALO_BOT_WEBHOOK_PATH } from "./zalo-bot-webhook.ts";
import { renderZaloBot, ZALO_BOT_CAPABILITIES } from "./render-zalo-bot.ts";
import { downloadCapped } from "../../attachments/download-capped.ts";
import { zaloBotChatId, zaloBotToInbound, zaloBotUpdates } from "./zalo-bot-to-inbound.ts";

/** The remote answered and said no (`ok: false`): its error code and description. */
export class ZaloBotApiError extends Error {
  override readonly name = "ZaloBotApiError";
  constructor(
    readonly method: string,
    readonly errorCode: number,
    readonly description: string,
  ) {
    super(`${method} refused: ${errorCode} ${description}`);
  }
}

/** The remote could not be reached, timed out, or answered something that is not the Bot API. */
export class ZaloBotHttpError extends Error {
  override readonly name = "ZaloBotHttpError";
  constructor(
    readonly method: string,
    detail: string,
  ) {
    super(`${method} failed: ${detail}`);
  }
}

const answerSchema = z.union([
  z.looseObject({ ok: z.literal(true), result: z.unknown().optional() }),
  z.looseObject({ ok: z.literal(false), error_code: z.number().optional(), description: z.string().optional() }),
]);

/** What getMe answers (fields as in the third-party docs; others are kept). */
export interface ZaloBotInfo {
  id?: string;
  account_name?: string;
  account_type?: string;
  [key: string]: unknown;
}

export interface ZaloBotApiOptions {
  token: string;
  baseUrl?: string;
  fetch?: typeof fetch;
}

/**
 * A thin client of the Bot API: `POST {baseUrl}/bot{token}/{method}` with a JSON body. Throws
 * {@link ZaloBotApiError} when Zalo says no, {@link ZaloBotHttpError} when it cannot be reached;
 * neither message contains the token.
 */
export class ZaloBotApi {
  readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly opts: ZaloBotApiOptions) {
    this.baseUrl = (opts.baseUrl ?? DEFAULT_ZALO_BOT_BASE_URL).replace(/\/+$/, "");
    this.fetchFn = opts.fetch ?? fetch;
  }

  async call<T = unknown>(method: string, params: Record<string, unknown> = {}, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<T> {
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? 30_000);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await this.fetchFn(`${this.baseUrl}/bot${this.opts.token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(params),
        signal,
      });
    } catch (err) {
      throw new ZaloBotHttpError(method, this.redact(describeError(err)));
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new ZaloBotHttpError(method, `HTTP ${res.status} without a JSON answer`);
    }
    const answer = answerSchema.safeParse(body);
    if (!answer.success) throw new ZaloBotHttpError(method, `HTTP ${res.status} with an answer that is not the Bot API's`);
    if (answer.data.ok) return answer.data.result as T;
    throw new ZaloBotApiError(method, answer.data.error_code ?? res.status, this.redact(answer.data.description ?? `HTTP ${res.status}`));
  }

  getMe(): Promise<ZaloBotInfo> {
    return this.call<ZaloBotInfo>("getMe");
  }

  /**
   * One long poll. Zalo answers 408 "Request timeout" when nothing came in time: that is an
   * empty poll, not an error.
   */
  async getUpdates(timeoutSeconds: number, signal?: AbortSignal): Promise<unknown[]> {
    try {
      // The docs type `timeout` as a string.
      const result = await this.call("getUpdates", { timeout: String(timeoutSeconds) }, { ...(signal ? { signal } : {}), timeoutMs: (timeoutSeconds + 15) * 1000 });
      return zaloBotUpdates(result);
    } catch (err) {
      if (err instanceof ZaloBotApiError && err.errorCode === 408) return [];
      throw err;
    }
  }

  sendMessage(chatId: string, text: string): Promise<unknown> {
    return this.call("sendMessage", { chat_id: chatId, text });
  }

  sendPhoto(chatId: string, photoUrl: string, caption?: string): Promise<unknown> {
    return this.call("sendPhoto", { chat_id: chatId, photo: photoUrl, ...(caption ? { caption } : {}) });
  }

  sendChatAction(chatId: string, action: "typing" | "upload_photo" = "typing", opts: { timeoutMs?: number } = {}): Promise<unknown> {
    return this.call("sendChatAction", { chat_id: chatId, action }, opts);
  }

  /** Zalo then POSTs every update to `url` with the secret in `X-Bot-Api-Secret-Token`. */
  setWebhook(url: string, secretToken: string): Promise<unknown> {
    return this.call("setWebhook", { url, secret_token: secretToken });
  }

  deleteWebhook(): Promise<unknown> {
    return this.call("deleteWebhook");
  }

  getWebhookInfo(): Promise<{ url?: string; updated_at?: number; [key: string]: unknown }> {
    return this.call("getWebhookInfo");
  }

  /** The text with the token replaced by `[token]`. */
  redact(text: string): string {
    return text.split(this.opts.token).join("[token]");
  }
}

export interface ZaloBotChannelOptions {
  token: string;
  /** API server; defaults to {@link DEFAULT_ZALO_BOT_BASE_URL}. */
  baseUrl?: string;
  handler: ConversationHandler;
  i18n: I18n;
  log: Logger;
  /** Largest picture downloaded; a larger one is refused without reading past this size. */
  maxFileBytes: number;
  /** Minimum gap between two messages to the same chat (default 1000 ms). */
  sendIntervalMs?: number;
  /** The one network seam (API calls and picture downloads); tests pass their own. */
  fetch?: typeof fetch;
  /** Seconds Zalo holds a getUpdates call open (default 30). */
  pollTimeoutSeconds?: number;
  /** Chats handled at the same time in polling mode. */
  concurrency?: number;
  /** Waits between getMe attempts at start, doubling from base to max (default 1 s to 1 min). */
  retry?: { baseDelayMs: number; maxDelayMs: number };
  /** Signed links to documents sent with a reply (the platform has no file message); absent: names only. */
  documents?: Pick<DocumentFiles, "link">;
}

/** Chats whose last numbered choices are remembered (the oldest are forgotten first). */
const DOWNLOAD_TIMEOUT_MS = 60_000;
const TYPING_TIMEOUT_MS = 3_000;

export class ZaloBotChannel extends BotChannelBase<unknown> implements BotChannel {
  readonly channel = "zalo-bot" as const;
  readonly capabilities: ChannelCapabilities = ZALO_BOT_CAPABILITIES;
  readonly label = "Zalo Bot Platform";
  readonly webhook = { path: ZALO_BOT_WEBHOOK_PATH, registerWith: "npm run zalo-bot:webhook" } as const;
  readonly api: ZaloBotApi;
  private readonly fetchFn: typeof fetch;
  protected override readonly queue: ChatSendQueue;
  protected override readonly poller: UpdatePoller<unknown>;

  constructor(private readonly opts: ZaloBotChannelOptions) {
    super();
    this.fetchFn = opts.fetch ?? fetch;
    this.api = new ZaloBotApi({ token: opts.token, fetch: this.fetchFn, ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}) });
    this.queue = new ChatSendQueue({
      intervalMs: opts.sendIntervalMs ?? 1000,
      log: opts.log,
      redact: (t) => this.api.redact(t),
      isPermanent: (err) => err instanceof ZaloBotApiError && err.errorCode >= 400 && err.errorCode < 500 && err.errorCode !== 429 && err.errorCode !== 408,
    });
    this.poller = new UpdatePoller({
      poll: (signal) => this.api.getUpdates(opts.pollTimeoutSeconds ?? 30, signal),
      chatOf: (u, i) => zaloBotChatId(u) ?? `unreadable-${i}`,
      handle: (u) => this.handleUpdate(u),
      concurrency: opts.concurrency ?? 8,
      log: opts.log,
      name: "zalo-bot",
      describe: (err) => this.describe(err),
    });
  }

  /** Checks the token with getMe (fails loudly on a wrong one) and returns the bot's identity. */
  init(): Promise<ZaloBotInfo> {
    return this.api.getMe();
  }

  /**
   * Brings the bot up in the background and never throws, so that a Zalo outage does not stop the
   * web chat or the other channels: getMe (the token check), retried with backoff and a warning
   * until it succeeds, then long polling when `polling`, then `onReady`. {@link stop} ends the
   * retries. Resolves true once started, false if stopped first.
   */
  async connect(opts: { polling: boolean; onReady?: () => void }): Promise<boolean> {
    return connectBot({
      identify: () => this.api.getMe().then(() => undefined),
      startPolling: () => this.startPolling(),
      polling: opts.polling,
      ...(opts.onReady ? { onReady: opts.onReady } : {}),
      signal: this.stopping.signal,
      log: this.opts.log,
      name: "zalo-bot",
      describe: (err) => this.describe(err),
      baseDelayMs: this.opts.retry?.baseDelayMs ?? 1000,
      maxDelayMs: this.opts.retry?.maxDelayMs ?? 60_000,
    });
  }

  /** {@link ChannelAdapter.start}: connects and long-polls (webhook mode: {@link startBotChannel}). */
  async start(): Promise<void> {
    await this.connect({ polling: true });
  }

  /**
   * Handles one update (bare or wrapped in `{ ok, result }`); never throws. Resolves once its
   * effects are stored (replies may still be queued).
   */
  async handleUpdate(update: unknown): Promise<void> {
    const work = this.process(update).catch((err: unknown) => {
      this.opts.log.error({ error: this.describe(err) }, "zalo-bot update failed");
    });
    await this.track(work);
  }

  private async process(update: unknown): Promise<void> {
    const inbound = zaloBotToInbound(update);
    const t = (key: string) => this.opts.i18n.t("vi", key);
    switch (inbound.kind) {
      case "ignored":
        this.opts.log.debug({ reason: inbound.reason }, "zalo-bot update ignored");
        return;
      case "unsupported":
        // Not passed to the service: there is nothing to store, only a polite answer. The person's
        // language is unknown here, so it is Vietnamese.
        this.opts.log.info({ messageId: inbound.messageId, eventName: inbound.eventName }, "zalo-bot message kind not supported");
        void this.sendTexts(inbound.chatId, [{ text: t("zalo-bot.unsupported") }]);
        return;
      case "message": {
        let files: InboundFile[] | undefined;
        if (inbound.imageUrl) {
          try {
            files = [await this.download(inbound.imageUrl)];
          } catch (err) {
            // Not stored as processed: a re-delivery of the same update tries again.
            this.opts.log.warn({ messageId: inbound.messageId, error: this.describe(err) }, "zalo-bot picture download failed");
            void this.sendTexts(inbound.chatId, [{ text: t("zalo-bot.download_failed") }]);
            return;
          }
        }
        const replies = await this.opts.handler.handle(inboundMessage("zalo-bot", inbound, { text: inbound.text, files }));
        void this.sendTexts(inbound.chatId, replies);
        return;
      }
    }
  }

  /** Downloads a picture, never reading past the cap (a longer one is passed on as too large). */
  private download(url: string): Promise<InboundFile> {
    const fileName = fileNameOf(url);
    return downloadCapped(this.fetchFn, url, this.opts.maxFileBytes, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), ...(fileName ? { fileName } : {}) });
  }

  /** {@link ChannelSender}: queues messages to a chat (reminders). */
  async send(chatId: string, messages: readonly OutgoingMessage[]): Promise<void> {
    await this.sendTexts(chatId, messages);
  }

  /**
   * Queues every part of every message, in order, synchronously (so batches of one chat never
   * interleave). A "typing" action goes out first; the first part waits for it, briefly, and a
   * failed action is ignored.
   */
  private sendTexts(chatId: string, messages: readonly OutgoingMessage[]): Promise<void> {
    const link = this.opts.documents ? (id: string) => this.opts.documents!.link(id) : undefined;
    const parts = messages.flatMap((m) => renderZaloBot(m, link));
    if (parts.length === 0) return Promise.resolve();
    const typing = this.api.sendChatAction(chatId, "typing", { timeoutMs: TYPING_TIMEOUT_MS }).then(
      () => undefined,
      (err: unknown) => this.opts.log.debug({ chatId, error: this.describe(err) }, "typing action not sent (ignored)"),
    );
    const sends = parts.map((text, i) =>
      this.queue.push(chatId, "sendMessage", async () => {
        if (i === 0) await typing;
        await this.api.sendMessage(chatId, text);
      }),
    );
    return Promise.all(sends).then(() => undefined);
  }

  private describe(err: unknown): string {
    return this.api.redact(describeError(err));
  }
}

function describeError(err: unknown): string {
  const e = err as Error & { cause?: unknown };
  const cause = e?.cause instanceof Error ? ` (${e.cause.message})` : "";
  return `${e?.name ?? "Error"}: ${e?.message ?? String(err)}${cause}`;
}

/** The last path segment when it looks like a file name ("abc.jpg"); the type is sniffed anyway. */
function fileNameOf(url: string): string | undefined {
  try {
    const last = decodeURIComponent(new URL(url).pathname.split("/").at(-1) ?? "");
    return /^[\w.-]{1,120}\.[A-Za-z0-9]{2,5}$/.test(last) ? last : undefined;
  } catch {
    return undefined;
  }
}


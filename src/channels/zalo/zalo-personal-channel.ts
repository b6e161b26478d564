/**
 * The Zalo personal-account channel (zca-js behind {@link ZaloConnector}). I/O and supervision;
 * the mappings are pure (zalo-to-inbound.ts, render-text.ts).
 *
 * Staying alive: a supervisor logs in from the stored credentials, restarts the listener with
 * backoff after `closed`/`error`, saves refreshed cookies every `keepWarmMs`, and gives up — loudly,
 * in the log and to the admins on another channel — after `maxRestarts` failures in a row or when
 * another session took the account over (DuplicateConnection, KickConnection). Messages that
 * arrive while the listener is down are Zalo's to keep, not ours; a message received twice is
 * applied once (its id is stored with its effects).
 *
 * Send discipline, so the account is not burned: one account-wide queue with a minimum gap between
 * sends, replies only to people who wrote first, and a circuit breaker on Zalo's 221 (too many
 * requests) and repeated 122 (recipient blocks strangers). A reply that cannot be sent is retried
 * later with backoff and logged.
 */
import type { ChannelAdapter, ChannelCapabilities, ConversationHandler, DocumentFiles, InboundFile, OutgoingDocument, OutgoingMessage } from "../channel-port.ts";
import type { I18n } from "../../i18n/i18n.ts";
import type { Logger } from "../../log.ts";
import { KeyedMutex } from "../../concurrency/keyed-mutex.ts";
import { downloadCapped } from "../../attachments/download-capped.ts";
import { documentLinkLines, renderText } from "../render-text.ts";
import { ChatSendQueue } from "../chat-send-queue.ts";
import { inboundMessage } from "../inbound-message.ts";
import { InFlight } from "../in-flight.ts";
import { CircuitBreaker } from "./circuit-breaker.ts";
import type { CredentialStore } from "./credential-store.ts";
import { zaloToInbound } from "./zalo-to-inbound.ts";
import {
  CLOSE_DUPLICATE_CONNECTION,
  CLOSE_KICK_CONNECTION,
  ZALO_BLOCKS_STRANGERS,
  ZALO_TOO_MANY_REQUESTS,
  ZaloSendError,
  type ZaloConnector,
  type ZaloIncoming,
  type ZaloSession,
} from "./zalo-personal-port.ts";

/** Zalo shows long messages, but shorter ones read better on a phone and split at safe points. */
export const ZALO_CAPABILITIES: ChannelCapabilities = { buttons: false, maxTextLength: 1800 };

export type ZaloChannelStatus = "idle" | "connecting" | "running" | "backoff" | "stopped" | "gave-up";

export interface ZaloPersonalOptions {
  connector: ZaloConnector;
  store: CredentialStore;
  handler: ConversationHandler;
  i18n: I18n;
  log: Logger;
  maxFileBytes: number;
  /** Minimum gap between two sends of the account (all chats together). */
  sendIntervalMs: number;
  /** First cool-down of the circuit breaker after a 221. */
  circuitCooldownMs: number;
  /** Failed (re)connections in a row before the supervisor gives up. */
  maxRestarts: number;
  restartBaseMs?: number;
  restartMaxMs?: number;
  /** A session that ran at least this long before closing counts as healthy (failures reset). */
  stableMs?: number;
  /** How often refreshed cookies are saved. */
  keepWarmMs?: number;
  /** Retries of one reply before it is logged as lost. */
  sendAttempts?: number;
  sendRetryBaseMs?: number;
  /** Tells the admins on another channel (Telegram…) that the Zalo account needs attention. */
  alert?: (text: string) => Promise<void>;
  /** Whether a person wrote to the account first; defaults to "has written since start". */
  wroteFirst?: (chatId: string) => Promise<boolean>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** The bytes of documents sent with a reply (attachments) and their links (when Zalo refuses one). */
  documents?: DocumentFiles;
}

export class ZaloPersonalChannel implements ChannelAdapter {
  readonly channel = "zalo" as const;
  readonly capabilities = ZALO_CAPABILITIES;
  private session: ZaloSession | null = null;
  private state: ZaloChannelStatus = "idle";
  private stopRequested = false;
  /** Resolves when stop() is called; every wait of the supervisor races against it. */
  private stopSignal: Promise<null> = new Promise(() => undefined);
  private requestStop: () => void = () => undefined;
  private supervisor: Promise<void> | null = null;
  private readonly chats = new KeyedMutex();
  private readonly queue: ChatSendQueue;
  readonly breaker: CircuitBreaker;
  private readonly seen = new Set<string>();
  private readonly inFlight = new InFlight();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: ZaloPersonalOptions) {
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.breaker = new CircuitBreaker({ cooldownMs: opts.circuitCooldownMs, sleep: this.sleep });
    this.queue = new ChatSendQueue({
      intervalMs: opts.sendIntervalMs,
      log: opts.log,
      maxAttempts: opts.sendAttempts ?? 8,
      retryBaseMs: opts.sendRetryBaseMs ?? 2000,
      sleep: this.sleep,
      isPermanent: (err) => err instanceof ZaloSendError && err.code === ZALO_BLOCKS_STRANGERS,
    });
  }

  get status(): ZaloChannelStatus {
    return this.state;
  }

  /** Starts the supervisor; resolves once the first connection attempt is over. */
  async start(): Promise<void> {
    if (this.supervisor) return;
    this.stopRequested = false;
    this.stopSignal = new Promise<null>((resolve) => {
      this.requestStop = () => resolve(null);
    });
    let firstAttempt!: () => void;
    const attempted = new Promise<void>((r) => (firstAttempt = r));
    this.supervisor = this.supervise(firstAttempt);
    await attempted;
  }

  private async supervise(firstAttempt: () => void): Promise<void> {
    let failures = 0;
    const base = this.opts.restartBaseMs ?? 2000;
    while (!this.stopRequested) {
      let closedBy: { code: number; reason: string } | null = null;
      try {
        const credentials = await this.opts.store.load();
        if (!credentials) {
          this.state = "stopped";
          this.opts.log.error({ file: this.opts.store.path }, "no Zalo credentials: run npm run zalo:login");
          firstAttempt();
          return;
        }
        this.state = "connecting";
        const session = await this.opts.connector.connect(credentials);
        const startedAt = Date.now();
        closedBy = await this.runSession(session, firstAttempt);
        if (Date.now() - startedAt >= (this.opts.stableMs ?? 60_000)) failures = 0;
      } catch (err) {
        this.opts.log.warn({ error: String((err as Error)?.message ?? err) }, "Zalo connection failed");
        failures++;
      }
      firstAttempt();
      if (this.stopRequested) break;
      if (closedBy && (closedBy.code === CLOSE_DUPLICATE_CONNECTION || closedBy.code === CLOSE_KICK_CONNECTION)) {
        await this.giveUp(`Zalo closed the session (${closedBy.code} ${closedBy.reason}): the account was opened elsewhere. Log in again with npm run zalo:login.`);
        return;
      }
      if (closedBy) failures++;
      if (failures >= this.opts.maxRestarts) {
        await this.giveUp(`Zalo listener failed ${failures} times in a row; stopped retrying. Check the account and run npm run zalo:login.`);
        return;
      }
      this.state = "backoff";
      const delay = Math.min(this.opts.restartMaxMs ?? 300_000, base * 2 ** Math.max(0, failures - 1));
      this.opts.log.warn({ delayMs: delay, failures }, "Zalo listener will restart");
      await Promise.race([this.sleep(delay), this.stopSignal]);
    }
    this.state = "stopped";
  }

  /** Runs one logged-in session until it closes or the channel stops. */
  private async runSession(session: ZaloSession, started: () => void): Promise<{ code: number; reason: string } | null> {
    const closed = new Promise<{ code: number; reason: string }>((resolve) => {
      session.on("closed", (code, reason) => resolve({ code, reason }));
      session.on("error", (err) => {
        this.opts.log.warn({ error: String((err as Error)?.message ?? err) }, "Zalo listener error");
        resolve({ code: -1, reason: "error" });
      });
    });
    session.on("message", (m) => this.onMessage(m));
    session.start();
    this.session = session;
    // The refreshed cookies are on disk before the channel reports itself running.
    await this.saveCredentials(session);
    this.state = "running";
    this.opts.log.info("Zalo listener running");
    started();
    const warm = setInterval(() => void this.saveCredentials(session), this.opts.keepWarmMs ?? 30 * 60_000);
    warm.unref?.();
    const result = await Promise.race([closed, this.stopSignal]);
    clearInterval(warm);
    this.session = null;
    try {
      session.stop();
    } catch {
      // already closed
    }
    if (result) this.opts.log.warn({ code: result.code, reason: result.reason }, "Zalo listener closed");
    return result;
  }

  private async saveCredentials(session: ZaloSession): Promise<void> {
    try {
      await this.opts.store.save(await session.credentials());
    } catch (err) {
      this.opts.log.warn({ error: String((err as Error)?.message ?? err) }, "could not save refreshed Zalo cookies");
    }
  }

  private async giveUp(text: string): Promise<void> {
    this.state = "gave-up";
    this.opts.log.error(text);
    try {
      await this.opts.alert?.(text);
    } catch (err) {
      this.opts.log.error({ error: String((err as Error)?.message ?? err) }, "could not alert the admins");
    }
  }

  private onMessage(m: ZaloIncoming): void {
    const inbound = zaloToInbound(m);
    if (inbound.kind === "ignored") return;
    this.seen.add(inbound.chatId);
    const work = this.chats
      .run(inbound.chatId, async () => {
        if (inbound.kind === "unsupported") {
          await this.send(inbound.chatId, [{ text: this.opts.i18n.t("vi", "zalo.unsupported") }]);
          return;
        }
        const files: InboundFile[] = inbound.fileUrl
          ? [await downloadCapped(this.opts.fetch ?? fetch, inbound.fileUrl, this.opts.maxFileBytes, inbound.fileName ? { fileName: inbound.fileName } : {})]
          : [];
        const replies = await this.opts.handler.handle(inboundMessage("zalo", inbound, { text: inbound.text, files }));
        await this.send(inbound.chatId, replies);
      })
      .catch((err: unknown) => {
        this.opts.log.error({ messageId: `z${m.msgId}`, error: String((err as Error)?.message ?? err) }, "Zalo message failed");
      });
    void this.inFlight.track(work);
  }

  /** {@link ChannelAdapter.send}: queues text to a person who wrote first; refuses anyone else. */
  async send(chatId: string, messages: readonly OutgoingMessage[]): Promise<void> {
    const wroteFirst = this.seen.has(chatId) || (await this.opts.wroteFirst?.(chatId)) === true;
    if (!wroteFirst) {
      this.opts.log.warn({ chatId }, "not sending on Zalo to someone who has not written first");
      return;
    }
    const sends = messages.flatMap((m) => [
      ...renderText(m, ZALO_CAPABILITIES).map((text) => this.queue.push("account", "sendMessage", () => this.sendNow((s) => s.sendText(chatId, text)))),
      ...(m.documents ?? []).map((d) => this.queue.push("account", "sendFile", () => this.sendDocument(chatId, d))),
    ]);
    await Promise.all(sends);
  }

  /**
   * A document as an attachment (bytes read when its turn comes); if Zalo refuses the upload, its
   * signed link as text instead. Without {@link ZaloPersonalOptions.documents}, its name.
   */
  private async sendDocument(chatId: string, document: OutgoingDocument): Promise<void> {
    const files = this.opts.documents;
    const found = files ? await files.read(document.id) : null;
    if (!files || !found) {
      if (files) this.opts.log.warn({ documentId: document.id }, "document to send is gone; skipped");
      else await this.sendNow((s) => s.sendText(chatId, documentLinkLines({ text: "", documents: [document] })));
      return;
    }
    try {
      await this.sendNow((s) => s.sendFile(chatId, { bytes: found.bytes, fileName: found.fileName }));
    } catch (err) {
      this.opts.log.warn({ documentId: document.id, error: String((err as Error)?.message ?? err) }, "Zalo refused the file; its link is sent instead");
      await this.sendNow((s) => s.sendText(chatId, documentLinkLines({ text: "", documents: [document] }, (id) => files.link(id))));
    }
  }

  private async sendNow(send: (session: ZaloSession) => Promise<void>): Promise<void> {
    await this.breaker.beforeSend();
    const session = this.session;
    if (!session) throw new Error("Zalo listener is not connected");
    try {
      await send(session);
      this.breaker.succeeded();
    } catch (err) {
      const code = err instanceof ZaloSendError ? err.code : null;
      const kind = code === ZALO_TOO_MANY_REQUESTS ? "throttled" : code === ZALO_BLOCKS_STRANGERS ? "stranger" : "other";
      if (this.breaker.failed(kind)) {
        this.opts.log.error({ code, reopensAt: new Date(this.breaker.reopensAt).toISOString() }, "Zalo circuit opened: sends paused");
      }
      throw err;
    }
  }

  /** Resolves when every queued reply has been sent or given up. */
  idle(): Promise<void> {
    return this.inFlight.settled().then(() => this.queue.idle());
  }

  /** Stops the supervisor and the listener, finishes messages in hand, flushes replies (bounded). */
  async stop(flushTimeoutMs = 10_000): Promise<void> {
    this.stopRequested = true;
    this.requestStop();
    await this.supervisor;
    this.supervisor = null;
    await this.inFlight.settled();
    await this.queue.idle(flushTimeoutMs);
    this.state = "stopped";
  }
}

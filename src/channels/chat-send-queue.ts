/**
 * Outbound discipline for a chat platform: messages to one chat leave one at a time, at least
 * `intervalMs` apart (Telegram allows about one message per second per chat), different chats in
 * parallel. A send that fails is retried with backoff and logged, so a reply is sent late rather
 * than lost, and never fails the step that produced it (the step is already stored).
 */
import type { Logger } from "../log.ts";

export interface SendQueueOptions {
  intervalMs: number;
  /** Attempts per send before it is given up and logged as lost. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt, with jitter. */
  retryBaseMs?: number;
  log: Logger;
  /** Removes secrets (the bot token) from error text before logging. */
  redact?: (text: string) => string;
  sleep?: (ms: number) => Promise<void>;
  /** True for an error that retrying cannot fix (the remote said no: blocked, bad request). */
  isPermanent?: (err: unknown) => boolean;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class ChatSendQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly lastSent = new Map<string, number>();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: SendQueueOptions) {
    this.sleep = opts.sleep ?? defaultSleep;
  }

  /** Queues `send` for `chatId`; resolves when it has been sent or given up. */
  push(chatId: string, what: string, send: () => Promise<unknown>): Promise<void> {
    const previous = this.tails.get(chatId) ?? Promise.resolve();
    const next = previous.then(() => this.run(chatId, what, send));
    this.tails.set(chatId, next);
    void next.then(() => {
      if (this.tails.get(chatId) === next) this.tails.delete(chatId);
    });
    return next;
  }

  /** Resolves when every queued send has finished (for a graceful stop). */
  async idle(timeoutMs?: number): Promise<void> {
    const drained = (async () => {
      while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
    })();
    if (timeoutMs === undefined) return drained;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([drained, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  private async run(chatId: string, what: string, send: () => Promise<unknown>): Promise<void> {
    const maxAttempts = this.opts.maxAttempts ?? 5;
    const base = this.opts.retryBaseMs ?? 1000;
    for (let attempt = 1; ; attempt++) {
      const wait = (this.lastSent.get(chatId) ?? 0) + this.opts.intervalMs - Date.now();
      if (wait > 0) await this.sleep(wait);
      try {
        await send();
        this.lastSent.set(chatId, Date.now());
        return;
      } catch (err) {
        const message = this.opts.redact ? this.opts.redact(String((err as Error)?.message ?? err)) : String((err as Error)?.message ?? err);
        if (attempt >= maxAttempts || this.opts.isPermanent?.(err)) {
          this.opts.log.error({ chatId, what, attempt, error: message }, "message could not be sent; giving up");
          return;
        }
        const delay = Math.round(base * 2 ** (attempt - 1) * (0.5 + Math.random()));
        this.opts.log.warn({ chatId, what, attempt, retryInMs: delay, error: message }, "message not sent; will retry");
        await this.sleep(delay);
      }
    }
  }
}

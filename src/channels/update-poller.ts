/**
 * Long polling for bot platforms that hand out updates in batches (Telegram's getUpdates, the Zalo
 * Bot Platform's): one batch at a time, each chat's updates in order, several chats at once, and
 * the next poll only once every update of the batch was handled, because asking again is what
 * confirms a batch on both platforms. A failed poll is retried after a jittered exponential wait
 * (1 s doubling up to a minute), so a platform outage does not turn into a tight loop.
 */
import type { Logger } from "../log.ts";
import { abortableSleep } from "../concurrency/abortable-sleep.ts";

export interface UpdatePollerOptions<U> {
  /** One long poll. Resolves with the next batch (possibly empty); rejects when the call failed. */
  poll: (signal: AbortSignal) => Promise<U[]>;
  /** The chat an update belongs to; updates of one chat are handled in order. */
  chatOf: (update: U, index: number) => string;
  /** Handles one update; should not throw (a throw is logged and the batch goes on). */
  handle: (update: U) => Promise<void>;
  /** Chats handled at the same time. */
  concurrency: number;
  log: Logger;
  /** Names the platform in log lines, e.g. "telegram". */
  name: string;
  /** Turns a failed poll into something safe to log (no token). */
  describe: (err: unknown) => unknown;
  random?: () => number;
}

export class UpdatePoller<U> {
  private running: { stop: AbortController; done: Promise<void> } | null = null;

  constructor(private readonly opts: UpdatePollerOptions<U>) {}

  get started(): boolean {
    return this.running !== null;
  }

  start(): void {
    if (this.running) return;
    const stop = new AbortController();
    this.running = { stop, done: this.loop(stop.signal) };
  }

  /** Ends the current poll and waits for the batch in hand to be handled. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running.stop.abort();
    await this.running.done;
    this.running = null;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      let updates: U[];
      try {
        updates = await this.opts.poll(signal);
        failures = 0;
      } catch (err) {
        if (signal.aborted) break;
        failures++;
        const delay = Math.round(Math.min(60_000, 1000 * 2 ** Math.min(failures - 1, 6)) * (0.5 + (this.opts.random ?? Math.random)()));
        this.opts.log.warn({ error: this.opts.describe(err), retryInMs: delay }, `${this.opts.name} getUpdates failed`);
        await abortableSleep(delay, signal);
        continue;
      }
      if (updates.length > 0) await this.handleBatch(updates);
    }
  }

  private async handleBatch(updates: U[]): Promise<void> {
    const byChat = new Map<string, U[]>();
    updates.forEach((u, i) => {
      const key = this.opts.chatOf(u, i);
      byChat.set(key, [...(byChat.get(key) ?? []), u]);
    });
    const groups = [...byChat.values()];
    let next = 0;
    const worker = async () => {
      for (let g = next++; g < groups.length; g = next++) {
        for (const u of groups[g]!) {
          await this.opts.handle(u).catch((err: unknown) => this.opts.log.error({ error: this.opts.describe(err) }, `${this.opts.name} update failed`));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, this.opts.concurrency), groups.length) }, worker));
  }
}

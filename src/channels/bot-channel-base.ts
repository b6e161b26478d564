/**
 * What the channels on bot platforms (Telegram, the Zalo Bot Platform) hold the same way: the
 * long-polling loop, the updates being handled (from the loop or the webhook route), the per-chat
 * send queue, and the order they stop in. Each channel builds its own queue and poller (its API,
 * its idea of a permanent error) and maps its own updates; the lifecycle is written once here.
 */
import type { ChatSendQueue } from "./chat-send-queue.ts";
import { InFlight } from "./in-flight.ts";
import type { UpdatePoller } from "./update-poller.ts";

export abstract class BotChannelBase<U> {
  protected abstract readonly queue: ChatSendQueue;
  protected abstract readonly poller: UpdatePoller<U>;
  /** Updates being handled, so that stop() lets them finish. */
  private readonly inFlight = new InFlight();
  /** Aborted by stop(): ends start-up retries. */
  protected readonly stopping = new AbortController();

  /** Long polling (see {@link UpdatePoller}): one batch at a time, confirmed only after each of its updates was handled. */
  startPolling(): void {
    this.poller.start();
  }

  /** Stops long polling after the batch in hand; {@link startPolling} may start it again (leadership won back). */
  async stopPolling(): Promise<void> {
    await this.poller.stop();
  }

  /** Ends start-up retries, stops polling, finishes the updates in hand, and flushes queued replies (bounded wait). */
  async stop(flushTimeoutMs = 10_000): Promise<void> {
    this.stopping.abort();
    await this.poller.stop();
    await this.inFlight.settled();
    await this.queue.idle(flushTimeoutMs);
  }

  /** Resolves when every queued reply has been sent (tests and shutdown). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Handling of one update, remembered until it settles so that stop() waits for it. */
  protected track(work: Promise<void>): Promise<void> {
    return this.inFlight.track(work);
  }
}

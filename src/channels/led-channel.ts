/**
 * A channel whose receiving runs in one instance at a time (long polling, the Zalo personal
 * account's listener) while every instance may send through it. It stands for leadership of its
 * name at start, receives only while it leads, and stops receiving when leadership is lost, so
 * another instance takes over (see {@link Leadership}). Sending is the wrapped channel's own.
 */
import type { Lead, LeaderRole, Leadership } from "../concurrency/leadership.ts";
import type { ChannelAdapter, ChannelCapabilities, ChannelName, OutgoingMessage } from "./channel-port.ts";

export interface LedChannelOptions {
  leadership: Leadership;
  /** The leadership's name: one receiver per name across the instances. */
  name: string;
  /** Starts and stops the wrapped channel's receiving, as leadership is won and lost. */
  role: LeaderRole;
}

/** A {@link ChannelAdapter} that receives only while this instance leads {@link LedChannelOptions.name}. */
export class LedChannel implements ChannelAdapter {
  readonly channel: ChannelName;
  readonly capabilities: ChannelCapabilities;
  private lead: Lead | null = null;

  constructor(
    private readonly inner: ChannelAdapter,
    private readonly opts: LedChannelOptions,
  ) {
    this.channel = inner.channel;
    this.capabilities = inner.capabilities;
  }

  /** Stands for leadership and resolves at once: receiving starts when (and each time) leadership is won. */
  async start(): Promise<void> {
    this.lead ??= this.opts.leadership.lead(this.opts.name, this.opts.role);
  }

  /** Whether this instance receives for the channel now. */
  isLeader(): boolean {
    return this.lead?.isLeader() ?? false;
  }

  /** Whether another instance receives for the channel now, and this one waits to take over. */
  standingBy(): boolean {
    return this.lead?.standingBy() ?? false;
  }

  /** {@link ChannelAdapter.send}: the wrapped channel's, on every instance. */
  send(chatId: string, messages: readonly OutgoingMessage[]): Promise<void> {
    return this.inner.send(chatId, messages);
  }

  /** Stops receiving and releases leadership (another instance takes over at once), then stops the channel, flushing its replies. */
  async stop(): Promise<void> {
    const lead = this.lead;
    this.lead = null;
    await lead?.stop();
    await this.inner.stop();
  }
}

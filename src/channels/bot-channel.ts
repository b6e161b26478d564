/**
 * The lifecycle shared by the channels on bot platforms that deliver updates either by long
 * polling or by a webhook (Telegram, the Zalo Bot Platform): in webhook mode the route is mounted
 * first (updates that arrive before the bot is ready are answered so the platform delivers them
 * again), then the bot is brought up in the background, on every instance. In polling mode the
 * bot long-polls only in the instance that leads the channel's name (two pollers of one token
 * conflict): the others send replies and notices but do not poll, and one of them takes over when
 * the leader stops or dies. Written once here so the composition root says only which channel,
 * which mode and which route.
 */
import type { Leadership } from "../concurrency/leadership.ts";
import type { Logger } from "../log.ts";
import type { ChannelAdapter } from "./channel-port.ts";
import { LedChannel } from "./led-channel.ts";
import { retryUntilDone } from "./retry-until-done.ts";

/** How a bot platform delivers updates: the bot asks for them, or the platform posts them to us. */
export type BotReceiveMode = "polling" | "webhook";

/** A {@link ChannelAdapter} on a bot platform; `start()` is `connect({ polling: true })`. */
export interface BotChannel extends ChannelAdapter {
  /** The platform as log lines name it: "Telegram", "Zalo Bot Platform". */
  readonly label: string;
  /** The webhook route, and the command that registers it with the platform. */
  readonly webhook: { readonly path: string; readonly registerWith: string };
  /** Fields for the "ready" log line, read once ready (the bot's name is known only after getMe). */
  readyDetails?(): Record<string, unknown>;
  /**
   * Checks the bot's identity with the platform, retried with backoff until it succeeds or the
   * channel is stopped, then long-polls when `polling`, then calls `onReady`. Never throws;
   * resolves true once ready, false if stopped first.
   */
  connect(opts: { polling: boolean; onReady?: () => void }): Promise<boolean>;
  /** Stops long polling after the batch in hand; `connect({ polling: true })` starts it again. */
  stopPolling(): Promise<void>;
}

export interface StartBotChannelOptions {
  channel: BotChannel;
  mode: BotReceiveMode;
  /** Mounts the channel's webhook route on the HTTP server; called in webhook mode only. */
  mountWebhook: () => void;
  /** Polling mode: which instance polls; the leadership's name is the channel's ("telegram", "zalo-bot"). */
  leadership: Leadership;
  log: Logger;
}

/** A bot channel brought up by {@link startBotChannel}. */
export interface StartedBotChannel {
  /** What the composition root registers as the channel's sender and stops on shutdown. */
  adapter: ChannelAdapter;
  /**
   * Resolves true once this instance receives (webhook: the bot is ready; polling: this instance
   * leads and polls), false when stopped before. In polling mode an instance that never leads
   * leaves it pending.
   */
  ready: Promise<boolean>;
}

/**
 * Mounts the webhook route and brings the channel up in the background (webhook mode), or stands
 * for leadership of the channel's name and long-polls whenever this instance wins it (polling
 * mode); logs one line each time the channel is ready. Never awaited by the composition root.
 */
export function startBotChannel(opts: StartBotChannelOptions): StartedBotChannel {
  const { channel, log } = opts;
  const details = () => channel.readyDetails?.() ?? {};
  if (opts.mode === "webhook") {
    opts.mountWebhook();
    const ready = channel.connect({
      polling: false,
      onReady: () => log.info({ path: channel.webhook.path, ...details() }, `${channel.label} webhook route ready (register it with ${channel.webhook.registerWith})`),
    });
    return { adapter: channel, ready };
  }
  let polled!: (ready: boolean) => void;
  const ready = new Promise<boolean>((resolve) => (polled = resolve));
  const adapter = new LedChannel(channel, {
    leadership: opts.leadership,
    name: channel.channel,
    role: {
      // A channel stopped meanwhile does not poll: leadership is given up rather than kept idle.
      start: async () => {
        const connected = await channel.connect({ polling: true, onReady: () => log.info(details(), `${channel.label} long polling started`) });
        polled(connected);
        if (!connected) throw new Error(`${channel.label} channel was stopped`);
      },
      stop: () => channel.stopPolling(),
    },
  });
  void adapter.start();
  return { adapter, ready };
}

export interface ConnectBotOptions {
  /** One identity check with the platform (getMe); rejects when it failed. */
  identify: (signal: AbortSignal) => Promise<void>;
  /** Starts the channel's long polling; called only when `polling`. */
  startPolling: () => void;
  polling: boolean;
  onReady?: () => void;
  /** Aborted by the channel's `stop()`: ends the retries. */
  signal: AbortSignal;
  log: Logger;
  /** Names the platform in the warning, e.g. "telegram". */
  name: string;
  /** Turns an error into something safe to log (no token). */
  describe: (err: unknown) => unknown;
  /** Waits between identity checks, doubling from base to max. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * The start-up shape of {@link BotChannel.connect}, written once: the identity check retried with
 * backoff and a warning each time until it succeeds, then long polling when `polling`, then
 * `onReady`. Never throws; resolves true once ready, false if stopped first.
 */
export async function connectBot(opts: ConnectBotOptions): Promise<boolean> {
  const identified = await retryUntilDone({
    attempt: opts.identify,
    signal: opts.signal,
    log: opts.log,
    message: `${opts.name} getMe failed; the bot starts once it succeeds (the web chat and other channels run meanwhile)`,
    describe: opts.describe,
    baseDelayMs: opts.baseDelayMs,
    maxDelayMs: opts.maxDelayMs,
  });
  if (!identified || opts.signal.aborted) return false;
  if (opts.polling) opts.startPolling();
  opts.onReady?.();
  return true;
}

/**
 * The lifecycle shared by the channels on bot platforms that deliver updates either by long
 * polling or by a webhook (Telegram, the Zalo Bot Platform): in webhook mode the route is mounted
 * first (updates that arrive before the bot is ready are answered so the platform delivers them
 * again), then the bot is brought up in the background, and polling starts only in polling mode.
 * Written once here so the composition root says only which channel, which mode and which route.
 */
import type { Logger } from "../log.ts";
import type { ChannelAdapter } from "./channel-port.ts";
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
}

export interface StartBotChannelOptions {
  channel: BotChannel;
  mode: BotReceiveMode;
  /** Mounts the channel's webhook route on the HTTP server; called in webhook mode only. */
  mountWebhook: () => void;
  log: Logger;
}

/**
 * Mounts the webhook route (webhook mode) and brings the channel up in the background; logs one
 * line when it is ready. Not awaited by the composition root: the returned promise resolves as
 * {@link BotChannel.connect} does.
 */
export function startBotChannel(opts: StartBotChannelOptions): Promise<boolean> {
  const { channel, log } = opts;
  const webhook = opts.mode === "webhook";
  if (webhook) opts.mountWebhook();
  return channel.connect({
    polling: !webhook,
    onReady: () => {
      const details = channel.readyDetails?.() ?? {};
      if (webhook) log.info({ path: channel.webhook.path, ...details }, `${channel.label} webhook route ready (register it with ${channel.webhook.registerWith})`);
      else log.info(details, `${channel.label} long polling started`);
    },
  });
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

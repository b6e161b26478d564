/**
 * What each chat channel of this instance is doing, as `GET /readyz` reports it: "serving" (the
 * web chat), "starting", "polling" or "webhook" (a bot platform), or the Zalo personal account's
 * own status ("connecting", "running", "backoff", "gave-up", ...). The composition root registers
 * each channel as it configures it; the states are read at each readiness check.
 */
import type { BotReceiveMode } from "../channels/bot-channel.ts";
import type { ChannelName } from "../channels/channel-port.ts";

export class ChannelStates {
  private readonly probes = new Map<ChannelName, () => string>();

  /** Reports what `state` returns for `channel`, read at each readiness check. */
  watch(channel: ChannelName, state: () => string): void {
    this.probes.set(channel, state);
  }

  /**
   * Follows a bot channel's start (`startBotChannel`): "starting" until it is ready, then its receive
   * mode; "stopped" when it was stopped first, "down" if the start failed (which its contract rules
   * out, but a report must not lie); "standby" whenever `standingBy` says another instance receives
   * for it (polling led elsewhere). Returns `started` unchanged.
   */
  follow(channel: ChannelName, mode: BotReceiveMode, started: Promise<boolean>, standingBy: () => boolean = () => false): Promise<boolean> {
    let state = "starting";
    this.watch(channel, () => (standingBy() ? "standby" : state));
    started.then(
      (ready) => (state = ready ? mode : "stopped"),
      () => (state = "down"),
    );
    return started;
  }

  /** Every registered channel's state now. */
  snapshot(): Record<string, string> {
    return Object.fromEntries([...this.probes].map(([channel, state]) => [channel, state()]));
  }
}

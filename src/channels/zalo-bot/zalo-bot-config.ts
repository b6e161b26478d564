/**
 * Settings of the official Zalo Bot Platform channel ("zalo-bot"), as `src/config.ts` hands them
 * over in `Config.zaloBot` (null when no token is configured). Parsed from the environment there;
 * this file only declares the shape, so the adapter and its CLI do not depend on how it is read.
 */

/** Zalo Bot Platform's API server (third-party docs; keep it configurable). */
export const DEFAULT_ZALO_BOT_BASE_URL = "https://bot-api.zaloplatforms.com";

export interface ZaloBotConfig {
  /** Bot token from Zalo Bot Creator, `<bot id>:<secret>`; never logged. */
  token: string;
  /** `polling`: our getUpdates loop; `webhook`: Zalo POSTs updates to `/zalo-bot/webhook`. */
  mode: "polling" | "webhook";
  /** Secret Zalo sends as `X-Bot-Api-Secret-Token` (8–256 characters); required in webhook mode. */
  webhookSecret: string | null;
  /** API server, without a trailing slash. */
  baseUrl: string;
  /** Minimum gap between two messages to the same chat. */
  sendIntervalMs: number;
}

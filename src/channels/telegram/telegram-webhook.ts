/**
 * The Telegram webhook route, in the same HTTP server as the web chat. The secret header
 * (`X-Telegram-Bot-Api-Secret-Token`) is compared in constant time; a wrong or missing secret is
 * answered 401 and nothing is processed. The 200 answer, which confirms the update to Telegram, is
 * sent only after the update's effects are stored; a retried update is recognised by its id.
 * Before the bot knows its identity (getMe still failing at start) updates are answered 503, so
 * Telegram keeps them and delivers them again.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Hono } from "hono";
import type { Update } from "grammy/types";
import type { TelegramChannel } from "./telegram-channel.ts";

export const TELEGRAM_WEBHOOK_PATH = "/telegram/webhook";
export const SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

/** Constant-time comparison of two secrets of any length (compares their SHA-256 digests). */
export function secretsEqual(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export function mountTelegramWebhook(app: Hono, channel: TelegramChannel, secret: string, path = TELEGRAM_WEBHOOK_PATH): void {
  app.post(path, async (c) => {
    if (!secretsEqual(c.req.header(SECRET_HEADER), secret)) return c.json({ ok: false }, 401);
    let update: Update;
    try {
      update = (await c.req.json()) as Update;
    } catch {
      return c.json({ ok: false }, 400);
    }
    if (typeof update?.update_id !== "number") return c.json({ ok: false }, 400);
    // Until getMe succeeded the update cannot be read: Telegram delivers it again later.
    if (!channel.ready) return c.json({ ok: false }, 503);
    await channel.handleUpdate(update);
    return c.json({ ok: true });
  });
}

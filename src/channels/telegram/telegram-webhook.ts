/**
 * The Telegram webhook route, in the same HTTP server as the web chat. The secret header
 * (`X-Telegram-Bot-Api-Secret-Token`) is compared in constant time; a wrong or missing secret is
 * answered 401 and nothing is processed. The 200 answer, which confirms the update to Telegram, is
 * sent only after the update's effects are stored; a retried update is recognised by its id.
 * Before the bot knows its identity (getMe still failing at start) updates are answered 503, so
 * Telegram keeps them and delivers them again.
 */
import type { Hono } from "hono";
import type { Update } from "grammy/types";
import { secretsEqual } from "../../security/secrets-equal.ts";
import type { TelegramChannel } from "./telegram-channel.ts";

export const TELEGRAM_WEBHOOK_PATH = "/telegram/webhook";
export const SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

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

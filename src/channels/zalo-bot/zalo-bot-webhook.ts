/**
 * The Zalo Bot Platform webhook route, in the same HTTP server as the web chat. The secret header
 * (`X-Bot-Api-Secret-Token`, set with `setWebhook`) is compared in constant time; a wrong or
 * missing secret is answered 401 and nothing is processed. The 200 answer is sent only after the
 * update's effects are stored; a retried update is recognised by its message id and applied once.
 */
import type { Hono } from "hono";
import { secretsEqual } from "../../security/secrets-equal.ts";
import type { ZaloBotChannel } from "./zalo-bot-channel.ts";
import { zaloBotUpdates } from "./zalo-bot-to-inbound.ts";

export const ZALO_BOT_WEBHOOK_PATH = "/zalo-bot/webhook";
export const ZALO_BOT_SECRET_HEADER = "X-Bot-Api-Secret-Token";

/**
 * Mounts `POST path`. The body may be one update, an array of them, or either wrapped in
 * `{ ok, result }`; updates are handled in order before the answer.
 */
export function mountZaloBotWebhook(app: Hono, channel: Pick<ZaloBotChannel, "handleUpdate">, secret: string, path = ZALO_BOT_WEBHOOK_PATH): void {
  app.post(path, async (c) => {
    if (!secretsEqual(c.req.header(ZALO_BOT_SECRET_HEADER), secret)) return c.json({ ok: false }, 401);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ ok: false }, 400);
    }
    for (const update of zaloBotUpdates(body)) await channel.handleUpdate(update);
    return c.json({ ok: true });
  });
}

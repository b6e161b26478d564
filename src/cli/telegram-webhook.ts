/**
 * `npm run telegram:webhook -- --url https://example.gov.vn/telegram/webhook` registers the
 * webhook with the secret from TELEGRAM_WEBHOOK_SECRET and only the update kinds the bot handles;
 * `--delete` removes it (back to long polling), `--info` prints Telegram's view of it.
 */
import { parseArgs } from "node:util";
import { Api } from "grammy";
import { loadConfig, loadDotEnv } from "../config.ts";
import { exitOnConfigError } from "../exit-on-config-error.ts";
import { ALLOWED_UPDATES } from "../channels/telegram/telegram-channel.ts";

loadDotEnv();
const config = exitOnConfigError(() => loadConfig());
const { values } = parseArgs({ options: { url: { type: "string" }, delete: { type: "boolean" }, info: { type: "boolean" } } });
if (!config.telegram) {
  console.error("TELEGRAM_BOT_TOKEN is not set.");
  process.exit(1);
}
const api = new Api(config.telegram.token, { apiRoot: config.telegram.apiRoot });
try {
  if (values.delete) {
    await api.deleteWebhook();
    console.log("Webhook removed; the bot can use long polling (TELEGRAM_MODE=polling).");
  } else if (values.url) {
    if (!config.telegram.webhookSecret) throw new Error("TELEGRAM_WEBHOOK_SECRET must be set (8–256 characters: letters, digits, _ and -).");
    if (!/^https:\/\//.test(values.url)) throw new Error("Telegram only calls https:// webhook URLs.");
    await api.setWebhook(values.url, { secret_token: config.telegram.webhookSecret, allowed_updates: [...ALLOWED_UPDATES] });
    console.log(`Webhook set to ${values.url}. Start the service with TELEGRAM_MODE=webhook.`);
  } else {
    const info = await api.getWebhookInfo();
    console.log(JSON.stringify({ ...info, url: info.url || "(none: long polling)" }, null, 2));
    if (!values.info) console.log("\nUsage: npm run telegram:webhook -- --url https://…/telegram/webhook | --delete | --info");
  }
} catch (err) {
  console.error(String((err as Error).message).split(config.telegram.token).join("[token]"));
  process.exit(1);
}

/**
 * `npm run zalo-bot:webhook -- --url https://example.gov.vn/zalo-bot/webhook` registers the Zalo
 * Bot Platform webhook with the secret from ZALO_BOT_WEBHOOK_SECRET; `--delete` removes it (back
 * to long polling), `--info` prints Zalo's view of it.
 */
import { parseArgs } from "node:util";
import { loadConfig, loadDotEnv } from "../config.ts";
import { exitOnConfigError } from "../exit-on-config-error.ts";
import { ZaloBotApi } from "../channels/zalo-bot/zalo-bot-channel.ts";

const USAGE = "Usage: npm run zalo-bot:webhook -- --url https://…/zalo-bot/webhook | --delete | --info";

loadDotEnv();
const config = exitOnConfigError(() => loadConfig());
const { values } = parseArgs({ options: { url: { type: "string" }, delete: { type: "boolean" }, info: { type: "boolean" } } });
const zaloBot = config.zaloBot;
if (!zaloBot) {
  console.error("ZALO_BOT_TOKEN is not set.");
  process.exit(1);
}
const api = new ZaloBotApi({ token: zaloBot.token, baseUrl: zaloBot.baseUrl });
try {
  if (values.delete) {
    await api.deleteWebhook();
    console.log("Webhook removed; the bot can use long polling (ZALO_BOT_MODE=polling).");
  } else if (values.url) {
    const secret = zaloBot.webhookSecret;
    if (!secret || secret.length < 8 || secret.length > 256) throw new Error("ZALO_BOT_WEBHOOK_SECRET must be set (8–256 characters).");
    if (!/^https:\/\//.test(values.url)) throw new Error("Zalo only calls https:// webhook URLs.");
    await api.setWebhook(values.url, secret);
    console.log(`Webhook set to ${values.url}. Start the service with ZALO_BOT_MODE=webhook.`);
  } else {
    const info = await api.getWebhookInfo();
    console.log(JSON.stringify({ ...info, url: info?.url || "(none: long polling)" }, null, 2));
    if (!values.info) console.log(`\n${USAGE}`);
  }
} catch (err) {
  console.error(api.redact(String((err as Error).message)));
  process.exit(1);
}

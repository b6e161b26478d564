/**
 * Webhook mode: Zalo POSTs updates to our HTTP server with the secret header; the answer is the
 * confirmation and comes after the effects are stored.
 */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { ZaloBotApi, ZaloBotApiError, ZaloBotChannel } from "../../../src/channels/zalo-bot/zalo-bot-channel.ts";
import { mountZaloBotWebhook } from "../../../src/channels/zalo-bot/zalo-bot-webhook.ts";
import { createLogger } from "../../../src/log.ts";
import { FakeZaloBot } from "../../support/fake-zalo-bot.ts";
import { testAssistant } from "../../support/test-assistant.ts";

const CHAT = "e4ea2cd5189df1c3a88c";
const SECRET = "s3cret-zalo-webhook";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const fake = await FakeZaloBot.start();
  cleanups.push(() => fake.close());
  const assistant = await testAssistant({ trustedChannels: ["zalo-bot"] });
  const channel = new ZaloBotChannel({
    token: fake.token,
    baseUrl: fake.baseUrl,
    handler: assistant.service,
    i18n: assistant.i18n,
    log: createLogger({ level: "silent", pretty: false }),
    maxFileBytes: 5 * 1024 * 1024,
    sendIntervalMs: 0,
  });
  cleanups.push(async () => {
    await channel.stop();
    await assistant.close();
  });
  const app = new Hono();
  mountZaloBotWebhook(app, channel, SECRET);
  const base = await new Promise<string>((resolve) => {
    const server: ServerType = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`));
    cleanups.push(() => new Promise((r) => server.close(() => r())));
  });
  return { fake, assistant, channel, url: `${base}/zalo-bot/webhook` };
}

describe("Zalo Bot webhook", () => {
  it("rejects a wrong or missing secret, processes the right one, and applies a repeated update once", async () => {
    const { fake, assistant, channel, url } = await setup();
    const update = fake.textUpdate(CHAT, "/baotin");

    expect((await FakeZaloBot.postToWebhook(url, update, "wrong-secret-value")).status).toBe(401);
    expect((await FakeZaloBot.postToWebhook(url, update)).status).toBe(401);
    expect((await FakeZaloBot.postToWebhook(url, update, `${SECRET}x`)).status).toBe(401);
    await channel.idle();
    expect(await assistant.db.user.count()).toBe(0);
    expect(await assistant.db.draft.count()).toBe(0);
    expect(fake.calls).toHaveLength(0);

    const ok = await FakeZaloBot.postToWebhook(url, update, SECRET);
    expect(ok.status).toBe(200);
    // The answer came after the effects were stored.
    expect(await assistant.db.draft.count()).toBe(1);
    expect((await FakeZaloBot.postToWebhook(url, update, SECRET)).status).toBe(200);
    await channel.idle();
    expect(await assistant.db.draft.count()).toBe(1);
    expect(await assistant.db.processedMessage.count({ where: { messageId: `z${update.message.message_id}` } })).toBe(1);
    expect(fake.textsTo(CHAT)).toHaveLength(2); // intro and consent question, once
  });

  it("takes an update wrapped in { ok, result } and refuses a body that is not JSON", async () => {
    const { fake, assistant, channel, url } = await setup();
    expect((await FakeZaloBot.postToWebhook(url, fake.textUpdate(CHAT, "/baotin"), SECRET)).status).toBe(200);
    expect((await FakeZaloBot.postToWebhook(url, { ok: true, result: fake.textUpdate(CHAT, "1") }, SECRET)).status).toBe(200);
    expect((await assistant.db.draft.findFirstOrThrow()).currentStepId).toBe("subjectKind");
    const notJson = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "X-Bot-Api-Secret-Token": SECRET }, body: "{not json" });
    expect(notJson.status).toBe(400);
    await channel.idle();
    expect(fake.textsTo(CHAT).at(-1)).toContain("một người hay một tập thể");
  });

  it("registers, shows and deletes the webhook through the API the CLI uses", async () => {
    const fake = await FakeZaloBot.start();
    cleanups.push(() => fake.close());
    const api = new ZaloBotApi({ token: fake.token, baseUrl: `${fake.baseUrl}/` });
    await api.setWebhook("https://xa-ha-trung.gov.vn/zalo-bot/webhook", SECRET);
    expect(fake.webhook).toMatchObject({ url: "https://xa-ha-trung.gov.vn/zalo-bot/webhook", secret_token: SECRET });
    expect((await api.getWebhookInfo()).url).toBe("https://xa-ha-trung.gov.vn/zalo-bot/webhook");
    // Polling is refused while a webhook is set: the remote said no.
    await expect(api.getUpdates(1)).rejects.toBeInstanceOf(ZaloBotApiError);
    const refused = await api.setWebhook("https://xa-ha-trung.gov.vn/zalo-bot/webhook", "short").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ZaloBotApiError);
    expect(refused).toMatchObject({ errorCode: 400 });
    expect(String((refused as Error).message)).not.toContain(fake.token);
    await api.deleteWebhook();
    expect(fake.webhook).toBeUndefined();
    expect(await api.getUpdates(1)).toEqual([]); // an empty long poll (Zalo's 408) is no error
    const wrongToken = new ZaloBotApi({ token: "1:not-the-token", baseUrl: fake.baseUrl });
    await expect(wrongToken.getMe()).rejects.toMatchObject({ errorCode: 401 });
  });
});

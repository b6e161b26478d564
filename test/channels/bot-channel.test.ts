/**
 * The shared lifecycle of the bot channels (startBotChannel), with the real Zalo Bot Platform
 * channel against the fake Bot API server on 127.0.0.1: the webhook route is mounted only in
 * webhook mode, polling starts only in polling mode (one process: its sole leadership polls at once),
 * and one "ready" line is logged either way.
 */
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { startBotChannel } from "../../src/channels/bot-channel.ts";
import { SoleLeadership } from "../../src/concurrency/leadership.ts";
import type { InboundMessage } from "../../src/channels/channel-port.ts";
import { ZaloBotChannel } from "../../src/channels/zalo-bot/zalo-bot-channel.ts";
import { mountZaloBotWebhook, ZALO_BOT_SECRET_HEADER } from "../../src/channels/zalo-bot/zalo-bot-webhook.ts";
import { loadI18n } from "../../src/i18n/i18n.ts";
import { createLogger } from "../../src/log.ts";
import { FakeZaloBot } from "../support/fake-zalo-bot.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const fake = await FakeZaloBot.start();
  const lines: Array<{ msg: string; path?: string }> = [];
  const log = createLogger({ level: "info", pretty: false, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  const received: InboundMessage[] = [];
  const channel = new ZaloBotChannel({
    token: fake.token,
    baseUrl: fake.baseUrl,
    handler: { handle: async (m) => (received.push(m), [{ text: "ok" }]) },
    i18n: loadI18n(),
    log,
    maxFileBytes: 1024,
    sendIntervalMs: 0,
    pollTimeoutSeconds: 1,
  });
  cleanups.push(async () => {
    await channel.stop();
    await fake.close();
  });
  return { fake, lines, log, received, channel, app: new Hono() };
}

describe("startBotChannel", () => {
  it("in polling mode mounts no route, long-polls, and says so once", async () => {
    const { fake, lines, log, received, channel, app } = await setup();
    let mounted = 0;
    const started = startBotChannel({ channel, mode: "polling", mountWebhook: () => mounted++, leadership: new SoleLeadership({ log }), log });
    cleanups.push(() => started.adapter.stop());
    expect(await started.ready).toBe(true);
    expect(mounted).toBe(0);
    const id = fake.sendText("chat-1", "xin chào");
    await fake.waitForHandled(id);
    expect(received.map((m) => m.text)).toEqual(["xin chào"]);
    expect(lines.filter((l) => l.msg === "Zalo Bot Platform long polling started")).toHaveLength(1);
    expect((await app.request("/zalo-bot/webhook", { method: "POST" })).status).toBe(404);
  });

  it("in webhook mode mounts the route, never polls, and names the route and how to register it", async () => {
    const { fake, lines, log, received, channel, app } = await setup();
    const started = startBotChannel({ channel, mode: "webhook", mountWebhook: () => mountZaloBotWebhook(app, channel, "s3cret-webhook"), leadership: new SoleLeadership({ log }), log });
    expect(started.adapter).toBe(channel);
    expect(await started.ready).toBe(true);
    const answer = await app.request("/zalo-bot/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", [ZALO_BOT_SECRET_HEADER]: "s3cret-webhook" },
      body: JSON.stringify(fake.textUpdate("chat-2", "chào")),
    });
    expect(answer.status).toBe(200);
    expect(received.map((m) => m.text)).toEqual(["chào"]);
    expect(fake.calls.some((c) => c.method === "getUpdates")).toBe(false);
    expect(lines.find((l) => l.msg.startsWith("Zalo Bot Platform webhook route ready"))).toMatchObject({
      msg: "Zalo Bot Platform webhook route ready (register it with npm run zalo-bot:webhook)",
      path: "/zalo-bot/webhook",
    });
  });
});

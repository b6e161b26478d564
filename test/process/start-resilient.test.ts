/**
 * `npm start` never dies because a chat platform misbehaves at start: the real process against
 * fake Bot APIs on 127.0.0.1 that refuse the command menu, fail getMe a few times, or are down.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { FakeZaloBot } from "../support/fake-zalo-bot.ts";
import { killAllChildren, startServer, type RunningServer } from "../support/spawn-app.ts";
import { tempDir } from "../support/test-databases.ts";
import { WebChatClient } from "../support/web-chat-client.ts";

const TOKEN = "123456:TEST-token-abcdefghijklmnop";
let fake: FakeTelegram | undefined;
let zalo: FakeZaloBot | undefined;
afterEach(async () => {
  await killAllChildren();
  await fake?.close();
  await zalo?.close();
  fake = undefined;
  zalo = undefined;
});

async function webChatAnswers(server: RunningServer): Promise<void> {
  const web = await new WebChatClient(server.url).send({ text: "/start" });
  expect(web.status).toBe(200);
  expect(JSON.stringify(web.body)).toContain("muốn làm gì?");
}

async function waitForLog(server: RunningServer, predicate: (line: Record<string, unknown>) => boolean, timeoutMs = 20_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = server.logs.find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no such log line; logs:\n${server.logs.map((l) => JSON.stringify(l)).join("\n")}\nstderr:\n${server.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const WARN = 40;

describe("npm start when a chat platform fails at start", { timeout: 90_000 }, () => {
  it("serves the web chat and the Telegram bot although setMyCommands answers 404 and getMe fails twice first", async () => {
    fake = await FakeTelegram.start({ token: TOKEN });
    fake.failNext("getMe", { error_code: 404, description: "Not Found" }, 2);
    fake.failNext("setMyCommands", { error_code: 404, description: "Not Found: method not found" }, 1000);
    const server = await startServer(tempDir(), 30_000, { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_SEND_INTERVAL_MS: "0" });

    await webChatAnswers(server);
    fake.sendText(4242, "/start");
    await fake.waitForCalls((calls) => calls.some((c) => c.method === "sendMessage" && c.params.chat_id === 4242), 30_000);
    expect(fake.lastMessageTo(4242)?.text).toContain("muốn làm gì?");

    const getMe = await waitForLog(server, (l) => l.level === WARN && String(l.msg).startsWith("telegram getMe failed"));
    expect(getMe).toMatchObject({ attempt: 1, retryInMs: expect.any(Number) });
    expect(fake.calls.filter((c) => c.method === "getMe")).toHaveLength(3);
    await waitForLog(server, (l) => l.level === WARN && String(l.msg).startsWith("telegram command menu not set"));
    await waitForLog(server, (l) => l.msg === "Telegram long polling started");
    await webChatAnswers(server);
    expect(server.child.exitCode).toBeNull();
    expect(server.stderr()).not.toMatch(/^\s+at /m);
    expect(JSON.stringify(server.logs) + server.stderr()).not.toContain("TEST-token-abcdefghijklmnop");
  });

  it("serves the web chat while the Telegram and Zalo Bot APIs cannot be reached at all", async () => {
    // Ports that were just free: nothing listens there.
    const downTelegram = await FakeTelegram.start({ token: TOKEN });
    const telegramRoot = downTelegram.apiRoot;
    await downTelegram.close();
    const downZalo = await FakeZaloBot.start();
    const zaloRoot = downZalo.baseUrl;
    await downZalo.close();
    const server = await startServer(tempDir(), 30_000, {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: telegramRoot,
      ZALO_BOT_TOKEN: "1459232241454765289:FakeZaloBotTokenAbcdefGhijklmnop",
      ZALO_BOT_BASE_URL: zaloRoot,
    });
    await webChatAnswers(server);
    await waitForLog(server, (l) => l.level === WARN && String(l.msg).startsWith("telegram getMe failed"));
    await waitForLog(server, (l) => l.level === WARN && String(l.msg).startsWith("zalo-bot getMe failed"));
    await webChatAnswers(server);
    expect(server.child.exitCode).toBeNull();
    expect(server.stderr()).not.toMatch(/^\s+at /m);
  });

  it("starts the Zalo Bot Platform channel once its getMe succeeds", async () => {
    zalo = await FakeZaloBot.start();
    zalo.failNext("getMe", { error_code: 503, description: "Service Unavailable" }, 2);
    const server = await startServer(tempDir(), 30_000, { ZALO_BOT_TOKEN: zalo.token, ZALO_BOT_BASE_URL: zalo.baseUrl, ZALO_BOT_SEND_INTERVAL_MS: "0" });
    await webChatAnswers(server);
    await waitForLog(server, (l) => l.msg === "Zalo Bot Platform long polling started");
    const id = zalo.sendText("zalo-user-1", "/start");
    await zalo.waitForCalls((calls) => calls.some((c) => c.method === "sendMessage"), 20_000);
    expect(id).toBeTruthy();
    expect(zalo.messagesTo("zalo-user-1").map((m) => JSON.stringify(m)).join("\n")).toContain("muốn làm gì?");
  });
});

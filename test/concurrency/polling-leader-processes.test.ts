/**
 * Two `npm start` processes on one PostgreSQL database with one Telegram bot in polling mode
 * (against the fake Bot API): only one polls, and when it is killed (SIGKILL: no goodbye, its
 * session ends with its socket) the other takes over within seconds and answers.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { killAllChildren, startServer, stopChild, type RunningServer } from "../support/spawn-app.ts";
import { createPostgresDatabase, POSTGRES_URL, tempDir } from "../support/test-databases.ts";

const TOKEN = "123456:TEST-token-abcdefghijklmnop";
const LEADER = "leader for telegram polling";

let fake: FakeTelegram | undefined;
const drops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await killAllChildren();
  await fake?.close();
});
afterAll(async () => {
  for (const drop of drops) await drop();
});

const leads = (server: RunningServer) => server.logs.some((l) => l.msg === LEADER);

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(!POSTGRES_URL)("npm start twice on PostgreSQL with Telegram long polling", { timeout: 120_000 }, () => {
  it("polls from one instance; killing it hands polling to the other, which answers", async () => {
    const db = await createPostgresDatabase();
    drops.push(db.drop);
    fake = await FakeTelegram.start({ token: TOKEN });
    const env = { DATABASE_URL: db.url, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_SEND_INTERVAL_MS: "0", LEADER_RETRY_MS: "200" };
    // One after the other: the first applies the migrations.
    const first = await startServer(tempDir(), 60_000, env);
    await until(() => leads(first), 15_000, "the first instance leads");
    const second = await startServer(tempDir(), 60_000, env);

    fake.sendText(4242, "/start");
    await fake.waitForCalls((calls) => calls.some((c) => c.method === "sendMessage" && c.params.chat_id === 4242), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(leads(second)).toBe(false);
    expect([...first.logs, ...second.logs].filter((l) => l.msg === "telegram getUpdates failed")).toEqual([]);

    await stopChild(first.child, "SIGKILL");
    const killedAt = Date.now();
    await until(() => leads(second), 10_000, "the second instance takes over");
    expect(Date.now() - killedAt).toBeLessThan(5000);
    fake.sendText(4343, "/start");
    await fake.waitForCalls((calls) => calls.some((c) => c.method === "sendMessage" && c.params.chat_id === 4343), 15_000);
    expect(fake.lastMessageTo(4343)?.text).toContain("muốn làm gì?");
  });
});

/**
 * `npm start` behind a load balancer: GET /readyz names the instance (INSTANCE_ID), every log line
 * carries it, and SIGTERM drains: /readyz answers 503 stopping and new requests are refused while
 * a web chat message already accepted is answered to the end; then the process exits 0. A second
 * signal exits at once with 1. The message is held "in flight" by sending its body in two parts.
 */
import { request, type ClientRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { FakeZaloBot } from "../support/fake-zalo-bot.ts";
import { killAllChildren, startServer, waitForExit, type RunningServer } from "../support/spawn-app.ts";
import { tempDir } from "../support/test-databases.ts";

let telegram: FakeTelegram | undefined;
let zaloBot: FakeZaloBot | undefined;
afterEach(async () => {
  await killAllChildren();
  await telegram?.close();
  await zaloBot?.close();
  telegram = undefined;
  zaloBot = undefined;
});

interface ReadyBody {
  ready: boolean;
  stopping?: boolean;
  instance: string;
  inFlight: { messages: number; requests: number };
  [key: string]: unknown;
}

async function readyz(server: RunningServer): Promise<{ status: number; body: ReadyBody }> {
  const res = await fetch(`${server.url}/readyz`, { headers: { connection: "close" } });
  return { status: res.status, body: (await res.json()) as ReadyBody };
}

/** Asks /readyz until `predicate` holds (or fails after `timeoutMs` with the last answer). */
async function readyzUntil(server: RunningServer, predicate: (r: { status: number; body: ReadyBody }) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await readyz(server);
    if (predicate(answer)) return answer;
    if (Date.now() > deadline) throw new Error(`/readyz never matched; last: ${answer.status} ${JSON.stringify(answer.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A web chat message whose body is sent in two parts: the server holds the request until `finish()`. */
function slowMessage(server: RunningServer, text: string): { finish: () => void; answer: Promise<{ status: number; body: string }>; req: ClientRequest } {
  const body = Buffer.from(JSON.stringify({ messageId: `slow-${Date.now()}`, text }));
  const half = Math.floor(body.length / 2);
  const url = new URL("/api/messages", server.url);
  let req!: ClientRequest;
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req = request(
      url,
      { method: "POST", headers: { origin: url.origin, "content-type": "application/json", "content-length": String(body.length), connection: "close" } },
      (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
  });
  req.write(body.subarray(0, half));
  return { req, answer, finish: () => req.end(body.subarray(half)) };
}

describe("npm start: readiness and graceful shutdown", { timeout: 90_000 }, () => {
  it("reports ready with its instance id, then on SIGTERM drains: 503 stopping, the message in hand answered, exit 0", async () => {
    const server = await startServer(tempDir(), 30_000, { INSTANCE_ID: "chat-test-7", SHUTDOWN_GRACE_MS: "30000" });

    const ready = await readyz(server);
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      ready: true,
      instance: "chat-test-7",
      database: "ok",
      migrations: "ok",
      channels: { web: "serving" },
      inFlight: { messages: 0, requests: 0 },
    });
    expect(server.logs.length).toBeGreaterThan(0);
    for (const line of server.logs) expect(line.instance, JSON.stringify(line)).toBe("chat-test-7");

    const slow = slowMessage(server, "/start");
    await readyzUntil(server, (r) => r.body.inFlight.requests === 1);
    process.kill(server.child.pid!, "SIGTERM");

    const stopping = await readyzUntil(server, (r) => r.status === 503);
    expect(stopping.body).toEqual({ ready: false, stopping: true, instance: "chat-test-7", inFlight: { messages: 0, requests: 1 } });
    const refused = await fetch(`${server.url}/api/messages`, {
      method: "POST",
      headers: { origin: server.url, "content-type": "application/json", connection: "close" },
      body: JSON.stringify({ messageId: "late-1", text: "/start" }),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(server.child.exitCode).toBeNull();

    slow.finish();
    const answer = await slow.answer;
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("muốn làm gì?");
    expect(await waitForExit(server.child)).toEqual({ code: 0, signal: null });
    expect(server.logs.find((l) => l.msg === "stopped")).toMatchObject({ finished: true, instance: "chat-test-7" });
    expect(server.logs.some((l) => String(l.msg).startsWith("shutdown grace period over"))).toBe(false);
  });

  it("reports each chat channel, and stays ready while one cannot start", async () => {
    telegram = await FakeTelegram.start({ token: "123456:TEST-token-abcdefghijklmnop" });
    telegram.failNext("getMe", { error_code: 401, description: "Unauthorized" }, 1000);
    zaloBot = await FakeZaloBot.start();
    const server = await startServer(tempDir(), 30_000, {
      TELEGRAM_BOT_TOKEN: "123456:TEST-token-abcdefghijklmnop",
      TELEGRAM_API_ROOT: telegram.apiRoot,
      ZALO_BOT_TOKEN: zaloBot.token,
      ZALO_BOT_BASE_URL: zaloBot.baseUrl,
    });
    const answer = await readyzUntil(server, (r) => r.body.channels !== undefined && (r.body.channels as Record<string, string>)["zalo-bot"] === "polling");
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ready: true, channels: { web: "serving", telegram: "starting", "zalo-bot": "polling" } });
  });

  it("abandons what is still in hand after SHUTDOWN_GRACE_MS and says so; a second signal exits at once with 1", async () => {
    const graceful = await startServer(tempDir(), 30_000, { SHUTDOWN_GRACE_MS: "300" });
    const held = slowMessage(graceful, "/start");
    held.answer.catch(() => undefined);
    await readyzUntil(graceful, (r) => r.body.inFlight.requests === 1);
    process.kill(graceful.child.pid!, "SIGTERM");
    expect(await waitForExit(graceful.child)).toEqual({ code: 0, signal: null });
    expect(graceful.logs.find((l) => String(l.msg).startsWith("shutdown grace period over"))).toMatchObject({ graceMs: 300, abandoned: { requests: 1 } });
    expect(graceful.logs.find((l) => l.msg === "stopped")).toMatchObject({ finished: false });
    held.req.destroy();

    const impatient = await startServer(tempDir(), 30_000, { SHUTDOWN_GRACE_MS: "60000" });
    const stuck = slowMessage(impatient, "/start");
    stuck.answer.catch(() => undefined);
    await readyzUntil(impatient, (r) => r.body.inFlight.requests === 1);
    process.kill(impatient.child.pid!, "SIGTERM");
    await readyzUntil(impatient, (r) => r.status === 503);
    process.kill(impatient.child.pid!, "SIGTERM");
    expect(await waitForExit(impatient.child)).toEqual({ code: 1, signal: null });
    expect(impatient.logs.some((l) => String(l.msg).startsWith("second stop signal"))).toBe(true);
    stuck.req.destroy();
  });
});

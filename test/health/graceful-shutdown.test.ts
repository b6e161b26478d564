/**
 * The order of a graceful shutdown (intake stopped, work in hand finished or abandoned after the
 * grace period, then closed), the HTTP drain in front of the app (new requests refused with 503,
 * liveness and readiness still answered, accepted requests answered to the end), and the channel
 * states /readyz reports.
 */
import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { gracefulShutdown } from "../../src/health/graceful-shutdown.ts";
import { HttpDrain } from "../../src/health/http-drain.ts";
import { ChannelStates } from "../../src/health/channel-states.ts";

function recordingLog() {
  const lines: Array<{ level: string; o: object; msg: string | undefined }> = [];
  const at = (level: string) => (o: object, msg?: string) => void lines.push({ level, o, msg });
  return { lines, log: { info: at("info"), warn: at("warn"), error: at("error") } };
}

describe("gracefulShutdown", () => {
  it("closes only after the work in hand finished", async () => {
    const { lines, log } = recordingLog();
    const steps: string[] = [];
    let finish!: () => void;
    const done = gracefulShutdown({
      graceMs: 10_000,
      log,
      stopIntake: () => {
        steps.push("intake stopped");
        return new Promise<void>((resolve) => (finish = resolve)).then(() => void steps.push("work finished"));
      },
      inHand: () => ({ messages: { web: 1 } }),
      close: async () => void steps.push("closed"),
    });
    expect(steps).toEqual(["intake stopped"]);
    finish();
    expect(await done).toEqual({ finished: true });
    expect(steps).toEqual(["intake stopped", "work finished", "closed"]);
    expect(lines).toEqual([]);
  });

  it("abandons the work in hand after the grace period, says what it was, and closes anyway", async () => {
    const { lines, log } = recordingLog();
    let closed = false;
    const result = await gracefulShutdown({
      graceMs: 30,
      log,
      stopIntake: () => new Promise(() => undefined),
      inHand: () => ({ messages: { telegram: 2 }, requests: 0 }),
      close: async () => void (closed = true),
    });
    expect(result).toEqual({ finished: false });
    expect(closed).toBe(true);
    expect(lines).toEqual([{ level: "warn", o: { graceMs: 30, abandoned: { messages: { telegram: 2 }, requests: 0 } }, msg: "shutdown grace period over: abandoning the work in hand" }]);
  });
});

describe("HttpDrain", () => {
  function slowApp() {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const app = new Hono();
    app.get("/healthz", (c) => c.json({ ok: true }));
    app.get("/readyz", (c) => c.json({ ready: false, stopping: true }, 503));
    app.post("/api/message", async (c) => {
      await gate;
      return c.json({ replies: ["xin chào"] });
    });
    return { drain: new HttpDrain(app.fetch), release };
  }
  const request = (path: string, method = "GET") => new Request(`http://chat.example${path}`, { method });

  it("answers accepted requests to the end, refuses new ones with 503, and keeps /healthz and /readyz", async () => {
    const { drain, release } = slowApp();
    const accepted = Promise.resolve(drain.fetch(request("/api/message", "POST")));
    expect(drain.inFlight).toBe(1);
    drain.drain();
    expect(drain.isDraining).toBe(true);

    const refused = await drain.fetch(request("/api/message", "POST"));
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(await refused.json()).toEqual({ error: "stopping" });
    expect((await drain.fetch(request("/healthz"))).status).toBe(200);
    expect((await drain.fetch(request("/readyz"))).status).toBe(503);
    expect(drain.inFlight).toBe(1);

    let drained = false;
    const waiting = drain.drained().then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(drained).toBe(false);
    release();
    const answer = await accepted;
    expect(await answer.json()).toEqual({ replies: ["xin chào"] });
    await waiting;
    expect(drain.inFlight).toBe(0);
  });
});

describe("ChannelStates", () => {
  it("reports a bot channel starting, then in its mode; stopped when stopped before it was ready", async () => {
    const states = new ChannelStates();
    states.watch("web", () => "serving");
    let ready!: (v: boolean) => void;
    const telegram = states.follow("telegram", "webhook", new Promise<boolean>((resolve) => (ready = resolve)));
    const zaloBot = states.follow("zalo-bot", "polling", Promise.resolve(false));
    await zaloBot;
    expect(states.snapshot()).toEqual({ web: "serving", telegram: "starting", "zalo-bot": "stopped" });
    ready(true);
    await telegram;
    expect(states.snapshot()).toEqual({ web: "serving", telegram: "webhook", "zalo-bot": "stopped" });
  });

  it("reports a polling channel another instance leads as standby, and its own state once this one leads", async () => {
    const states = new ChannelStates();
    let elsewhere = true;
    await states.follow("telegram", "polling", Promise.resolve(true), () => elsewhere);
    expect(states.snapshot()).toEqual({ telegram: "standby" });
    elsewhere = false;
    expect(states.snapshot()).toEqual({ telegram: "polling" });
  });
});

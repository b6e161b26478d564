/**
 * Leadership: work that runs in exactly one instance at a time. In one process it is always this
 * one. On PostgreSQL several `PostgresLeadership`s on one database stand for several instances:
 * exactly one leads a name, another takes over when it stops or when its session is killed
 * (pg_terminate_backend), never while the old leader still serves (beyond its check interval), and
 * a start that fails does not keep leadership. Last, two real Telegram channels in polling mode
 * against the fake Bot API (only the leader polls, the other still sends, and takes over when it
 * stops), and two Zalo personal-account channels (only the leader logs in and listens).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import pg from "pg";
import { SoleLeadership, type Lead, type LeaderRole, type LeadershipLog } from "../../src/concurrency/leadership.ts";
import { PostgresLeadership } from "../../src/db/postgres-leadership.ts";
import { startBotChannel } from "../../src/channels/bot-channel.ts";
import { TelegramChannel } from "../../src/channels/telegram/telegram-channel.ts";
import { loadI18n } from "../../src/i18n/i18n.ts";
import { createLogger } from "../../src/log.ts";
import { createPostgresDatabase, POSTGRES_URL, tempDir } from "../support/test-databases.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { FakeZaloConnector } from "../support/fake-zalo-session.ts";
import { LedChannel } from "../../src/channels/led-channel.ts";
import { ZaloPersonalChannel } from "../../src/channels/zalo/zalo-personal-channel.ts";
import { CredentialStore } from "../../src/channels/zalo/credential-store.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds, checking every 10 ms; fails after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(10);
  }
  return Date.now() - started;
}

/** Log lines, kept for assertions. */
function recordingLog(): LeadershipLog & { lines: Array<{ level: string; message: string }> } {
  const lines: Array<{ level: string; message: string }> = [];
  return {
    lines,
    info: (_details, message) => void lines.push({ level: "info", message }),
    warn: (_details, message) => void lines.push({ level: "warn", message }),
    error: (_details, message) => void lines.push({ level: "error", message }),
  };
}

/** When each instance started and stopped its role: the timeline the exclusivity is read from. */
interface Timeline {
  events: Array<{ instance: string; kind: "start" | "stop"; at: number }>;
  serving: Set<string>;
}

function timeline(): Timeline {
  return { events: [], serving: new Set() };
}

/** A role that records into `t`; `failStarts` starts reject first. */
function recordingRole(t: Timeline, instance: string, failStarts = 0): LeaderRole & { starts: number } {
  const role = {
    starts: 0,
    start: async () => {
      role.starts++;
      if (role.starts <= failStarts) throw new Error(`start ${role.starts} of ${instance} fails`);
      t.serving.add(instance);
      t.events.push({ instance, kind: "start", at: Date.now() });
    },
    stop: async () => {
      t.serving.delete(instance);
      t.events.push({ instance, kind: "stop", at: Date.now() });
    },
  };
  return role;
}

/** The longest time two instances served at once (events are recorded in time order); Infinity if they still do. */
function longestOverlapMs(t: Timeline): number {
  let longest = 0;
  const serving = new Set<string>();
  let overlapSince: number | null = null;
  for (const e of t.events) {
    if (e.kind === "start") {
      serving.add(e.instance);
      if (serving.size > 1) overlapSince ??= e.at;
    } else {
      serving.delete(e.instance);
      if (serving.size <= 1 && overlapSince !== null) {
        longest = Math.max(longest, e.at - overlapSince);
        overlapSince = null;
      }
    }
  }
  return overlapSince === null ? longest : Number.POSITIVE_INFINITY;
}

describe("one process: SoleLeadership", () => {
  it("starts the role at once, and stops it when the lead stops", async () => {
    const t = timeline();
    const lead = new SoleLeadership({ log: recordingLog() }).lead("telegram", recordingRole(t, "a"));
    await until(() => lead.isLeader(), 200, "leader at once");
    expect(t.serving).toEqual(new Set(["a"]));
    await lead.stop();
    expect(lead.isLeader()).toBe(false);
    expect(t.events.map((e) => e.kind)).toEqual(["start", "stop"]);
  });

  it("tries a failed start again after retryMs, without counting as leader meanwhile", async () => {
    const t = timeline();
    const log = recordingLog();
    const role = recordingRole(t, "a", 2);
    const lead = new SoleLeadership({ log, retryMs: 50 }).lead("zalo", role);
    await sleep(20);
    expect(lead.isLeader()).toBe(false);
    await until(() => lead.isLeader(), 1000, "leader after two failed starts");
    expect(role.starts).toBe(3);
    expect(log.lines.filter((l) => l.level === "error").map((l) => l.message)).toEqual([
      "could not start zalo polling; leadership given up, trying again",
      "could not start zalo polling; leadership given up, trying again",
    ]);
    expect(log.lines.at(-1)).toEqual({ level: "info", message: "leader for zalo polling" });
    await lead.stop();
  });
});

describe.skipIf(!POSTGRES_URL)("several instances on PostgreSQL: PostgresLeadership", () => {
  const retryMs = 100;
  const checkMs = 100;
  let url = "";
  let drop: () => Promise<void> = async () => undefined;
  const leads: Lead[] = [];
  const instance = (log: LeadershipLog = recordingLog(), retry = retryMs) => {
    const leadership = new PostgresLeadership({ connectionString: url, retryMs: retry, checkMs, log });
    return {
      lead: (name: string, role: LeaderRole) => {
        const lead = leadership.lead(name, role);
        leads.push(lead);
        return lead;
      },
    };
  };

  /** The backend that holds the lock of `name` in the test database. */
  async function lockHolder(name: string): Promise<number | undefined> {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const result = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_locks
          WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
        [`tdkt-leader:${name}`],
      );
      return result.rows[0]?.pid;
    } finally {
      await admin.end();
    }
  }

  async function terminate(pid: number): Promise<void> {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    await admin.end();
  }

  beforeAll(async () => {
    ({ url, drop } = await createPostgresDatabase());
  });
  afterEach(async () => {
    await Promise.all(leads.splice(0).map((l) => l.stop()));
  });
  afterAll(async () => drop());

  it("lets exactly one of two instances lead a name; stopping it hands over within about retryMs", async () => {
    const t = timeline();
    const a = instance().lead("telegram", recordingRole(t, "a"));
    await until(() => a.isLeader(), 3000, "a leads");
    const b = instance().lead("telegram", recordingRole(t, "b"));
    await sleep(retryMs * 5);
    expect(b.isLeader()).toBe(false);
    // What /readyz reports: b stands by, a does not.
    expect([b.standingBy(), a.standingBy()]).toEqual([true, false]);
    expect([...t.serving]).toEqual(["a"]);
    expect(await lockHolder("telegram")).toBeTypeOf("number");

    await a.stop();
    const handOver = await until(() => b.isLeader(), 3000, "b takes over");
    expect(handOver).toBeLessThan(retryMs * 3 + 1500);
    expect([...t.serving]).toEqual(["b"]);
    // a stopped serving before it released the lock: no overlap at all.
    expect(longestOverlapMs(t)).toBe(0);
  });

  it("loses leadership when its session is killed: the old leader stops, another starts within seconds, no overlap beyond the check interval", async () => {
    const t = timeline();
    const logA = recordingLog();
    // a waits longer after a loss than b between tries, so b is the one that takes over.
    const a = instance(logA, retryMs * 10).lead("zalo-bot", recordingRole(t, "a"));
    await until(() => a.isLeader(), 3000, "a leads");
    const b = instance().lead("zalo-bot", recordingRole(t, "b"));
    await sleep(retryMs * 3);
    expect(b.isLeader()).toBe(false);

    const holder = await lockHolder("zalo-bot");
    expect(holder).toBeTypeOf("number");
    const killedAt = Date.now();
    await terminate(holder!);
    await until(() => b.isLeader(), 5000, "b takes over");
    await until(() => !t.serving.has("a"), 2000, "a stops");
    const bStarted = t.events.find((e) => e.instance === "b" && e.kind === "start")!.at;
    expect(bStarted - killedAt).toBeLessThan(3000);
    expect(t.events.filter((e) => e.instance === "a").map((e) => e.kind)).toEqual(["start", "stop"]);
    expect(longestOverlapMs(t)).toBeLessThanOrEqual(checkMs);
    expect(logA.lines.map((l) => l.message)).toContain("lost leadership: zalo-bot polling stops here, another instance takes over");

    // The old leader went back to trying, with a new connection: it takes over when b stops.
    await b.stop();
    await until(() => a.isLeader(), 5000, "a leads again");
    expect(t.events.filter((e) => e.instance === "a").map((e) => e.kind)).toEqual(["start", "stop", "start"]);
  });

  it("keeps names independent: each name has its own single leader", async () => {
    const t = timeline();
    const one = instance();
    const two = instance();
    const byName = {
      telegramOne: one.lead("telegram", recordingRole(t, "telegram@1")),
      zaloOne: one.lead("zalo", recordingRole(t, "zalo@1")),
      telegramTwo: two.lead("telegram", recordingRole(t, "telegram@2")),
      zaloTwo: two.lead("zalo", recordingRole(t, "zalo@2")),
    };
    await until(() => [...t.serving].filter((s) => s.startsWith("telegram")).length === 1 && [...t.serving].filter((s) => s.startsWith("zalo")).length === 1, 3000, "one leader per name");
    await sleep(retryMs * 4);
    expect([...t.serving].filter((s) => s.startsWith("telegram"))).toHaveLength(1);
    expect([...t.serving].filter((s) => s.startsWith("zalo"))).toHaveLength(1);

    // Stopping the telegram leader hands telegram over and leaves zalo where it is.
    const zaloLeader = [...t.serving].find((s) => s.startsWith("zalo"))!;
    const telegramLeader = t.serving.has("telegram@1") ? byName.telegramOne : byName.telegramTwo;
    await telegramLeader.stop();
    await until(() => [...t.serving].some((s) => s.startsWith("telegram")), 3000, "telegram handed over");
    expect([...t.serving].filter((s) => s.startsWith("zalo"))).toEqual([zaloLeader]);
  });

  it("gives leadership up while a start fails, so another instance leads meanwhile", async () => {
    const t = timeline();
    const failing = recordingRole(t, "a", Number.POSITIVE_INFINITY);
    const a = instance().lead("zalo", failing);
    await until(() => failing.starts >= 2, 3000, "a retries its start");
    expect(a.isLeader()).toBe(false);
    const b = instance().lead("zalo", recordingRole(t, "b"));
    await until(() => b.isLeader(), 3000, "b leads while a cannot start");
    const startsWhenBLed = failing.starts;
    await sleep(retryMs * 4);
    // a no longer wins the lock: b holds it, so a's start is not even tried.
    expect(failing.starts).toBe(startsWhenBLed);
    expect(a.isLeader()).toBe(false);
    expect([...t.serving]).toEqual(["b"]);
  });

  it("does not lead while PostgreSQL cannot be reached, and warns once, not at every try", async () => {
    const t = timeline();
    const log = recordingLog();
    const unreachable = new PostgresLeadership({ connectionString: "postgresql://postgres@127.0.0.1:9/none", retryMs, checkMs, log });
    const lead = unreachable.lead("telegram", recordingRole(t, "a"));
    leads.push(lead);
    await until(() => log.lines.length > 0, 3000, "a warning");
    await sleep(retryMs * 3);
    expect(lead.isLeader()).toBe(false);
    // One warning per outage, not one per try.
    expect(log.lines).toEqual([{ level: "warn", message: "cannot reach PostgreSQL to take leadership; trying again" }]);
  });

  it("polls Telegram from one instance only, and the other takes over when it stops", async () => {
    const fake = await FakeTelegram.start();
    const i18n = loadI18n();
    const instances = ["a", "b"].map((name) => {
      const received: string[] = [];
      const lines: Array<{ msg: string }> = [];
      const log = createLogger({ level: "info", pretty: false, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
      const channel = new TelegramChannel({
        token: fake.token,
        apiRoot: fake.apiRoot,
        handler: { handle: async (m) => (received.push(`${m.text}@${name}`), [{ text: "ok" }]) },
        i18n,
        log,
        maxFileBytes: 1024,
        sendIntervalMs: 0,
        botInfo: fake.botInfo,
        pollTimeoutSeconds: 1,
      });
      const leadership = new PostgresLeadership({ connectionString: url, retryMs, checkMs, log });
      const started = startBotChannel({ channel, mode: "polling", mountWebhook: () => undefined, leadership, log });
      return { name, received, lines, started };
    });
    try {
      const leader = await Promise.race(instances.map((i) => i.started.ready.then(() => i)));
      const other = instances.find((i) => i !== leader)!;
      for (let n = 1; n <= 3; n++) fake.sendText(100 + n, `tin ${n}`);
      await until(() => leader.received.length === 3, 5000, "the leader handles every update");
      await sleep(300);
      expect(other.received).toEqual([]);
      // The instance that does not poll still sends (reminders, notices from its outbox).
      await other.started.adapter.send("4242", [{ text: "nhắc việc" }]);
      expect(fake.lastMessageTo(4242)?.text).toBe("nhắc việc");
      expect(leader.lines.filter((l) => l.msg === "leader for telegram polling")).toHaveLength(1);
      expect(other.lines.some((l) => l.msg === "leader for telegram polling")).toBe(false);

      await leader.started.adapter.stop();
      expect(await other.started.ready).toBe(true);
      fake.sendText(200, "sau khi đổi");
      await until(() => other.received.length === 1, 5000, "the other instance handles the next update");
      expect(other.received).toEqual([`sau khi đổi@${other.name}`]);
      expect(leader.received).toHaveLength(3);
      // Never two pollers at once: Telegram (and the fake) answer 409 to the older one.
      expect([...leader.lines, ...other.lines].filter((l) => l.msg === "telegram getUpdates failed")).toEqual([]);
    } finally {
      await Promise.all(instances.map((i) => i.started.adapter.stop()));
      await fake.close();
    }
  });
  it("runs the Zalo personal account's listener in the leader only, and logs in on the other when it stops", async () => {
    const instances = await Promise.all(
      ["a", "b"].map(async (name) => {
        const store = new CredentialStore(join(tempDir(), "zalo-credentials.json"));
        await store.save({ imei: "imei-1", userAgent: "UA", cookie: [{ key: "zpw_sek", value: "v0" }] });
        const connector = new FakeZaloConnector();
        const received: string[] = [];
        const zalo = new ZaloPersonalChannel({
          connector,
          store,
          handler: { handle: async (m) => (received.push(m.text ?? ""), []) },
          i18n: loadI18n(),
          log: createLogger({ level: "silent", pretty: false }),
          maxFileBytes: 1024,
          sendIntervalMs: 0,
          circuitCooldownMs: 300,
          maxRestarts: 3,
          restartBaseMs: 20,
        });
        const leadership = new PostgresLeadership({ connectionString: url, retryMs, checkMs, log: recordingLog() });
        const receiver = new LedChannel(zalo, { leadership, name: "zalo", role: { start: () => zalo.start(), stop: () => zalo.stop() } });
        await receiver.start();
        return { name, connector, received, zalo, receiver };
      }),
    );
    try {
      await until(() => instances.some((i) => i.zalo.status === "running"), 3000, "one listener runs");
      await sleep(retryMs * 4);
      const leader = instances.find((i) => i.zalo.status === "running")!;
      const other = instances.find((i) => i !== leader)!;
      expect(other.connector.sessions).toHaveLength(0);
      expect(leader.receiver.isLeader()).toBe(true);
      expect(other.receiver.isLeader()).toBe(false);

      await leader.receiver.stop();
      expect(leader.connector.current.stopped).toBe(true);
      await until(() => other.zalo.status === "running", 3000, "the other instance's listener runs");
      other.connector.current.text("8123456789012345678", "xin chào");
      await until(() => other.received.length === 1, 3000, "the new leader receives");
      expect(leader.received).toEqual([]);
    } finally {
      await Promise.all(instances.map((i) => i.receiver.stop()));
    }
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { OutboxRunner, type ClaimedJob } from "../../src/outbox/outbox-runner.ts";
import { createLogger } from "../../src/log.ts";
import { POSTGRES_URL, createPostgresDatabase, sqliteUrl } from "../support/test-databases.ts";

const silent = createLogger({ level: "silent", pretty: false });

describe("OutboxRunner.delay", () => {
  const runner = (random: number) => new OutboxRunner({ db: {} as Db, handlers: {}, log: silent, baseDelayMs: 1000, maxDelayMs: 60_000, random: () => random });
  it("doubles per attempt with jitter between half and the full value, capped", () => {
    expect(runner(0).delay(1)).toBe(500);
    expect(runner(1).delay(1)).toBe(1000);
    expect(runner(1).delay(4)).toBe(8000);
    expect(runner(1).delay(30)).toBe(60_000);
  });
  it("never retries earlier than Retry-After", () => {
    expect(runner(0).delay(1, 120_000)).toBe(120_000);
    expect(runner(1).delay(4, 10)).toBe(8000);
  });
});

const targets = [
  { name: "sqlite", skip: false, make: async () => ({ url: sqliteUrl(), drop: async () => undefined }) },
  { name: "postgresql", skip: !POSTGRES_URL, make: createPostgresDatabase },
];

for (const target of targets) {
  describe.skipIf(target.skip)(`several workers on ${target.name}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it("run every job exactly once, and a job whose worker vanished is taken over after its lease", async () => {
      const { url, drop } = await target.make();
      cleanups.push(drop);
      const { db } = await openDatabase(url);
      cleanups.push(() => db.$disconnect());
      const now = new Date();
      for (let i = 0; i < 12; i++) {
        await db.outboxJob.create({ data: { kind: "count", payload: { n: i }, idempotencyKey: `count:${i}`, status: "PENDING", nextAttemptAt: now } });
      }
      const seen: number[] = [];
      const handler = async (job: ClaimedJob) => {
        seen.push((job.payload as { n: number }).n);
        await new Promise((r) => setTimeout(r, 5));
        return { type: "done" as const };
      };
      const workers = [0, 1, 2].map(() => new OutboxRunner({ db, handlers: { count: handler }, log: silent }));
      const done = await Promise.all(workers.map((w) => w.drain()));
      expect(done.reduce((a, b) => a + b, 0)).toBe(12);
      expect([...seen].sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
      expect(await db.outboxJob.count({ where: { status: "DONE" } })).toBe(12);

      // A worker claims a job and vanishes; another takes it over once the lease ran out.
      await db.outboxJob.create({ data: { kind: "count", payload: { n: 99 }, idempotencyKey: "count:99", status: "PENDING", nextAttemptAt: new Date() } });
      const vanished = new OutboxRunner({ db, handlers: { count: handler }, log: silent, leaseMs: 100 });
      expect(await vanished.claim()).toMatchObject({ attempt: 1 });
      const other = new OutboxRunner({ db, handlers: { count: handler }, log: silent, leaseMs: 100 });
      expect(await other.claim()).toBeNull();
      await new Promise((r) => setTimeout(r, 150));
      expect(await other.runOnce()).toBe(true);
      expect(await db.outboxJob.findUniqueOrThrow({ where: { idempotencyKey: "count:99" } })).toMatchObject({ status: "DONE", attempts: 2 });
    });

    it("runs up to `concurrency` jobs of the concurrent kinds at once, each once, and the other kinds one at a time in order", async () => {
      const { url, drop } = await target.make();
      cleanups.push(drop);
      const { db } = await openDatabase(url);
      cleanups.push(() => db.$disconnect());
      const now = new Date();
      for (let i = 0; i < 30; i++) {
        await db.outboxJob.create({ data: { kind: "forward", payload: { n: i }, idempotencyKey: `forward:${i}`, status: "PENDING", nextAttemptAt: now } });
      }
      for (let i = 0; i < 6; i++) {
        await db.outboxJob.create({ data: { kind: "notify", payload: { n: i }, idempotencyKey: `notify:${i}`, status: "PENDING", nextAttemptAt: new Date(now.getTime() - 1000 + i) } });
      }
      const forwarded: number[] = [];
      const notified: number[] = [];
      let inFlight = 0;
      let most = 0;
      let notifying = 0;
      // The first forwards wait (up to 2 s) until four are in flight, so a slow machine still shows the bound.
      let open: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const slow = (seen: number[], count: (d: number) => void) => async (job: ClaimedJob) => {
        count(1);
        if (inFlight === 4) open();
        await Promise.race([gate, new Promise((r) => setTimeout(r, 2000))]);
        await new Promise((r) => setTimeout(r, 5));
        seen.push((job.payload as { n: number }).n);
        count(-1);
        return { type: "done" as const };
      };
      const runner = new OutboxRunner({
        db,
        log: silent,
        concurrentKinds: ["forward"],
        concurrency: 4,
        handlers: {
          forward: slow(forwarded, (d) => {
            inFlight += d;
            most = Math.max(most, inFlight);
          }),
          notify: slow(notified, (d) => {
            notifying += d;
            expect(notifying).toBeLessThanOrEqual(1);
          }),
        },
      });
      expect(await runner.drain()).toBe(36);
      expect([...forwarded].sort((a, b) => a - b)).toEqual([...Array(30).keys()]);
      expect(most).toBe(4);
      expect(notified).toEqual([0, 1, 2, 3, 4, 5]);
      expect(await db.outboxJob.count({ where: { status: "DONE", attempts: 1 } })).toBe(36);
      expect(await db.outboxAttempt.count({ where: { outcome: "success" } })).toBe(36);
    });
  });
}

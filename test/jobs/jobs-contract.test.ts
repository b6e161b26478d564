/**
 * The `Jobs` port's contract, one suite run against every engine: the outbox on SQLite, the outbox
 * on PostgreSQL and pg-boss on PostgreSQL (the PostgreSQL ones when DATABASE_URL_POSTGRES is set).
 * Real databases migrated with the real migrations, real job kinds, handlers that count.
 */
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { createLogger } from "../../src/log.ts";
import type { Jobs, JobWorkers } from "../../src/jobs/jobs-port.ts";
import { OutboxJobs } from "../../src/jobs/outbox-jobs.ts";
import { PgBossJobs } from "../../src/jobs/pg-boss-jobs.ts";
import { FORWARD_DOSSIER_JOB, NOTIFY_JOB, type ForwardDossierPayload, type NotifyPayload } from "../../src/outbox/jobs.ts";
import type { JobHandler } from "../../src/outbox/outbox-runner.ts";
import { POSTGRES_URL, createPostgresDatabase, sqliteUrl } from "../support/test-databases.ts";

const silent = createLogger({ level: "silent", pretty: false });
const MAX_ATTEMPTS = 2;

interface Engine {
  name: string;
  skip: boolean;
  database: () => Promise<{ url: string; drop: () => Promise<void> }>;
  /** An engine on the database; several may be opened on one, as several processes would. */
  open: (db: Db, url: string) => Promise<Jobs>;
}

const sqlite = async () => ({ url: sqliteUrl(), drop: async () => undefined });
const outbox = async (db: Db, url: string) => new OutboxJobs({ db, log: silent, provider: url.startsWith("file:") ? "sqlite" : "postgresql", pollMs: 50, leaseMs: 5000, baseDelayMs: 100, maxAttempts: MAX_ATTEMPTS });
const engines: Engine[] = [
  { name: "the outbox on SQLite", skip: false, database: sqlite, open: outbox },
  { name: "the outbox on PostgreSQL", skip: !POSTGRES_URL, database: createPostgresDatabase, open: outbox },
  {
    name: "pg-boss on PostgreSQL",
    skip: !POSTGRES_URL,
    database: createPostgresDatabase,
    open: (_db, url) =>
      PgBossJobs.open({ url, log: silent, kinds: [NOTIFY_JOB.kind, FORWARD_DOSSIER_JOB.kind], concurrentKinds: [FORWARD_DOSSIER_JOB.kind], maxAttempts: MAX_ATTEMPTS, retryDelaySeconds: 1, pollSeconds: 0.5 }),
  },
];

const AT = () => new Date(Date.now() - 1000);
const notice = (n: number, chatId = "42"): NotifyPayload => ({ channel: "telegram", chatId, messages: [{ text: `phần ${n}` }] });
const dossier = (n: number): ForwardDossierPayload => ({ dossierId: `d${n}`, code: `TDKT-2026-${String(n).padStart(6, "0")}` });
const partOf = (payload: unknown) => Number((payload as NotifyPayload).messages[0]!.text.split(" ")[1]);

async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const workers = (handlers: Record<string, JobHandler>): JobWorkers => ({ handlers, concurrentKinds: [FORWARD_DOSSIER_JOB.kind], concurrency: 4, recurring: [] });

for (const engine of engines) {
  describe.skipIf(engine.skip)(`Jobs on ${engine.name}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    /** A fresh migrated database and `count` engines on it, stopped after the file's tests. */
    async function setUp(count = 1): Promise<{ db: Db; jobs: Jobs[] }> {
      const { url, drop } = await engine.database();
      cleanups.push(drop);
      const { db } = await openDatabase(url);
      cleanups.push(() => db.$disconnect());
      const jobs: Jobs[] = [];
      for (let i = 0; i < count; i++) {
        const j = await engine.open(db, url);
        cleanups.push(() => j.stop());
        jobs.push(j);
      }
      return { db, jobs };
    }

    it("queues nothing when the transaction rolls back; a committed job runs once and is DONE", async () => {
      const { db, jobs: [jobs] } = await setUp();
      await expect(
        db.$transaction(async (tx) => {
          await jobs!.enqueue(tx, NOTIFY_JOB, notice(1), { key: "notify:rolled-back", at: AT() });
          throw new Error("the dossier could not be written");
        }),
      ).rejects.toThrow(/could not be written/);
      expect(await jobs!.statusOf(db, NOTIFY_JOB, "notify:rolled-back")).toBeNull();
      expect(await jobs!.pendingPayloads(db, NOTIFY_JOB)).toEqual([]);

      expect(await db.$transaction((tx) => jobs!.enqueue(tx, NOTIFY_JOB, notice(2), { key: "notify:committed", at: AT() }))).toBe(true);
      expect(await jobs!.statusOf(db, NOTIFY_JOB, "notify:committed")).toBe("PENDING");
      expect(await jobs!.pendingPayloads(db, NOTIFY_JOB)).toEqual([notice(2)]);
      const seen: unknown[] = [];
      await jobs!.start(workers({ [NOTIFY_JOB.kind]: async (job) => (seen.push(job.payload), { type: "done" }) }));
      await until("the job is done", async () => (await jobs!.statusOf(db, NOTIFY_JOB, "notify:committed")) === "DONE");
      await new Promise((r) => setTimeout(r, 600));
      expect(seen).toEqual([notice(2)]);
      expect(await jobs!.pendingPayloads(db, NOTIFY_JOB)).toEqual([]);
    });

    it("refuses a payload that does not fit its kind", async () => {
      const { db, jobs: [jobs] } = await setUp();
      await expect(db.$transaction((tx) => jobs!.enqueue(tx, FORWARD_DOSSIER_JOB, { dossierId: "", code: "x" }, { key: "forward-dossier:bad", at: AT() }))).rejects.toThrow(/dossierId/);
      expect(await jobs!.statusOf(db, FORWARD_DOSSIER_JOB, "forward-dossier:bad")).toBeNull();
    });

    it("a key is one job for good: skipped or refused while queued, and still after the job is done", async () => {
      const { db, jobs: [jobs] } = await setUp();
      const key = "forward-dossier:d1";
      expect(await db.$transaction((tx) => jobs!.enqueue(tx, FORWARD_DOSSIER_JOB, dossier(1), { key, at: AT() }))).toBe(true);
      expect(await db.$transaction((tx) => jobs!.enqueue(tx, FORWARD_DOSSIER_JOB, dossier(2), { key, at: AT(), ifQueued: "skip" }))).toBe(false);
      await expect(db.$transaction((tx) => jobs!.enqueue(tx, FORWARD_DOSSIER_JOB, dossier(3), { key, at: AT() }))).rejects.toThrow();
      const seen: unknown[] = [];
      await jobs!.start(workers({ [FORWARD_DOSSIER_JOB.kind]: async (job) => (seen.push(job.payload), { type: "done" }) }));
      await until("the job is done", async () => (await jobs!.statusOf(db, FORWARD_DOSSIER_JOB, key)) === "DONE");
      expect(await db.$transaction((tx) => jobs!.enqueue(tx, FORWARD_DOSSIER_JOB, dossier(4), { key, at: AT(), ifQueued: "skip" }))).toBe(false);
      await new Promise((r) => setTimeout(r, 600));
      expect(seen).toEqual([dossier(1)]);
    });

    it("retries a job that asks to, then it is done; a thrown handler is a retry too", async () => {
      const { db, jobs: [jobs] } = await setUp();
      await db.$transaction((tx) => jobs!.enqueue(tx, FORWARD_DOSSIER_JOB, dossier(1), { key: "forward-dossier:d1", at: AT() }));
      await db.$transaction((tx) => jobs!.enqueue(tx, NOTIFY_JOB, notice(1), { key: "notify:1", at: AT() }));
      const attempts: string[] = [];
      await jobs!.start(
        workers({
          [FORWARD_DOSSIER_JOB.kind]: async (job) => (attempts.push(`forward ${job.attempt}`), job.attempt === 1 ? { type: "retry", error: "council away" } : { type: "done" }),
          [NOTIFY_JOB.kind]: async (job) => {
            attempts.push(`notify ${job.attempt}`);
            if (job.attempt === 1) throw new Error("socket hang up");
            return { type: "done" };
          },
        }),
      );
      await until("both jobs are done", async () => (await jobs!.statusOf(db, FORWARD_DOSSIER_JOB, "forward-dossier:d1")) === "DONE" && (await jobs!.statusOf(db, NOTIFY_JOB, "notify:1")) === "DONE");
      expect(attempts.sort()).toEqual(["forward 1", "forward 2", "notify 1", "notify 2"]);
      expect(await jobs!.deadLetters(db, FORWARD_DOSSIER_JOB)).toEqual([]);
    });

    it("never retries earlier than the remote's Retry-After", async () => {
      const { db, jobs: [jobs] } = await setUp();
      await db.$transaction((tx) => jobs!.enqueue(tx, FORWARD_DOSSIER_JOB, dossier(1), { key: "forward-dossier:d1", at: AT() }));
      const started: number[] = [];
      await jobs!.start(
        workers({ [FORWARD_DOSSIER_JOB.kind]: async (job) => (started.push(Date.now()), job.attempt === 1 ? { type: "retry", error: "429", httpStatus: 429, retryAfterMs: 3000 } : { type: "done" }) }),
      );
      await until("the job is done", async () => (await jobs!.statusOf(db, FORWARD_DOSSIER_JOB, "forward-dossier:d1")) === "DONE");
      expect(started).toHaveLength(2);
      expect(started[1]! - started[0]!).toBeGreaterThanOrEqual(2900);
    });

    it("a job that keeps failing is a dead letter after the last attempt, with the last error; one that says dead is one at once", async () => {
      const { db, jobs: [jobs] } = await setUp();
      await db.$transaction((tx) => jobs!.enqueue(tx, FORWARD_DOSSIER_JOB, dossier(1), { key: "forward-dossier:d1", at: AT() }));
      await db.$transaction((tx) => jobs!.enqueue(tx, FORWARD_DOSSIER_JOB, dossier(2), { key: "forward-dossier:d2", at: AT() }));
      const attempts: string[] = [];
      await jobs!.start(
        workers({
          [FORWARD_DOSSIER_JOB.kind]: async (job) => {
            const { dossierId } = job.payload as ForwardDossierPayload;
            attempts.push(`${dossierId} ${job.attempt}`);
            return dossierId === "d1" ? { type: "retry", error: `council away (${job.attempt})` } : { type: "dead", error: "the council refused the dossier: 422", httpStatus: 422 };
          },
        }),
      );
      await until("both are dead letters", async () => (await jobs!.deadLetters(db, FORWARD_DOSSIER_JOB)).length === 2);
      expect(await jobs!.statusOf(db, FORWARD_DOSSIER_JOB, "forward-dossier:d1")).toBe("DEAD");
      expect(await jobs!.statusOf(db, FORWARD_DOSSIER_JOB, "forward-dossier:d2")).toBe("DEAD");
      const dead = await jobs!.deadLetters(db, FORWARD_DOSSIER_JOB);
      expect(dead).toEqual(
        expect.arrayContaining([
          { payload: dossier(1), reason: expect.stringContaining(`council away (${MAX_ATTEMPTS})`) },
          { payload: dossier(2), reason: "the council refused the dossier: 422" },
        ]),
      );
      expect(attempts.sort()).toEqual(["d1 1", "d1 2", "d2 1"]);
    });

    it("two engines on one database run every job exactly once", async () => {
      const { db, jobs } = await setUp(2);
      await db.$transaction(async (tx) => {
        for (let i = 0; i < 16; i++) await jobs[0]!.enqueue(tx, FORWARD_DOSSIER_JOB, dossier(i), { key: `forward-dossier:d${i}`, at: AT() });
        for (let i = 0; i < 6; i++) await jobs[0]!.enqueue(tx, NOTIFY_JOB, notice(i), { key: `notify:${i}`, at: new Date(AT().getTime() + i) });
      });
      const ran = new Map<string, number>();
      const count: JobHandler = async (job) => {
        const id = job.kind === NOTIFY_JOB.kind ? `n${partOf(job.payload)}` : (job.payload as ForwardDossierPayload).dossierId;
        ran.set(id, (ran.get(id) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 10));
        return { type: "done" };
      };
      for (const j of jobs) await j.start(workers({ [FORWARD_DOSSIER_JOB.kind]: count, [NOTIFY_JOB.kind]: count }));
      await until("every job ran", () => ran.size === 22);
      await until("every job is done", async () => (await jobs[1]!.pendingPayloads(db, FORWARD_DOSSIER_JOB)).length === 0 && (await jobs[1]!.pendingPayloads(db, NOTIFY_JOB)).length === 0);
      await new Promise((r) => setTimeout(r, 600));
      expect([...ran.values()].every((n) => n === 1)).toBe(true);
      expect(ran.size).toBe(22);
    });

    it("notices run one at a time in the order they are due, across two engines", async () => {
      const { db, jobs } = await setUp(2);
      // As a digest queues its parts: one transaction, each part a millisecond after the one before.
      const now = AT();
      await db.$transaction(async (tx) => {
        for (const i of [0, 1, 2, 3, 4, 5, 6, 7]) await jobs[0]!.enqueue(tx, NOTIFY_JOB, notice(i), { key: `digest:1:${i}`, at: new Date(now.getTime() + i) });
      });
      const order: number[] = [];
      let inFlight = 0;
      let most = 0;
      const send: JobHandler = async (job) => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 20));
        order.push(partOf(job.payload));
        inFlight--;
        return { type: "done" };
      };
      for (const j of jobs) await j.start(workers({ [NOTIFY_JOB.kind]: send }));
      await until("every part is sent", () => order.length === 8);
      expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(most).toBe(1);
    });

    it("lists a kind's pending payloads in order, and deletes the jobs whose payload matches (erasure)", async () => {
      const { db, jobs: [jobs] } = await setUp();
      const now = AT();
      await db.$transaction(async (tx) => {
        await jobs!.enqueue(tx, NOTIFY_JOB, notice(1, "erased"), { key: "notify:1", at: now });
        await jobs!.enqueue(tx, NOTIFY_JOB, notice(2, "kept"), { key: "notify:2", at: new Date(now.getTime() + 1) });
        await jobs!.enqueue(tx, NOTIFY_JOB, notice(3, "erased"), { key: "notify:3", at: new Date(now.getTime() + 2) });
      });
      expect(await jobs!.pendingPayloads(db, NOTIFY_JOB)).toEqual([notice(1, "erased"), notice(2, "kept"), notice(3, "erased")]);
      expect(await db.$transaction((tx) => jobs!.deleteWhere(tx, NOTIFY_JOB, (p) => (p as NotifyPayload).chatId === "erased"))).toBe(2);
      expect(await jobs!.pendingPayloads(db, NOTIFY_JOB)).toEqual([notice(2, "kept")]);
      expect(await jobs!.statusOf(db, NOTIFY_JOB, "notify:1")).toBeNull();
    });

    it("erasure removes finished jobs and dead letters too", async () => {
      const { db, jobs: [jobs] } = await setUp();
      await db.$transaction(async (tx) => {
        await jobs!.enqueue(tx, NOTIFY_JOB, notice(1, "erased"), { key: "notify:1", at: AT() });
        await jobs!.enqueue(tx, NOTIFY_JOB, notice(2, "erased"), { key: "notify:2", at: AT() });
      });
      await jobs!.start(workers({ [NOTIFY_JOB.kind]: async (job) => (partOf(job.payload) === 1 ? { type: "dead", error: "no sender for channel telegram" } : { type: "done" }) }));
      await until("one is a dead letter, the other done", async () => (await jobs!.deadLetters(db, NOTIFY_JOB)).length === 1 && (await jobs!.statusOf(db, NOTIFY_JOB, "notify:2")) === "DONE");
      expect(await db.$transaction((tx) => jobs!.deleteWhere(tx, NOTIFY_JOB, (p) => (p as NotifyPayload).chatId === "erased"))).toBe(2);
      expect(await jobs!.deadLetters(db, NOTIFY_JOB)).toEqual([]);
      expect(await jobs!.statusOf(db, NOTIFY_JOB, "notify:1")).toBeNull();
      expect(await jobs!.statusOf(db, NOTIFY_JOB, "notify:2")).toBeNull();
    });
  });
}

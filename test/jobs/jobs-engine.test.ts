/**
 * Which engine a process runs its jobs on (JOBS_ENGINE, by default from the database), and, on
 * PostgreSQL, that the app's own enqueue and reads go to the engine named with `useJobs`: with
 * pg-boss, a council entry queued in a transaction is one of pg-boss's jobs and no outbox row; and
 * that a key stays taken after pg-boss archives its job; and that a recurring task runs once per
 * tick whatever the number of processes.
 */
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/open-database.ts";
import { createLogger } from "../../src/log.ts";
import { jobsInUse, useJobs } from "../../src/jobs/jobs-in-use.ts";
import { PgBossJobs } from "../../src/jobs/pg-boss-jobs.ts";
import { pendingEntriesByCode } from "../../src/council/council-entries.ts";
import { COUNCIL_TRANSITION_JOB, enqueueJob, JOB_KINDS, NOTIFY_JOB } from "../../src/outbox/jobs.ts";
import { POSTGRES_URL, createPostgresDatabase } from "../support/test-databases.ts";

describe("JOBS_ENGINE", () => {
  it("is the outbox on SQLite and pg-boss on PostgreSQL unless chosen; pg-boss on SQLite is refused", () => {
    expect(loadConfig({}).jobsEngine).toBe("outbox");
    expect(loadConfig({ DATABASE_URL: "postgresql://app@db/tdkt" }).jobsEngine).toBe("pg-boss");
    expect(loadConfig({ DATABASE_URL: "postgresql://app@db/tdkt", JOBS_ENGINE: "outbox" }).jobsEngine).toBe("outbox");
    expect(() => loadConfig({ JOBS_ENGINE: "pg-boss" })).toThrow(/JOBS_ENGINE: pg-boss needs PostgreSQL/);
    expect(() => loadConfig({ JOBS_ENGINE: "bullmq" })).toThrow(/JOBS_ENGINE/);
  });
});

describe.skipIf(!POSTGRES_URL)("the app's jobs on pg-boss", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  /** A fresh database with pg-boss opened on it, both closed after the file's tests. */
  async function freshPgBoss() {
    const { url, drop } = await createPostgresDatabase();
    cleanups.push(drop);
    const { db } = await openDatabase(url);
    cleanups.push(() => db.$disconnect());
    const jobs = await PgBossJobs.open({ url, log: createLogger({ level: "silent", pretty: false }), kinds: JOB_KINDS, concurrentKinds: [] });
    cleanups.push(() => jobs.stop());
    return { url, db, jobs };
  }

  it("queues through the engine in use and reads the pending entries from it", async () => {
    const { db, jobs } = await freshPgBoss();
    const before = jobsInUse();
    useJobs(jobs);
    cleanups.push(async () => useJobs(before));

    const entry = { councilDossierId: "c1", code: "TDKT-2026-000001", to: "in_review" as const, reason: null, fields: [], actorId: "u1" };
    await db.$transaction((tx) => enqueueJob(tx, COUNCIL_TRANSITION_JOB, entry, { key: "council-transition:console:n1", at: new Date() }));
    expect(await db.outboxJob.count()).toBe(0);
    expect(await jobsInUse().statusOf(db, COUNCIL_TRANSITION_JOB, "council-transition:console:n1")).toBe("PENDING");
    expect(await pendingEntriesByCode(db)).toEqual(new Map([["TDKT-2026-000001", ["IN_REVIEW"]]]));
    expect(await db.$transaction((tx) => enqueueJob(tx, COUNCIL_TRANSITION_JOB, entry, { key: "council-transition:console:n1", at: new Date(), ifQueued: "skip" }))).toBe(false);
  });

  it("a recurring task runs once per tick across two processes", async () => {
    // Away from a minute's end, so that one tick is all the test can see.
    const second = new Date().getSeconds();
    if (second > 48) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    const { url, drop } = await createPostgresDatabase();
    cleanups.push(drop);
    let runs = 0;
    for (let i = 0; i < 2; i++) {
      const jobs = await PgBossJobs.open({ url, log: createLogger({ level: "silent", pretty: false }), kinds: [], concurrentKinds: [], pollSeconds: 0.5, scheduleCheckSeconds: 1 });
      cleanups.push(() => jobs.stop());
      await jobs.start({ handlers: {}, concurrentKinds: [], concurrency: 1, recurring: [{ name: "digest-tick", cron: "* * * * *", run: async () => runs++ }] });
    }
    const end = Date.now() + 12_000;
    while (runs === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 2000));
    expect(runs).toBe(1);
  }, 60_000);

  it("a key stays taken once pg-boss has moved its finished job to the archive", async () => {
    const { db, jobs } = await freshPgBoss();
    const notice = { channel: "telegram", chatId: "42", messages: [{ text: "Xin chào" }] };
    await db.$transaction((tx) => jobs.enqueue(tx, NOTIFY_JOB, notice, { key: "notify:archived", at: new Date() }));
    // As pg-boss's maintenance archives a completed job (its archive table is the job table plus archived_on).
    await db.$executeRawUnsafe(`UPDATE pgboss.job SET state = 'completed', completed_on = now() WHERE name = 'notify'`);
    await db.$executeRawUnsafe(`WITH moved AS (DELETE FROM pgboss.job WHERE name = 'notify' RETURNING *) INSERT INTO pgboss.archive SELECT *, now() FROM moved`);
    expect(await jobs.statusOf(db, NOTIFY_JOB, "notify:archived")).toBe("DONE");
    expect(await db.$transaction((tx) => jobs.enqueue(tx, NOTIFY_JOB, notice, { key: "notify:archived", at: new Date(), ifQueued: "skip" }))).toBe(false);
    await expect(db.$transaction((tx) => jobs.enqueue(tx, NOTIFY_JOB, notice, { key: "notify:archived", at: new Date() }))).rejects.toThrow(/queued already/);
    expect(await db.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM pgboss.job WHERE name = 'notify'`)).toEqual([]);
  });
});

/**
 * The `Jobs` port on pg-boss (PostgreSQL's default engine): one pg-boss queue per job kind, in
 * pg-boss's own schema of the application's database, each with its dead-letter queue.
 *
 * - Queued in the caller's transaction: pg-boss writes the job through the transaction's client.
 * - A key is one job for good: the job's id is a UUID derived from the key, so a second insert
 *   under it conflicts with the first, and the archive (where finished jobs move) is looked at
 *   too; finished jobs are kept for `keepDays` (default ten years: the outbox engine keeps every
 *   row), so a key stays taken as long as the outbox engine would keep it.
 * - Ordered kinds run one job at a time across every process, in the order they are due: they are
 *   singleton queues (one active job at a time), the job's created_on is set to its due time (the
 *   order pg-boss fetches in), and each process fetches them under an advisory lock, looking first
 *   whether a job of the kind is active (pg-boss's own fetch skips locked rows: two processes
 *   fetching at once could otherwise take the second job before the first is done).
 * - Outcomes: done completes the job; retry fails it, and pg-boss retries it with exponential
 *   backoff until the queue's retry limit (`maxAttempts`), then copies it to the dead-letter queue
 *   with the last error; a Retry-After pushes the next attempt back; dead fails it at once (its
 *   retry limit lowered to the attempts made), to the dead-letter queue with the reason.
 * - A job's `expireInSeconds` (the outbox's lease) is how long a worker holds it: a job of a
 *   process that died is failed by pg-boss's maintenance after it, and retried.
 * - Recurring tasks are pg-boss schedules: their queue gets one job per cron tick across every
 *   process (pg-boss's cron takes a lock in its version table), and one process runs it.
 */
import { createHash } from "node:crypto";
import pg from "pg";
import PgBoss from "pg-boss";
import type { Db, Tx } from "../db/open-database.ts";
import type { Logger } from "../log.ts";
import type { ClaimedJob, JobHandler, JobOutcome } from "../outbox/outbox-runner.ts";
import { RepeatEvery } from "../outbox/repeat-every.ts";
import type { DeadLetter, EnqueueOptions, JobDefinition, Jobs, JobStatus, JobWorkers } from "./jobs-port.ts";

/** pg-boss's tables live in this schema of the application's database. */
const SCHEMA = "pgboss";

export interface PgBossJobsOptions {
  /** The application's PostgreSQL database. */
  url: string;
  log: Logger;
  /** Every job kind that may be queued: its queue is created when this engine opens. */
  kinds: readonly string[];
  /** Kinds whose jobs run several at a time; the others run one at a time, in order. */
  concurrentKinds: readonly string[];
  /** Attempts before a job that keeps failing goes to its dead-letter queue; default 30. */
  maxAttempts?: number;
  /** The first retry's base delay, doubled per attempt (with jitter); default 2 s. */
  retryDelaySeconds?: number;
  /** How long a worker holds a job before it counts as failed; default 60 s. */
  leaseSeconds?: number;
  /** How often an idle worker looks for due jobs; default 2 s, at least 0.5 s. */
  pollSeconds?: number;
  /** How long finished jobs (and so their keys) are kept; default 3650 days. */
  keepDays?: number;
  /** How often pg-boss looks whether a schedule is due (so how late a recurring task may start); default 30 s. */
  scheduleCheckSeconds?: number;
}

/** The dead-letter queue of a kind. */
export function deadLetterQueue(kind: string): string {
  return `${kind}-dead-letter`;
}

/** The job id of a key: a UUID (version 5's layout) from the key's SHA-256. */
export function jobIdOfKey(key: string): string {
  const h = createHash("sha256").update(key, "utf8").digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const STATUS: Record<string, JobStatus> = { created: "PENDING", retry: "PENDING", active: "RUNNING", completed: "DONE", failed: "DEAD", cancelled: "DEAD" };

/** pg-boss's database seam over a Prisma client or transaction: its SQL runs on the caller's connection. */
function viaPrisma(db: Db | Tx): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: await db.$queryRawUnsafe<unknown[]>(text, ...values) }) };
}

export class PgBossJobs implements Jobs {
  /** The ordered kinds' fetch loops. */
  private readonly loops: RepeatEvery[] = [];

  private constructor(
    private readonly boss: PgBoss,
    /** Connections for the ordered kinds' locked fetches. */
    private readonly pool: pg.Pool,
    private readonly opts: PgBossJobsOptions,
  ) {}

  /** Starts pg-boss on the database (creating or migrating its schema) and creates every kind's queues. */
  static async open(opts: PgBossJobsOptions): Promise<PgBossJobs> {
    const boss = new PgBoss({
      connectionString: opts.url,
      schema: SCHEMA,
      deleteAfterDays: opts.keepDays ?? 3650,
      ...(opts.pollSeconds !== undefined ? { pollingIntervalSeconds: opts.pollSeconds } : {}),
      ...(opts.scheduleCheckSeconds !== undefined ? { cronMonitorIntervalSeconds: opts.scheduleCheckSeconds, cronWorkerIntervalSeconds: opts.scheduleCheckSeconds } : {}),
    });
    // A failed fetch (the database away for a moment) is reported here; the worker tries again.
    boss.on("error", (err: Error) => opts.log.warn({ error: err.message }, "pg-boss error; will retry"));
    await boss.start();
    // A job waits for its turn as long as it takes (an outbox job never expires), and dead letters stay for an operator.
    const retentionMinutes = (opts.keepDays ?? 3650) * 24 * 60;
    for (const kind of opts.kinds) {
      await boss.createQueue(deadLetterQueue(kind), { name: deadLetterQueue(kind), policy: "standard", retryLimit: 0, retentionMinutes });
      await boss.createQueue(kind, {
        name: kind,
        policy: opts.concurrentKinds.includes(kind) ? "standard" : "singleton",
        retryLimit: (opts.maxAttempts ?? 30) - 1,
        retryDelay: opts.retryDelaySeconds ?? 2,
        retryBackoff: true,
        expireInSeconds: opts.leaseSeconds ?? 60,
        deadLetter: deadLetterQueue(kind),
        retentionMinutes,
      });
    }
    return new PgBossJobs(boss, new pg.Pool({ connectionString: opts.url, max: 2 }), opts);
  }

  async enqueue<P>(tx: Tx, job: JobDefinition<P>, payload: P, opts: EnqueueOptions): Promise<boolean> {
    const checked = job.payload.parse(payload);
    const id = jobIdOfKey(opts.key);
    const db = viaPrisma(tx);
    const inserted = (await this.statusOf(tx, job, opts.key)) === null ? await this.boss.send(job.kind, checked as object, { id, startAfter: opts.at, db }) : null;
    if (inserted === null) {
      if ((await this.statusOf(tx, job, opts.key)) === null) throw new Error(`pg-boss has no queue ${job.kind}: the job was not queued`);
      if (opts.ifQueued === "skip") return false;
      throw new Error(`a ${job.kind} job is queued already under key ${opts.key}`);
    }
    // Fetched in created_on order: the due time keeps the order of jobs queued in one transaction.
    await db.executeSql(`UPDATE ${SCHEMA}.job SET created_on = $3::timestamptz WHERE name = $1 AND id = $2::uuid`, [job.kind, id, opts.at.toISOString()]);
    return true;
  }

  async statusOf(db: Db | Tx, job: JobDefinition<unknown>, key: string): Promise<JobStatus | null> {
    const { rows } = await viaPrisma(db).executeSql(
      `SELECT state::text AS state FROM ${SCHEMA}.job WHERE name = $1 AND id = $2::uuid
       UNION ALL SELECT state::text FROM ${SCHEMA}.archive WHERE name = $1 AND id = $2::uuid LIMIT 1`,
      [job.kind, jobIdOfKey(key)],
    );
    const state = (rows[0] as { state: string } | undefined)?.state;
    return state === undefined ? null : (STATUS[state] ?? null);
  }

  async pendingPayloads(db: Db | Tx, job: JobDefinition<unknown>): Promise<unknown[]> {
    const { rows } = await viaPrisma(db).executeSql(`SELECT data FROM ${SCHEMA}.job WHERE name = $1 AND state < 'completed' ORDER BY created_on, id`, [job.kind]);
    return rows.map((r) => (r as { data: unknown }).data);
  }

  async deadLetters(db: Db | Tx, job: JobDefinition<unknown>): Promise<DeadLetter[]> {
    const { rows } = await viaPrisma(db).executeSql(
      `SELECT data, output, created_on FROM ${SCHEMA}.job WHERE name = $1 UNION ALL SELECT data, output, created_on FROM ${SCHEMA}.archive WHERE name = $1 ORDER BY created_on`,
      [deadLetterQueue(job.kind)],
    );
    return (rows as Array<{ data: unknown; output: { message?: unknown } | null }>).map((r) => ({ payload: r.data, reason: String(r.output?.message ?? "") }));
  }

  async deleteWhere(tx: Tx, job: JobDefinition<unknown>, matches: (payload: unknown) => boolean): Promise<number> {
    const db = viaPrisma(tx);
    let deleted = 0;
    // The dead-letter copies carry the same payload.
    for (const name of [job.kind, deadLetterQueue(job.kind)]) {
      for (const table of ["job", "archive"]) {
        const { rows } = await db.executeSql(`SELECT id::text AS id, data FROM ${SCHEMA}.${table} WHERE name = $1`, [name]);
        const ids = (rows as Array<{ id: string; data: unknown }>).filter((r) => matches(r.data)).map((r) => r.id);
        if (ids.length === 0) continue;
        await db.executeSql(`DELETE FROM ${SCHEMA}.${table} WHERE name = $1 AND id = ANY($2::uuid[])`, [name, ids]);
        if (name === job.kind) deleted += ids.length;
      }
    }
    return deleted;
  }

  async start(workers: JobWorkers): Promise<void> {
    const pollingIntervalSeconds = this.opts.pollSeconds ?? 2;
    for (const [kind, handler] of Object.entries(workers.handlers)) {
      if (!workers.concurrentKinds.includes(kind)) {
        const loop = new RepeatEvery(() => this.drainOrdered(kind, handler), this.opts.log, `pg-boss ${kind} worker`);
        loop.start(pollingIntervalSeconds * 1000);
        this.loops.push(loop);
        continue;
      }
      for (let i = 0; i < Math.max(1, workers.concurrency); i++) {
        let workerId: string | undefined;
        workerId = await this.boss.work<unknown>(kind, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds }, async ([job]) => {
          if (job) await this.run(kind, handler, job);
          // Look for the next job at once: pg-boss otherwise waits its polling interval after each one.
          if (workerId) this.boss.notifyWorker(workerId);
        });
      }
    }
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    for (const task of workers.recurring) {
      // A missed tick is not retried: the next one comes.
      await this.boss.createQueue(task.name, { name: task.name, policy: "singleton", retryLimit: 0 });
      await this.boss.schedule(task.name, task.cron, {}, { tz });
      await this.boss.work(task.name, { pollingIntervalSeconds }, async () => {
        await task.run().catch((err: unknown) => this.opts.log.error({ err, task: task.name }, "recurring task failed"));
      });
    }
  }

  /** Runs an ordered kind's due jobs one by one, until none is due or one is active elsewhere. */
  private async drainOrdered(kind: string, handler: JobHandler): Promise<void> {
    for (let job = await this.fetchOrdered(kind); job; job = await this.fetchOrdered(kind)) {
      await this.run(kind, handler, job);
      // Done: completed here; otherwise `run` settled it already and this changes nothing.
      await this.boss.complete(kind, job.id);
    }
  }

  /** The kind's next due job, unless one of the kind is active: looked at and taken under one lock. */
  private async fetchOrdered(kind: string): Promise<PgBoss.JobWithMetadata<unknown> | null> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`pg-boss:${kind}`]);
      const active = await client.query(`SELECT 1 FROM ${SCHEMA}.job WHERE name = $1 AND state = 'active' LIMIT 1`, [kind]);
      const jobs = active.rowCount ? [] : await this.boss.fetch<unknown>(kind, { batchSize: 1, includeMetadata: true, db: { executeSql: (text, values) => client.query(text, values) } });
      await client.query("COMMIT");
      return jobs?.[0] ?? null;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Runs one attempt and settles the job by its outcome (pg-boss's own completion then finds it settled). */
  private async run(kind: string, handler: JobHandler, job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
    const claimed: ClaimedJob = { id: job.id, kind, payload: job.data, attempt: job.retryCount + 1 };
    let outcome: JobOutcome;
    try {
      outcome = await handler(claimed);
    } catch (err) {
      outcome = { type: "retry", error: `handler failed: ${(err as Error)?.message ?? String(err)}` };
    }
    const error = outcome.type === "done" ? null : outcome.error.slice(0, 2000);
    const log = { jobId: job.id, kind, attempt: claimed.attempt, outcome: outcome.type, httpStatus: outcome.httpStatus, error };
    if (outcome.type === "done") {
      this.opts.log.info(log, "job done");
      return;
    }
    if (outcome.type === "dead") {
      await this.sql(`UPDATE ${SCHEMA}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2::uuid`, [kind, job.id]);
    }
    await this.boss.fail(kind, job.id, { message: error });
    if (outcome.type === "retry" && outcome.retryAfterMs) {
      await this.sql(`UPDATE ${SCHEMA}.job SET start_after = GREATEST(start_after, now() + $3::int * interval '1 millisecond') WHERE name = $1 AND id = $2::uuid AND state = 'retry'`, [
        kind,
        job.id,
        outcome.retryAfterMs,
      ]);
    }
    const gaveUp = outcome.type === "dead" || job.retryCount >= job.retryLimit;
    if (gaveUp) this.opts.log.error(log, "job moved to dead letter");
    else this.opts.log.warn(log, "job will be retried");
  }

  private async sql(text: string, values: unknown[]): Promise<void> {
    await this.boss.getDb().executeSql(text, values);
  }

  async stop(): Promise<void> {
    // Waits for the jobs in hand; schedules stay, for the other processes.
    await Promise.all(this.loops.map((loop) => loop.stop()));
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    await this.pool.end();
  }
}

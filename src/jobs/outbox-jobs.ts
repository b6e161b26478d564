/**
 * The `Jobs` port on the in-database outbox: the OutboxJob and OutboxAttempt tables, run by an
 * `OutboxRunner` (leases, retries with backoff, dead letter), with recurring tasks on a local
 * cron. The embedded default (SQLite), and PostgreSQL's when JOBS_ENGINE=outbox.
 *
 * Recurring tasks run in every process that starts this engine (croner's `protect` only keeps one
 * run at a time within a process): the tasks given here are safe to run twice (a digest is queued
 * once per secretary and period, a retention sweep finds nothing the second time).
 */
import { Cron } from "croner";
import type { DatabaseProvider } from "../db/apply-migrations.ts";
import type { Db, Tx } from "../db/open-database.ts";
import type { Logger } from "../log.ts";
import { OutboxRunner } from "../outbox/outbox-runner.ts";
import type { DeadLetter, EnqueueOptions, JobDefinition, Jobs, JobStatus, JobWorkers } from "./jobs-port.ts";

export interface OutboxJobsOptions {
  db: Db;
  log: Logger;
  /** Serialises writes with the rest of the process (SQLite has one writer). */
  serialize?: <T>(work: () => Promise<T>) => Promise<T>;
  /** How long a claimed job is reserved for its worker. */
  leaseMs?: number;
  /** How often the runner looks for due jobs. */
  pollMs: number;
  provider: DatabaseProvider;
  /** The first retry's base delay, doubled per attempt (with jitter); the runner's default is 2 s. */
  baseDelayMs?: number;
  /** Attempts before a job that keeps failing is a dead letter; the runner's default is 30. */
  maxAttempts?: number;
}

export class OutboxJobs implements Jobs {
  private runner: OutboxRunner | null = null;
  private crons: Cron[] = [];

  /** Without options, it queues and reads only (`start` needs them). */
  constructor(private readonly opts?: OutboxJobsOptions) {}

  async enqueue<P>(tx: Tx, job: JobDefinition<P>, payload: P, opts: EnqueueOptions): Promise<boolean> {
    const checked = job.payload.parse(payload);
    if (opts.ifQueued === "skip" && (await tx.outboxJob.findUnique({ where: { idempotencyKey: opts.key }, select: { id: true } }))) return false;
    // With "fail", a key queued already breaks the unique constraint: the transaction is aborted.
    await tx.outboxJob.create({ data: { kind: job.kind, payload: checked as object, idempotencyKey: opts.key, status: "PENDING", nextAttemptAt: opts.at } });
    return true;
  }

  async statusOf(db: Db | Tx, job: JobDefinition<unknown>, key: string): Promise<JobStatus | null> {
    const found = await db.outboxJob.findUnique({ where: { idempotencyKey: key }, select: { kind: true, status: true } });
    return found && found.kind === job.kind ? (found.status as JobStatus) : null;
  }

  async pendingPayloads(db: Db | Tx, job: JobDefinition<unknown>): Promise<unknown[]> {
    const jobs = await db.outboxJob.findMany({ where: { kind: job.kind, status: { in: ["PENDING", "RUNNING"] } }, orderBy: { nextAttemptAt: "asc" }, select: { payload: true } });
    return jobs.map((j) => j.payload);
  }

  async deadLetters(db: Db | Tx, job: JobDefinition<unknown>): Promise<DeadLetter[]> {
    const jobs = await db.outboxJob.findMany({ where: { kind: job.kind, status: "DEAD" }, orderBy: { updatedAt: "asc" }, select: { payload: true, lastError: true } });
    return jobs.map((j) => ({ payload: j.payload, reason: j.lastError ?? "" }));
  }

  async deleteWhere(tx: Tx, job: JobDefinition<unknown>, matches: (payload: unknown) => boolean): Promise<number> {
    const jobs = await tx.outboxJob.findMany({ where: { kind: job.kind }, select: { id: true, payload: true } });
    const ids = jobs.filter((j) => matches(j.payload)).map((j) => j.id);
    if (ids.length === 0) return 0;
    await tx.outboxAttempt.deleteMany({ where: { jobId: { in: ids } } });
    await tx.outboxJob.deleteMany({ where: { id: { in: ids } } });
    return ids.length;
  }

  async start(workers: JobWorkers): Promise<void> {
    if (!this.opts) throw new Error("OutboxJobs.start: built without a database and a log");
    if (this.runner) return;
    const { db, log, serialize, leaseMs, pollMs, baseDelayMs, maxAttempts, provider } = this.opts;
    this.runner = new OutboxRunner({
      db,
      handlers: workers.handlers,
      log,
      provider,
      ...(serialize ? { serialize } : {}),
      ...(leaseMs !== undefined ? { leaseMs } : {}),
      ...(baseDelayMs !== undefined ? { baseDelayMs } : {}),
      ...(maxAttempts !== undefined ? { maxAttempts } : {}),
      concurrentKinds: workers.concurrentKinds,
      concurrency: workers.concurrency,
    });
    this.runner.start(pollMs);
    this.crons = workers.recurring.map(
      (task) =>
        new Cron(task.cron, { protect: true }, () => {
          task.run().catch((err: unknown) => log.error({ err, task: task.name }, "recurring task failed"));
        }),
    );
  }

  async stop(): Promise<void> {
    for (const cron of this.crons) cron.stop();
    this.crons = [];
    await this.runner?.stop();
    this.runner = null;
  }
}

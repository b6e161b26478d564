/**
 * Runs jobs from the outbox. A job is claimed with a lease by compare-and-set on its status and
 * attempt count, so several workers (processes, on PostgreSQL) never run the same job at once and
 * a worker that died leaves it to be claimed again when the lease runs out. Every attempt is
 * recorded. A handler's outcome decides what happens next: done; retry later with exponential
 * backoff and jitter (never earlier than the remote's Retry-After); or dead — a visible
 * dead-letter state with the reason, for an operator.
 */
import type { Db } from "../db/open-database.ts";
import type { Logger } from "../log.ts";
import { RepeatEvery } from "./repeat-every.ts";

export interface ClaimedJob {
  id: string;
  kind: string;
  payload: unknown;
  /** This attempt's number, from 1. */
  attempt: number;
}

export type JobOutcome =
  | { type: "done"; httpStatus?: number }
  | { type: "retry"; error: string; httpStatus?: number; retryAfterMs?: number }
  | { type: "dead"; error: string; httpStatus?: number };

export type JobHandler = (job: ClaimedJob) => Promise<JobOutcome>;

export interface OutboxRunnerOptions {
  db: Db;
  handlers: Record<string, JobHandler>;
  log: Logger;
  now?: () => Date;
  /** How long a claimed job is reserved for its worker. */
  leaseMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts before a job that keeps failing is moved to dead letter. */
  maxAttempts?: number;
  random?: () => number;
  /** Serialises writes with the rest of the process (SQLite has one writer). */
  serialize?: <T>(work: () => Promise<T>) => Promise<T>;
}

export class OutboxRunner {
  private readonly loop: RepeatEvery;
  private readonly now: () => Date;
  private readonly serialize: <T>(work: () => Promise<T>) => Promise<T>;

  constructor(private readonly opts: OutboxRunnerOptions) {
    this.now = opts.now ?? (() => new Date());
    this.serialize = opts.serialize ?? ((work) => work());
    this.loop = new RepeatEvery(() => this.drain(), opts.log, "outbox runner");
  }

  /** Claims the next due job of a kind this runner handles, or null. */
  async claim(): Promise<ClaimedJob | null> {
    const kinds = Object.keys(this.opts.handlers);
    for (let tries = 0; tries < 5; tries++) {
      const now = this.now();
      const candidate = await this.opts.db.outboxJob.findFirst({
        where: {
          kind: { in: kinds },
          OR: [
            { status: "PENDING", nextAttemptAt: { lte: now } },
            { status: "RUNNING", lockedUntil: { lt: now } },
          ],
        },
        orderBy: { nextAttemptAt: "asc" },
      });
      if (!candidate) return null;
      const claimed = await this.serialize(() =>
        this.opts.db.outboxJob.updateMany({
          where: { id: candidate.id, status: candidate.status, attempts: candidate.attempts },
          data: { status: "RUNNING", attempts: { increment: 1 }, lockedUntil: new Date(now.getTime() + (this.opts.leaseMs ?? 60_000)) },
        }),
      );
      if (claimed.count === 1) return { id: candidate.id, kind: candidate.kind, payload: candidate.payload, attempt: candidate.attempts + 1 };
      // Another worker took it: look again.
    }
    return null;
  }

  /** Claims and runs one job; false when none was due. */
  async runOnce(): Promise<boolean> {
    const job = await this.claim();
    if (!job) return false;
    const startedAt = this.now();
    const record = await this.serialize(() =>
      this.opts.db.outboxAttempt.create({ data: { jobId: job.id, attempt: job.attempt, startedAt } }),
    );
    let outcome: JobOutcome;
    try {
      outcome = await this.opts.handlers[job.kind]!(job);
    } catch (err) {
      outcome = { type: "retry", error: `handler failed: ${(err as Error)?.message ?? String(err)}` };
    }
    if (outcome.type === "retry" && job.attempt >= (this.opts.maxAttempts ?? 30)) {
      outcome = { type: "dead", error: `gave up after ${job.attempt} attempts; last error: ${outcome.error}`, ...(outcome.httpStatus ? { httpStatus: outcome.httpStatus } : {}) };
    }
    const finishedAt = this.now();
    const result = outcome.type === "done" ? "success" : outcome.type;
    const error = outcome.type === "done" ? null : outcome.error.slice(0, 2000);
    await this.serialize(() =>
      this.opts.db.$transaction(async (tx) => {
        await tx.outboxAttempt.update({ where: { id: record.id }, data: { finishedAt, outcome: result, httpStatus: outcome.httpStatus ?? null, error } });
        if (outcome.type === "done") {
          await tx.outboxJob.update({ where: { id: job.id }, data: { status: "DONE", lockedUntil: null, lastError: null } });
        } else if (outcome.type === "dead") {
          await tx.outboxJob.update({ where: { id: job.id }, data: { status: "DEAD", lockedUntil: null, lastError: error } });
        } else {
          const delay = this.delay(job.attempt, outcome.retryAfterMs);
          await tx.outboxJob.update({
            where: { id: job.id },
            data: { status: "PENDING", lockedUntil: null, lastError: error, nextAttemptAt: new Date(finishedAt.getTime() + delay) },
          });
        }
      }),
    );
    const log = { jobId: job.id, kind: job.kind, attempt: job.attempt, outcome: result, httpStatus: outcome.httpStatus, error };
    if (outcome.type === "dead") this.opts.log.error(log, "outbox job moved to dead letter");
    else if (outcome.type === "retry") this.opts.log.warn(log, "outbox job will be retried");
    else this.opts.log.info(log, "outbox job done");
    return true;
  }

  /** The wait before attempt `attempt + 1`: exponential, jittered, at least Retry-After. */
  delay(attempt: number, retryAfterMs?: number): number {
    const base = this.opts.baseDelayMs ?? 2000;
    const exp = Math.min(this.opts.maxDelayMs ?? 3_600_000, base * 2 ** (attempt - 1));
    const jittered = Math.round(exp * (0.5 + (this.opts.random ?? Math.random)() * 0.5));
    return Math.max(jittered, retryAfterMs ?? 0);
  }

  /** Runs due jobs until none is left. */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOnce()) n++;
    return n;
  }

  /** Polls for due jobs every `intervalMs` until stopped. */
  start(intervalMs: number): void {
    this.loop.start(intervalMs);
  }

  /** Stops polling and waits for the job in hand. */
  stop(): Promise<void> {
    return this.loop.stop();
  }
}

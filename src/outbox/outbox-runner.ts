/**
 * Runs jobs from the outbox. A job is claimed with a lease by compare-and-set on its status and
 * attempt count, so several workers (processes, on PostgreSQL) never run the same job at once and
 * a worker that died leaves it to be claimed again when the lease runs out. Every attempt is
 * recorded. A handler's outcome decides what happens next: done; retry later with exponential
 * backoff and jitter (never earlier than the remote's Retry-After); or dead — a visible
 * dead-letter state with the reason, for an operator.
 *
 * Jobs run one at a time, in order, except the kinds named in `concurrentKinds`: up to
 * `concurrency` of those run at once (forwarding waits on the council's network round trip, so
 * eight in flight forward about eight times as many dossiers a second). Only kinds whose jobs do
 * not depend on each other's order belong there: forward-dossier does (one job per dossier,
 * idempotent on its own key), notify does not (a digest's parts must arrive in order). "One at a
 * time" holds across processes too: the ordered worker takes no job while another process holds
 * one of those kinds under a live lease.
 */
import type { DatabaseProvider } from "../db/apply-migrations.ts";
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

/** A claimed job with its attempt's record, written in the claim's transaction. */
type RunningJob = ClaimedJob & { attemptId: number };

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
  /** PostgreSQL's ordered claims take an advisory lock (see above); SQLite needs none. */
  provider?: DatabaseProvider;
  /** Kinds whose jobs may run at the same time as each other (see above); default none. */
  concurrentKinds?: readonly string[];
  /** How many jobs of `concurrentKinds` run at once; default 8. */
  concurrency?: number;
}

export class OutboxRunner {
  private readonly loop: RepeatEvery;
  private readonly now: () => Date;
  private readonly serialize: <T>(work: () => Promise<T>) => Promise<T>;
  /** Jobs this runner has picked and not finished: its workers never pick the same one twice. */
  private readonly picked = new Set<string>();

  constructor(private readonly opts: OutboxRunnerOptions) {
    this.now = opts.now ?? (() => new Date());
    this.serialize = opts.serialize ?? ((work) => work());
    this.loop = new RepeatEvery(() => this.drain(), opts.log, "outbox runner");
  }

  /** Claims the next due job of a kind this runner handles (or of `kinds`), or null. */
  async claim(kinds: readonly string[] = Object.keys(this.opts.handlers)): Promise<ClaimedJob | null> {
    const job = await this.claimAndRecord(kinds);
    if (!job) return null;
    // The caller runs it (or not): this runner's workers may see it again once its lease runs out.
    this.picked.delete(job.id);
    const { attemptId: _a, ...claimed } = job;
    return claimed;
  }

  /**
   * Claims a job and records its attempt in one transaction (one commit, not two: on SQLite each
   * commit is a sync to disk). A claim whose process dies before the attempt runs leaves an
   * attempt without an outcome, as a crash during the attempt does.
   */
  private async claimAndRecord(kinds: readonly string[], oneAtATime = false): Promise<RunningJob | null> {
    for (let tries = 0; tries < 5; tries++) {
      const now = this.now();
      const candidates = await this.opts.db.outboxJob.findMany({
        where: {
          kind: { in: [...kinds] },
          OR: [
            { status: "PENDING", nextAttemptAt: { lte: now } },
            { status: "RUNNING", lockedUntil: { lt: now } },
          ],
          ...(this.picked.size > 0 ? { id: { notIn: [...this.picked] } } : {}),
        },
        orderBy: { nextAttemptAt: "asc" },
        // Enough that this runner's other workers, looking at the same moment, leave one over.
        take: this.picked.size + this.workers(),
      });
      if (candidates.length === 0) return null;
      // Checked and marked without an await between: two workers of this runner never race for one job.
      const candidate = candidates.find((c) => !this.picked.has(c.id));
      if (!candidate) continue;
      this.picked.add(candidate.id);
      let attemptId: number | null | "busy" = null;
      try {
        attemptId = await this.serialize(() =>
          this.opts.db.$transaction(async (tx) => {
            if (oneAtATime) {
              // Checked and claimed as one step across processes: SQLite's write lock is taken at
              // BEGIN; PostgreSQL takes this lock, held until the claim commits.
              if (this.opts.provider === "postgresql") await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtext('outbox:one-at-a-time'))");
              if ((await tx.outboxJob.count({ where: { kind: { in: [...kinds] }, status: "RUNNING", lockedUntil: { gte: now } } })) > 0) return "busy" as const;
            }
            const updated = await tx.outboxJob.updateMany({
              where: { id: candidate.id, status: candidate.status, attempts: candidate.attempts },
              data: { status: "RUNNING", attempts: { increment: 1 }, lockedUntil: new Date(now.getTime() + (this.opts.leaseMs ?? 60_000)) },
            });
            if (updated.count !== 1) return null;
            return (await tx.outboxAttempt.create({ data: { jobId: candidate.id, attempt: candidate.attempts + 1, startedAt: now } })).id;
          }),
        );
      } finally {
        // A claimed job stays picked until runOnce has run it.
        if (attemptId === null || attemptId === "busy") this.picked.delete(candidate.id);
      }
      if (attemptId === "busy") return null;
      if (attemptId !== null) return { id: candidate.id, kind: candidate.kind, payload: candidate.payload, attempt: candidate.attempts + 1, attemptId };
      // Another process took it: look again.
    }
    return null;
  }

  private workers(): number {
    return (this.opts.concurrentKinds?.length ?? 0) > 0 ? Math.max(1, this.opts.concurrency ?? 8) + 1 : 1;
  }

  /**
   * Claims and runs one job (of `kinds`, default all this runner handles); false when none was due,
   * or, with `oneAtATime`, when a job of those kinds is running in another process.
   */
  async runOnce(kinds?: readonly string[], oneAtATime = false): Promise<boolean> {
    const job = await this.claimAndRecord(kinds ?? Object.keys(this.opts.handlers), oneAtATime);
    if (!job) return false;
    try {
      await this.run(job);
    } finally {
      this.picked.delete(job.id);
    }
    return true;
  }

  private async run(running: RunningJob): Promise<void> {
    const { attemptId, ...job } = running;
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
        await tx.outboxAttempt.update({ where: { id: attemptId }, data: { finishedAt, outcome: result, httpStatus: outcome.httpStatus ?? null, error } });
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
  }

  /** The wait before attempt `attempt + 1`: exponential, jittered, at least Retry-After. */
  delay(attempt: number, retryAfterMs?: number): number {
    const base = this.opts.baseDelayMs ?? 2000;
    const exp = Math.min(this.opts.maxDelayMs ?? 3_600_000, base * 2 ** (attempt - 1));
    const jittered = Math.round(exp * (0.5 + (this.opts.random ?? Math.random)() * 0.5));
    return Math.max(jittered, retryAfterMs ?? 0);
  }

  /**
   * Runs due jobs until none is left: one worker for the ordered kinds, `concurrency` workers for
   * `concurrentKinds`. Returns how many ran.
   */
  async drain(): Promise<number> {
    const kinds = Object.keys(this.opts.handlers);
    const concurrent = kinds.filter((k) => this.opts.concurrentKinds?.includes(k));
    const ordered = kinds.filter((k) => !concurrent.includes(k));
    const worker = async (of: readonly string[], oneAtATime: boolean) => {
      let n = 0;
      while (await this.runOnce(of, oneAtATime)) n++;
      return n;
    };
    const workers = [
      ...(ordered.length > 0 ? [worker(ordered, true)] : []),
      ...(concurrent.length > 0 ? Array.from({ length: Math.max(1, this.opts.concurrency ?? 8) }, () => worker(concurrent, false)) : []),
    ];
    return (await Promise.all(workers)).reduce((a, b) => a + b, 0);
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

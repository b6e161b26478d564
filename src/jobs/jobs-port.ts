/**
 * The one port through which jobs are queued, looked at and run, whatever runs them: the
 * in-database outbox (`OutboxJobs`, SQLite's default, also usable on PostgreSQL) or pg-boss
 * (`PgBossJobs`, PostgreSQL's default). Both keep the same contract, and test/jobs runs one
 * behavioural suite against each:
 *
 * - a job is queued in the caller's transaction, so it exists exactly when the data it acts on
 *   does (a rolled back transaction queues nothing);
 * - a key names one job for good: a second enqueue under it does nothing, even after the first
 *   has finished;
 * - a handler's `JobOutcome` decides what happens next: done, retry later with backoff (never
 *   earlier than `retryAfterMs`), or dead — a dead letter with the reason, for an operator;
 * - a job runs once at a time across every process on the database;
 * - kinds not named concurrent run one job at a time, in the order they are due (a digest's parts
 *   arrive in order).
 */
import type { z } from "zod";
import type { Db, Tx } from "../db/open-database.ts";
import type { JobHandler } from "../outbox/outbox-runner.ts";

export interface JobDefinition<P> {
  /** The job's kind: OutboxJob.kind, or the pg-boss queue's name. */
  readonly kind: string;
  readonly payload: z.ZodType<P>;
}

export interface EnqueueOptions {
  /** Unique per job, for good: a second job with the same key is never stored. */
  key: string;
  /** When the job is due. */
  at: Date;
  /**
   * What a job already queued under this key means: "skip" leaves it and returns false (queuing
   * the same occasion twice is harmless); "fail" (the default) throws, aborting the transaction,
   * for keys that can only be queued once by construction.
   */
  ifQueued?: "skip" | "fail";
}

/** Where a job stands, by the outbox's names for it. */
export type JobStatus = "PENDING" | "RUNNING" | "DONE" | "DEAD";

/** Work done on a schedule: by one process of all those on the database, where the engine can tell. */
export interface RecurringTask {
  /** Unique among the tasks; on pg-boss, the name of the task's queue. */
  name: string;
  /** A five-field cron expression, in the server's time zone. */
  cron: string;
  run: () => Promise<unknown>;
}

export interface JobWorkers {
  /** A handler for every kind this process runs. */
  handlers: Record<string, JobHandler>;
  /** Kinds whose jobs do not depend on each other's order: up to `concurrency` of each run at once. */
  concurrentKinds: readonly string[];
  concurrency: number;
  recurring: readonly RecurringTask[];
}

/** A job given up on, for an operator. */
export interface DeadLetter {
  payload: unknown;
  reason: string;
}

export interface Jobs {
  /** Queues a job in the caller's transaction; false when `ifQueued: "skip"` found its key taken. */
  enqueue<P>(tx: Tx, job: JobDefinition<P>, payload: P, opts: EnqueueOptions): Promise<boolean>;
  /** The status of the job queued under `key`, or null when there is none. */
  statusOf(db: Db | Tx, job: JobDefinition<unknown>, key: string): Promise<JobStatus | null>;
  /** The payloads of a kind's jobs not finished yet (pending or running), in the order they are due. */
  pendingPayloads(db: Db | Tx, job: JobDefinition<unknown>): Promise<unknown[]>;
  /** A kind's dead letters, oldest first: each payload with the reason it was given up. */
  deadLetters(db: Db | Tx, job: JobDefinition<unknown>): Promise<DeadLetter[]>;
  /**
   * Deletes a kind's jobs, queued or finished (with their records), whose stored payload matches:
   * for erasure of what they carry. Returns how many.
   */
  deleteWhere(tx: Tx, job: JobDefinition<unknown>, matches: (payload: unknown) => boolean): Promise<number>;
  /** Runs the handlers and the recurring tasks until stopped. */
  start(workers: JobWorkers): Promise<void>;
  /** Stops taking jobs and waits for those in hand. */
  stop(): Promise<void>;
}

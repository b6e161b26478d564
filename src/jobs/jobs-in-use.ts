/**
 * The process's job engine. Jobs are queued and looked at deep in services that are handed a
 * transaction and nothing else (submitting a dossier, applying a council change, erasing a
 * person); rather than thread a `Jobs` through each of them, the composition root names the engine
 * once, before anything can be queued. Until then (and in tests that do not choose) it is the
 * outbox tables, which need no set-up to queue and read.
 */
import type { Jobs } from "./jobs-port.ts";
import { OutboxJobs } from "./outbox-jobs.ts";

let inUse: Jobs = new OutboxJobs();

/** Makes `jobs` the engine of every later enqueue and read in this process. */
export function useJobs(jobs: Jobs): void {
  inUse = jobs;
}

/** The engine named by `useJobs`, or the outbox tables. */
export function jobsInUse(): Jobs {
  return inUse;
}

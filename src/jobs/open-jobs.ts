/**
 * The job engine a process opens from its configuration (JOBS_ENGINE): pg-boss on PostgreSQL by
 * default, the outbox tables otherwise. Every process that may queue a job opens it before it
 * does, the server (src/main.ts) and the command-line tools alike (`people:erase` queues the
 * council's notice of an erasure): a tool that queued into the outbox tables of a pg-boss
 * installation would leave the job to nobody.
 */
import type { Config } from "../config.ts";
import type { DatabaseProvider } from "../db/apply-migrations.ts";
import type { Db } from "../db/open-database.ts";
import type { Logger } from "../log.ts";
import { FORWARD_DOSSIER_JOB, JOB_KINDS } from "../outbox/jobs.ts";
import type { Jobs } from "./jobs-port.ts";
import { OutboxJobs } from "./outbox-jobs.ts";
import { PgBossJobs } from "./pg-boss-jobs.ts";

/** Kinds whose jobs run several at a time: dossiers go to the council in parallel, each exactly once; notices keep their order. */
export const CONCURRENT_JOB_KINDS: readonly string[] = [FORWARD_DOSSIER_JOB.kind];

/** Opens the configured engine on the process's database (for pg-boss: its schema and queues). */
export async function openJobs(
  config: Pick<Config, "jobsEngine" | "databaseUrl" | "outboxLeaseMs" | "council">,
  deps: { db: Db; provider: DatabaseProvider; log: Logger; serializeWrites?: <T>(work: () => Promise<T>) => Promise<T> },
): Promise<Jobs> {
  const pollMs = config.council.forwardIntervalMs;
  if (config.jobsEngine === "pg-boss") {
    return PgBossJobs.open({
      url: config.databaseUrl,
      log: deps.log.child({ service: "jobs" }),
      kinds: JOB_KINDS,
      concurrentKinds: CONCURRENT_JOB_KINDS,
      leaseSeconds: config.outboxLeaseMs / 1000,
      pollSeconds: Math.max(0.5, pollMs / 1000),
    });
  }
  return new OutboxJobs({
    db: deps.db,
    log: deps.log.child({ service: "outbox" }),
    provider: deps.provider,
    ...(deps.serializeWrites ? { serialize: deps.serializeWrites } : {}),
    leaseMs: config.outboxLeaseMs,
    pollMs,
  });
}

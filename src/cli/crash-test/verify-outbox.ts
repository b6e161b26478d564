/**
 * The crash test's verdict on the outbox, read from the stopped server's database file: no job is
 * dead, and none is stuck (running on a lease that ended, or due well before the server stopped).
 */
import type { Db } from "../../db/open-database.ts";

export interface OutboxVerdict {
  stuckJobs: number;
  deadJobs: number;
}

/** `stoppedAt`: when the last server stopped; a job due more than 5 s before it is stuck. */
export async function verifyOutbox(db: Db, stoppedAt: number, violations: string[]): Promise<OutboxVerdict> {
  const verdict: OutboxVerdict = { stuckJobs: 0, deadJobs: 0 };
  for (const j of await db.outboxJob.findMany()) {
    if (j.status === "DEAD") {
      verdict.deadJobs++;
      violations.push(`DEAD job ${j.kind} ${j.idempotencyKey}: ${j.lastError}`);
    } else if (j.status === "RUNNING" && (!j.lockedUntil || j.lockedUntil.getTime() < stoppedAt)) {
      verdict.stuckJobs++;
      violations.push(`stuck job ${j.kind} ${j.idempotencyKey}: RUNNING, lease ended ${j.lockedUntil?.toISOString()}`);
    } else if (j.status === "PENDING" && j.nextAttemptAt.getTime() < stoppedAt - 5_000) {
      verdict.stuckJobs++;
      violations.push(`stuck job ${j.kind} ${j.idempotencyKey}: PENDING, due since ${j.nextAttemptAt.toISOString()} (attempts ${j.attempts}, ${j.lastError ?? "no error"})`);
    }
  }
  return verdict;
}

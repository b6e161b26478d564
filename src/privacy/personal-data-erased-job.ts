/**
 * The `personal-data-erased` job: asks the council to pseudonymise its copy of a dossier whose
 * submitter erased their data (POST /v1/dossiers/{id}/personal-data-erasures). The council's id
 * is looked up when the job runs: a dossier still waiting to be forwarded is retried later (it
 * will be forwarded with the payload already pseudonymised, but a forward in flight may have read
 * the old one); a dossier that never reached the council (its forward job is dead) needs nothing.
 * 5xx, 429, 408 and network errors are retried; another 4xx is a dead letter with the reason.
 */
import type { Db } from "../db/open-database.ts";
import type { JobHandler } from "../outbox/outbox-runner.ts";
import type { CouncilApiClient } from "../council/council-client.ts";
import { retryAfterMs } from "../council/forward-dossier-job.ts";
import { FORWARD_DOSSIER_JOB, jobHandler, PERSONAL_DATA_ERASED_JOB } from "../outbox/jobs.ts";
import { jobsInUse } from "../jobs/jobs-in-use.ts";

export interface PersonalDataErasedDeps {
  db: Db;
  /** The bot's submitter client: the council lets a submitter act on its own dossiers. */
  client: CouncilApiClient;
  now?: () => Date;
}

export function personalDataErasedJob(deps: PersonalDataErasedDeps): JobHandler {
  const now = deps.now ?? (() => new Date());
  return jobHandler(PERSONAL_DATA_ERASED_JOB, async ({ dossierId }, job) => {
    const dossier = await deps.db.dossier.findUnique({ where: { id: dossierId }, select: { id: true, councilDossierId: true } });
    if (!dossier) return { type: "dead", error: `dossier ${dossierId} does not exist` };
    if (!dossier.councilDossierId) {
      const forward = await jobsInUse().statusOf(deps.db, FORWARD_DOSSIER_JOB, `${FORWARD_DOSSIER_JOB.kind}:${dossier.id}`);
      if (forward === "PENDING" || forward === "RUNNING") return { type: "retry", error: "dossier not forwarded yet" };
      return { type: "done" };
    }
    let result;
    try {
      result = await deps.client.POST("/v1/dossiers/{id}/personal-data-erasures", { params: { path: { id: dossier.councilDossierId } } });
    } catch (err) {
      return { type: "retry", error: `council not reachable: ${(err as Error)?.message ?? String(err)}` };
    }
    const status = result.response.status;
    if (result.data) {
      await deps.db.auditLog.create({ data: { at: now(), action: "dossier.erasure_forwarded", entity: "Dossier", entityId: dossier.id, data: { councilDossierId: dossier.councilDossierId, attempt: job.attempt } } });
      return { type: "done", httpStatus: status };
    }
    const problem = result.error as { title?: string; detail?: string } | undefined;
    const reason = `HTTP ${status}: ${[problem?.title, problem?.detail].filter(Boolean).join(" — ") || result.response.statusText}`;
    if (status >= 500 || status === 429 || status === 408) {
      const after = retryAfterMs(result.response.headers.get("retry-after"), now());
      return { type: "retry", error: reason, httpStatus: status, ...(after !== undefined ? { retryAfterMs: after } : {}) };
    }
    return { type: "dead", error: reason, httpStatus: status };
  });
}

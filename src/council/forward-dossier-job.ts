/**
 * The `forward-dossier` job: POSTs a queued dossier to the council with the local dossier id as
 * the `Idempotency-Key`, and marks it forwarded only on a 2xx. 5xx, 429, 408, timeouts and network
 * errors are retried (honouring Retry-After); any other 4xx is a dead letter with the council's
 * reason. If the process dies after the council stored the dossier but before the local commit,
 * the retry sends the same key and the council answers with the dossier it already has: one
 * dossier, never two.
 */
import type { Db } from "../db/open-database.ts";
import type { ClaimedJob, JobHandler, JobOutcome } from "../outbox/outbox-runner.ts";
import type { CouncilApiClient } from "./council-client.ts";

export interface ForwardJobPayload {
  dossierId: string;
  code: string;
  /** The council's id of the dossier this one resubmits after a return. */
  resubmissionOfCouncilId?: string;
}

export interface ForwardDeps {
  db: Db;
  client: CouncilApiClient;
  now?: () => Date;
  /** Fault injection for tests: runs after the council accepted, before the local commit. */
  afterCouncilAccepted?: () => Promise<void>;
}

/** Seconds or an HTTP date, as Retry-After carries them; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function retryable(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

export function forwardDossierJob(deps: ForwardDeps): JobHandler {
  const now = deps.now ?? (() => new Date());
  return async (job: ClaimedJob): Promise<JobOutcome> => {
    const payload = job.payload as ForwardJobPayload;
    const dossier = await deps.db.dossier.findUnique({ where: { id: payload.dossierId } });
    if (!dossier) return { type: "dead", error: `dossier ${payload.dossierId} does not exist` };
    if (dossier.councilDossierId && dossier.status !== "QUEUED") return { type: "done" };

    const body = { payload: dossier.payload as never };
    const header = { "Idempotency-Key": dossier.id };
    let result;
    try {
      result = payload.resubmissionOfCouncilId
        ? await deps.client.POST("/v1/dossiers/{id}/resubmissions", { params: { path: { id: payload.resubmissionOfCouncilId }, header }, body })
        : await deps.client.POST("/v1/dossiers", { params: { header }, body });
    } catch (err) {
      return { type: "retry", error: `council not reachable: ${(err as Error)?.message ?? String(err)}` };
    }
    const status = result.response.status;
    if (result.data) {
      await deps.afterCouncilAccepted?.();
      await deps.db.$transaction(async (tx) => {
        await tx.dossier.update({
          where: { id: dossier.id },
          data: { councilDossierId: result.data.id, forwardedAt: now(), ...(dossier.status === "QUEUED" ? { status: "FORWARDED" } : {}) },
        });
        await tx.auditLog.create({ data: { at: now(), action: "dossier.forwarded", entity: "Dossier", entityId: dossier.id, data: { councilDossierId: result.data.id, attempt: job.attempt } } });
      });
      return { type: "done", httpStatus: status };
    }
    const problem = result.error as { title?: string; detail?: string } | undefined;
    const reason = `HTTP ${status}: ${[problem?.title, problem?.detail].filter(Boolean).join(" — ") || result.response.statusText}`;
    if (retryable(status)) {
      const after = retryAfterMs(result.response.headers.get("retry-after"), now());
      return { type: "retry", error: reason, httpStatus: status, ...(after !== undefined ? { retryAfterMs: after } : {}) };
    }
    return { type: "dead", error: reason, httpStatus: status };
  };
}

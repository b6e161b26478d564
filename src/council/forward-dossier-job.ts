/**
 * The `forward-dossier` job: POSTs a queued dossier to the council with the local dossier id as
 * the `Idempotency-Key`, and marks it forwarded only on a 2xx. 5xx, 429, 408, timeouts and network
 * errors are retried (honouring Retry-After); any other 4xx is a dead letter with the council's
 * reason. If the process dies after the council stored the dossier but before the local commit,
 * the retry sends the same key and the council answers with the dossier it already has: one
 * dossier, never two.
 *
 * With `documents` and `links` (contract 2.1) the request also lists the dossier's papers (DOCX),
 * made or brought up to date just before sending, each with a link signed for
 * `COUNCIL_DOCUMENT_LINK_TTL_MS` (30 days). A retry sends the same versions (they are stored, and only
 * change when the templates do) with fresh links; the council leaves the links out of the
 * request's identity, so it is still the same request. (Known edge: a template replaced between
 * an attempt the council accepted and its retry makes new versions, another request: the council
 * answers 422 and the job is a dead letter naming it, while the council has the dossier.) Papers
 * that cannot be made (a broken replaced template) do not hold the dossier back: it is forwarded
 * without them, the failure is logged and written to the audit log (`dossier.documents_failed`,
 * with the error, in the same transaction that marks the dossier forwarded), and the papers can
 * follow with a `send-dossier-documents` job once the template is fixed.
 */
import { FORWARD_DOSSIER_JOB, jobHandler } from "../outbox/jobs.ts";
import type { Db } from "../db/open-database.ts";
import type { Logger } from "../log.ts";
import type { ClaimedJob, JobHandler, JobOutcome } from "../outbox/outbox-runner.ts";
import type { CouncilApiClient } from "./council-client.ts";
import { councilFailureOutcome } from "./council-failure-outcome.ts";
import { documentsForCouncil, type CouncilDocument, type CouncilDocumentSources } from "./documents-for-council.ts";

export interface ForwardDeps {
  db: Db;
  client: CouncilApiClient;
  now?: () => Date;
  /** The dossier documents (`assistant.documents`); with `links`, the papers go with the dossier. */
  documents?: CouncilDocumentSources["documents"];
  /** Signs the papers' download links; without it (or `documents`) no papers are sent. */
  links?: CouncilDocumentSources["links"];
  /** Where a failure to make the papers is logged (it is also written to the audit log). */
  log?: Pick<Logger, "warn">;
  /** Fault injection for tests: runs after the council accepted, before the local commit. */
  afterCouncilAccepted?: () => Promise<void>;
}

export { retryAfterMs } from "./council-failure-outcome.ts";

export function forwardDossierJob(deps: ForwardDeps): JobHandler {
  const now = deps.now ?? (() => new Date());
  return jobHandler(FORWARD_DOSSIER_JOB, async (payload, job: ClaimedJob): Promise<JobOutcome> => {
    const dossier = await deps.db.dossier.findUnique({ where: { id: payload.dossierId } });
    if (!dossier) return { type: "dead", error: `dossier ${payload.dossierId} does not exist` };
    if (dossier.councilDossierId && dossier.status !== "QUEUED") return { type: "done" };

    let documents: CouncilDocument[] = [];
    let documentsError: string | null = null;
    if (deps.documents && deps.links) {
      const made = await documentsForCouncil({ documents: deps.documents, links: deps.links }, dossier);
      if (made.ok) documents = made.documents;
      else {
        documentsError = made.error;
        deps.log?.warn({ dossierId: dossier.id, code: dossier.code, err: made.error }, "the dossier's documents could not be made; forwarding it without them");
      }
    }
    const body = { payload: dossier.payload as never, ...(documents.length > 0 ? { documents } : {}) };
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
        await tx.auditLog.create({
          data: { at: now(), action: "dossier.forwarded", entity: "Dossier", entityId: dossier.id, data: { councilDossierId: result.data.id, attempt: job.attempt, documents: documents.length } },
        });
        if (documentsError !== null) {
          await tx.auditLog.create({ data: { at: now(), action: "dossier.documents_failed", entity: "Dossier", entityId: dossier.id, data: { error: documentsError.slice(0, 2000), attempt: job.attempt } } });
        }
      });
      return { type: "done", httpStatus: status };
    }
    return councilFailureOutcome(result, now());
  });
}

/**
 * The `send-dossier-documents` job: after a dossier was forwarded, sends its papers again when
 * they change — a recommendation adds the draft quyết định, a recorded decision fills it (a new
 * version) — with `POST /v1/dossiers/{id}/documents` (contract 2.1). The papers are made or
 * brought up to date when the job runs, so a job that waited sends the latest list; sending a
 * list the council already has only replaces it with itself.
 *
 * Queue it with {@link enqueueSendDossierDocuments} in the transaction that records the change,
 * as the forwarder's job is queued with the dossier. A dossier not forwarded yet waits for its
 * forward (which carries the papers made at that time); papers that cannot be made (a broken
 * template) are a dead letter with the error, to be re-queued once the template is fixed.
 */
import { enqueueJob, FORWARD_DOSSIER_JOB, jobHandler, SEND_DOSSIER_DOCUMENTS_JOB } from "../outbox/jobs.ts";
import { jobsInUse } from "../jobs/jobs-in-use.ts";
import type { Db, Tx } from "../db/open-database.ts";
import type { JobHandler } from "../outbox/outbox-runner.ts";
import type { CouncilApiClient } from "./council-client.ts";
import { councilFailureOutcome } from "./council-failure-outcome.ts";
import { documentsForCouncil, type CouncilDocumentSources } from "./documents-for-council.ts";

export interface SendDossierDocumentsDeps extends CouncilDocumentSources {
  db: Db;
  client: CouncilApiClient;
  now?: () => Date;
}

/**
 * Queues the job for a dossier, once per `occasion` (e.g. the local status the papers changed
 * with: "RECOMMENDED", "GRANTED"); queuing the same occasion again does nothing.
 */
export async function enqueueSendDossierDocuments(tx: Tx, dossierId: string, occasion: string, now: Date): Promise<void> {
  await enqueueJob(tx, SEND_DOSSIER_DOCUMENTS_JOB, { dossierId }, { key: `${SEND_DOSSIER_DOCUMENTS_JOB.kind}:${dossierId}:${occasion}`, at: now, ifQueued: "skip" });
}

export function sendDossierDocumentsJob(deps: SendDossierDocumentsDeps): JobHandler {
  const now = deps.now ?? (() => new Date());
  return jobHandler(SEND_DOSSIER_DOCUMENTS_JOB, async ({ dossierId }, job) => {
    const dossier = await deps.db.dossier.findUnique({ where: { id: dossierId } });
    if (!dossier) return { type: "dead", error: `dossier ${dossierId} does not exist` };
    if (!dossier.councilDossierId) {
      const forward = await jobsInUse().statusOf(deps.db, FORWARD_DOSSIER_JOB, `${FORWARD_DOSSIER_JOB.kind}:${dossier.id}`);
      if (forward === "PENDING" || forward === "RUNNING") return { type: "retry", error: "dossier not forwarded yet" };
      return { type: "done" };
    }
    const made = await documentsForCouncil(deps, dossier);
    if (!made.ok) return { type: "dead", error: `the dossier's documents could not be made: ${made.error}` };
    let result;
    try {
      result = await deps.client.POST("/v1/dossiers/{id}/documents", { params: { path: { id: dossier.councilDossierId } }, body: { documents: made.documents } });
    } catch (err) {
      return { type: "retry", error: `council not reachable: ${(err as Error)?.message ?? String(err)}` };
    }
    if (!result.data) return councilFailureOutcome(result, now());
    await deps.db.auditLog.create({
      data: {
        at: now(),
        action: "dossier.documents_sent",
        entity: "Dossier",
        entityId: dossier.id,
        data: { councilDossierId: dossier.councilDossierId, documents: made.documents.map((d) => `${d.kind} v${d.version}`), attempt: job.attempt },
      },
    });
    return { type: "done", httpStatus: result.response.status };
  });
}

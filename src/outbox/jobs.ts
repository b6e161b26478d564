/**
 * Every kind of outbox job, with the zod schema of its payload, and the one way to queue a job
 * and to handle one. A job is queued in the transaction that writes what it acts on (the dossier,
 * the council's change, the digest), so it exists exactly when that data does; `enqueueJob` checks
 * the payload against its kind's schema before it is stored, and `jobHandler` parses it again when
 * the job runs: a job whose payload no longer fits (written by an older version, or by hand) goes
 * to the dead-letter state with the reason instead of reaching a handler as a lie.
 *
 * This module names the shapes only; the handlers live with what they talk to (src/council for the
 * council's API, the notify handler beside the channels' senders). What stores and runs the jobs is
 * the process's `Jobs` engine (src/jobs).
 */
import { z } from "zod";
import type { OutgoingMessage } from "../channels/channel-port.ts";
import { transitionTarget } from "../council/council-api-schemas.ts";
import type { Tx } from "../db/open-database.ts";
import { jobsInUse } from "../jobs/jobs-in-use.ts";
import type { EnqueueOptions, JobDefinition } from "../jobs/jobs-port.ts";
import type { ClaimedJob, JobHandler, JobOutcome } from "./outbox-runner.ts";

function defineJob<P>(kind: string, payload: z.ZodType<P>): JobDefinition<P> {
  return { kind, payload };
}

const outgoingMessage = z.custom<OutgoingMessage>((m) => typeof m === "object" && m !== null && typeof (m as { text?: unknown }).text === "string", "a message with its text");

/** POSTs a queued dossier to the council (src/council/forward-dossier-job.ts). */
export const FORWARD_DOSSIER_JOB = defineJob(
  "forward-dossier",
  z.object({
    dossierId: z.string().min(1),
    code: z.string().min(1),
    /** The council's id of the dossier this one resubmits after a return. */
    resubmissionOfCouncilId: z.string().min(1).optional(),
  }),
);

/** Delivers chat messages to a person through their channel's sender (src/council/notify-job.ts). */
export const NOTIFY_JOB = defineJob(
  "notify",
  z.object({ channel: z.string().min(1), chatId: z.string().min(1), messages: z.array(outgoingMessage) }),
);

/** A secretary's transition or decision taken in the chat, sent to the council (src/council/council-transition-job.ts). */
export const COUNCIL_TRANSITION_JOB = defineJob(
  "council-transition",
  z.object({
    councilDossierId: z.string().min(1),
    code: z.string().min(1),
    /** The transition's target; null for a decision. (Jobs queued before contract 2.0 may say approved or rejected.) */
    to: z.union([transitionTarget, z.enum(["approved", "rejected"])]).nullable(),
    reason: z.string().nullable(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })),
    /** Set for a decision: sent to POST /v1/dossiers/{id}/decisions instead of a transition. */
    decision: z.object({ number: z.string(), signedOn: z.string(), signer: z.string(), outcome: z.enum(["granted", "refused"]) }).optional(),
    actorId: z.string().min(1),
  }),
);

/** Sends the council a dossier's current papers (src/council/send-dossier-documents-job.ts). */
export const SEND_DOSSIER_DOCUMENTS_JOB = defineJob("send-dossier-documents", z.object({ dossierId: z.string().min(1) }));

/** Tells the council a submitter erased their data (src/privacy/personal-data-erased-job.ts). */
export const PERSONAL_DATA_ERASED_JOB = defineJob(
  "personal-data-erased",
  z.object({
    /** The local Dossier id; the handler looks up the council's id when it runs. */
    dossierId: z.string().min(1),
  }),
);

/** Every kind, for an engine that prepares a queue per kind (pg-boss). */
export const JOB_KINDS: readonly string[] = [FORWARD_DOSSIER_JOB, NOTIFY_JOB, COUNCIL_TRANSITION_JOB, SEND_DOSSIER_DOCUMENTS_JOB, PERSONAL_DATA_ERASED_JOB].map((job) => job.kind);

export type ForwardDossierPayload = z.infer<typeof FORWARD_DOSSIER_JOB.payload>;
export type NotifyPayload = z.infer<typeof NOTIFY_JOB.payload>;
export type CouncilTransitionPayload = z.infer<typeof COUNCIL_TRANSITION_JOB.payload>;
export type SendDossierDocumentsPayload = z.infer<typeof SEND_DOSSIER_DOCUMENTS_JOB.payload>;
export type PersonalDataErasedPayload = z.infer<typeof PERSONAL_DATA_ERASED_JOB.payload>;

/**
 * Queues a job in the caller's transaction, through the process's engine (which checks the payload
 * against its kind's schema first); false when `ifQueued: "skip"` found its key taken.
 */
export function enqueueJob<P>(tx: Tx, job: JobDefinition<P>, payload: P, opts: EnqueueOptions): Promise<boolean> {
  return jobsInUse().enqueue(tx, job, payload, opts);
}

/** A runner's handler for a kind: the payload is parsed first, and one that does not fit is a dead letter. */
export function jobHandler<P>(job: JobDefinition<P>, handle: (payload: P, claimed: ClaimedJob) => Promise<JobOutcome>): JobHandler {
  return async (claimed) => {
    const parsed = job.payload.safeParse(claimed.payload);
    if (!parsed.success) return { type: "dead", error: `${job.kind}: payload does not fit: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(payload)"} ${i.message}`).join("; ")}` };
    return handle(parsed.data, claimed);
  };
}

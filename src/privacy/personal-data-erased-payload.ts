/**
 * The `personal-data-erased` outbox job's payload: one job per dossier of a person who erased
 * their data, with the idempotency key `personal-data-erased:<dossierId>`. Kept apart from the
 * handler so the erasure (which writes the job) does not import the HTTP client.
 */
import { z } from "zod";

/** The job kind, as stored in OutboxJob.kind. */
export const PERSONAL_DATA_ERASED = "personal-data-erased";

export const personalDataErasedPayload = z.object({
  /** The local Dossier id; the handler looks up the council's id when it runs. */
  dossierId: z.string().min(1),
});
export type PersonalDataErasedPayload = z.infer<typeof personalDataErasedPayload>;

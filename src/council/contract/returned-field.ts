/**
 * A field the council asks the submitter to change (part of the contract gathered in
 * {@link ../council-api-schemas.ts}): sent with a return, shown on the dossier and in the feed.
 */
import { z } from "zod";

/** A dotted path into the payload: property names, and array indexes as numbers. */
export const PAYLOAD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|\d+))*$/;

/** A field of the payload the council asks to change, with what is wrong with it. */
export const returnedField = z.object({
  field: z
    .string()
    .max(200)
    .regex(PAYLOAD_PATH)
    .describe('A path into the payload that exists in the stored dossier, e.g. "nomination.summary", "nomination.nominee.birthDate", "goodDeedReport.story", "attachments.0".'),
  message: z.string().min(1).max(1000).describe("What to change, for the person who submitted (Vietnamese)."),
});
export type ReturnedField = z.infer<typeof returnedField>;

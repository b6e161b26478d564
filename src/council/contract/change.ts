/**
 * The changes feed (part of the contract gathered in {@link ../council-api-schemas.ts}): one
 * change per history event, read in pages after a cursor.
 */
import { z } from "zod";
import { isoDateTime } from "./council-dossier.ts";
import { councilStatus } from "./council-status.ts";
import { decision } from "./decision.ts";
import { returnedField } from "./returned-field.ts";

export const change = z.object({
  cursor: z.string().describe("Pass as `after` to read the changes that follow this one."),
  dossierId: z.string(),
  code: z.string(),
  status: councilStatus,
  at: isoDateTime,
  reason: z.string().nullable(),
  fields: z.array(returnedField),
  decision: decision.nullable().describe("With granted and refused: the decision."),
});
export type Change = z.infer<typeof change>;

export const changesPage = z.object({
  changes: z.array(change),
  nextCursor: z.string().describe("Pass as `after` next time; equal to `after` when there was nothing new."),
});
export type ChangesPage = z.infer<typeof changesPage>;

/** Event seqs are 32-bit integers in both databases. */
const MAX_SEQ = 2_147_483_647;
export const listChangesQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,10}$/)
    .refine((s) => !/^\d+$/.test(s) || Number(s) <= MAX_SEQ, "cursor out of range")
    .default("0")
    .describe("A `cursor` or `nextCursor` from an earlier answer; 0 (the default) starts from the beginning."),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListChangesQuery = z.infer<typeof listChangesQuery>;

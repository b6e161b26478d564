/**
 * The dossier resource (part of the contract gathered in {@link ../council-api-schemas.ts}): its
 * views, its history, the list and its query, and the submission that creates one.
 */
import { z } from "zod";
import { dossierPayloadV1, type DossierKind } from "../../dossiers/dossier-payload.ts";
import { councilStatus } from "./council-status.ts";
import { decision } from "./decision.ts";
import { dossierDocument, dossierDocuments } from "./dossier-document.ts";
import { returnedField } from "./returned-field.ts";

const DOSSIER_KINDS = dossierPayloadV1.options.map((o) => o.shape.kind.value) as [DossierKind, ...DossierKind[]];
/** The kinds of dossier, taken from the payload schema's discriminator. */
export const dossierKind = z.enum(DOSSIER_KINDS).describe("The payload's `kind`.");

/** An instant as the API writes and reads them: ISO 8601 in UTC (`…Z`), shared by the resources that carry times. */
export const isoDateTime = z.iso.datetime();

export const councilDossier = z.object({
  id: z.string().describe("The council's id for the dossier."),
  code: z.string().describe("The submitter's reference code, e.g. TDKT-2026-000123 (not unique: a resubmission may keep it)."),
  kind: dossierKind,
  unitId: z.string().describe("The unit the dossier is about (payload.unit.id)."),
  status: councilStatus,
  receivedAt: isoDateTime,
  updatedAt: isoDateTime,
  resubmissionOf: z.string().nullable().describe("The returned dossier this one resubmits."),
  reason: z.string().nullable().describe("The reason given with the transition into the current status."),
  returnedFields: z.array(returnedField).describe("When returned: the fields to change. Empty otherwise."),
  decision: decision.nullable().describe("When granted or refused: the decision. Null otherwise."),
  documents: z.array(dossierDocument).describe("The dossier's papers as the submitter last sent them (with the submission or replaceDossierDocuments); empty when none were sent."),
});
export type CouncilDossierView = z.infer<typeof councilDossier>;

export const historyEvent = z.object({
  seq: z.number().int().describe("Position in the changes feed (the `cursor` of the matching Change)."),
  status: councilStatus,
  at: isoDateTime,
  actor: z.string().describe("The id of the API client that caused the event."),
  reason: z.string().nullable(),
  fields: z.array(returnedField),
  decision: decision.nullable().describe("On the event that recorded a decision."),
});
export type HistoryEvent = z.infer<typeof historyEvent>;

export const councilDossierDetail = councilDossier.extend({
  payload: dossierPayloadV1,
  history: z.array(historyEvent).describe("Every event, oldest first."),
});
export type CouncilDossierDetail = z.infer<typeof councilDossierDetail>;

export const dossierList = z.object({
  items: z.array(councilDossier),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page."),
});
export type DossierList = z.infer<typeof dossierList>;

export const dossierSubmission = z.object({
  payload: dossierPayloadV1,
  documents: dossierDocuments.optional().describe("The dossier's papers (contract 2.1; optional, so 2.0 clients still submit). Part of the request's identity for Idempotency-Key, except each `url`."),
});
export type DossierSubmission = z.infer<typeof dossierSubmission>;

export const dossierIdParams = z.object({ id: z.string().min(1).max(64).describe("The council's id for the dossier.") });

export const idempotencyHeaders = z.object({
  "Idempotency-Key": z
    .string()
    .min(1)
    .max(200)
    .describe("Chosen by the client, unique per intended submission. A repeat with the same key and body returns the first result; the same key with another body is refused with 422."),
});

export const listDossiersQuery = z.object({
  status: councilStatus.optional(),
  unitId: z.string().min(1).max(200).optional(),
  kind: dossierKind.optional(),
  from: isoDateTime.optional().describe("Only dossiers received at or after this instant."),
  to: isoDateTime.optional().describe("Only dossiers received before this instant."),
  cursor: z.string().min(1).max(500).optional().describe("The `nextCursor` of the previous page (opaque)."),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListDossiersQuery = z.infer<typeof listDossiersQuery>;

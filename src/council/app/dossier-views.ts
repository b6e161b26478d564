/**
 * The dossier as the API shows it, built from the stored row and its events: as received, as it
 * is now, and each event of its history. Stored JSON columns are parsed with the contract's
 * schemas on the way out, so an answer never carries what the contract does not declare.
 */
import { z } from "zod";
import type { CouncilDossier as Row, CouncilDossierEvent as EventRow } from "../../generated/sqlite/client.ts";
import { councilStatus, decision, dossierDocument, dossierKind, returnedField, type CouncilDossierView, type HistoryEvent } from "../council-api-schemas.ts";

/** The stored `fields` of an event (null on events that returned nothing). */
export const storedFields = z.array(returnedField);
/** The stored `decision` of an event (null on events that recorded none). */
export const storedDecision = decision.nullable();
const storedDocuments = z.array(dossierDocument);

/** What every view of the row shows, whatever its status. */
export function baseView(row: Row): Omit<CouncilDossierView, "status" | "updatedAt" | "reason" | "returnedFields" | "decision"> {
  return {
    id: row.id,
    code: row.code,
    kind: dossierKind.parse(row.kind),
    unitId: row.unitId,
    receivedAt: row.receivedAt.toISOString(),
    resubmissionOf: row.resubmissionOfId,
    documents: storedDocuments.parse(row.documents ?? []),
  };
}

/**
 * The dossier as it was answered when received: what a repeated submission answers again. Its
 * `documents` are the stored list, which replaceDossierDocuments may have changed since.
 */
export function asReceived(row: Row): CouncilDossierView {
  return { ...baseView(row), status: "received", updatedAt: row.receivedAt.toISOString(), reason: null, returnedFields: [], decision: null };
}

/**
 * The dossier now. `reason` and `returnedFields` come from the event that moved it into its
 * current status (later events with the same status, such as "resubmitted as …", do not change
 * them).
 */
export function currentView(row: Row, events: EventRow[]): CouncilDossierView {
  let decisive: EventRow | undefined;
  let previous: string | undefined;
  for (const e of events) {
    if (e.status !== previous) decisive = e;
    previous = e.status;
  }
  return {
    ...baseView(row),
    status: councilStatus.parse(row.status),
    updatedAt: row.updatedAt.toISOString(),
    reason: decisive?.reason ?? null,
    returnedFields: decisive?.status === "returned" ? storedFields.parse(decisive.fields ?? []) : [],
    decision: storedDecision.parse(decisive?.decision ?? null),
  };
}

export function historyOf(e: EventRow): HistoryEvent {
  return {
    seq: e.seq,
    status: councilStatus.parse(e.status),
    at: e.at.toISOString(),
    actor: e.actor,
    reason: e.reason,
    fields: storedFields.parse(e.fields ?? []),
    decision: storedDecision.parse(e.decision ?? null),
  };
}

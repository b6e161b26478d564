/**
 * The schemas the OpenAPI document names in `components.schemas` (part of the contract gathered
 * in {@link ../council-api-schemas.ts}), with the two that only the service's own routes answer.
 */
import { z } from "zod";
import { dossierPayloadV1 } from "../../dossiers/dossier-payload.ts";
import { change, changesPage } from "./change.ts";
import { councilDossier, councilDossierDetail, dossierKind, dossierList, dossierSubmission, historyEvent } from "./council-dossier.ts";
import { councilStatus, transitionTarget } from "./council-status.ts";
import { decision, decisionRequest } from "./decision.ts";
import { documentsReplacement, dossierDocument } from "./dossier-document.ts";
import { problem } from "./problem.ts";
import { returnedField } from "./returned-field.ts";
import { transitionRequest } from "./transition-request.ts";

/** What `GET /healthz` answers while the service runs. */
export const health = z.object({ ok: z.literal(true) });

/** What `GET /openapi.json` answers: the generated document, described here only as a JSON object. */
export const openApiDocument = z.record(z.string(), z.unknown()).describe("This document.");

/**
 * The schemas named in `components.schemas`. `io: "input"` renders what a client may send (for
 * request bodies: unknown keys are accepted and ignored, defaults optional); `"output"` renders
 * what the server sends (no other keys).
 */
export const COUNCIL_SCHEMAS = {
  Change: { schema: change, io: "output" },
  ChangesPage: { schema: changesPage, io: "output" },
  CouncilDossier: { schema: councilDossier, io: "output" },
  CouncilDossierDetail: { schema: councilDossierDetail, io: "output" },
  CouncilStatus: { schema: councilStatus, io: "output" },
  Decision: { schema: decision, io: "output" },
  DecisionRequest: { schema: decisionRequest, io: "input" },
  DossierKind: { schema: dossierKind, io: "output" },
  DocumentsReplacement: { schema: documentsReplacement, io: "input" },
  DossierDocument: { schema: dossierDocument, io: "input" },
  DossierList: { schema: dossierList, io: "output" },
  DossierPayload: { schema: dossierPayloadV1, io: "input" },
  DossierSubmission: { schema: dossierSubmission, io: "input" },
  Health: { schema: health, io: "output" },
  HistoryEvent: { schema: historyEvent, io: "output" },
  OpenApiDocument: { schema: openApiDocument, io: "output" },
  Problem: { schema: problem, io: "output" },
  ReturnedField: { schema: returnedField, io: "input" },
  TransitionRequest: { schema: transitionRequest, io: "input" },
  TransitionTarget: { schema: transitionTarget, io: "input" },
} as const satisfies Record<string, { schema: z.ZodType; io: "input" | "output" }>;
export type CouncilSchemaName = keyof typeof COUNCIL_SCHEMAS;

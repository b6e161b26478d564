/**
 * Every operation of the council API (part of the contract gathered in
 * {@link ../council-api-schemas.ts}): path, access, parameters, body, answers. The OpenAPI
 * document's paths are built from this list.
 */
import { z } from "zod";
import { listChangesQuery } from "./change.ts";
import { dossierIdParams, idempotencyHeaders, listDossiersQuery } from "./council-dossier.ts";
import type { CouncilSchemaName } from "./council-schemas.ts";
import type { ProblemStatus } from "./problem.ts";

/** Who may call an operation: anyone, any configured client, or staff clients only. */
export type CouncilAccess = "public" | "client" | "staff";

export interface CouncilOperation {
  operationId: string;
  method: "get" | "post";
  /** OpenAPI path template, relative to where the app is served. */
  path: string;
  summary: string;
  description: string;
  access: CouncilAccess;
  pathParams?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: CouncilSchemaName;
  success: {
    status: 200 | 201;
    description: string;
    schema: CouncilSchemaName;
    /** Response headers, with their (output) schemas. */
    headers?: Record<string, { description: string; schema: z.ZodType }>;
  };
  problems: ProblemStatus[];
}

const REPLAY_HEADER = {
  "Idempotent-Replayed": {
    description: "Present and `true` when this answer repeats the first result for the same Idempotency-Key.",
    schema: z.literal("true"),
  },
};

/** Every operation of the API, in the order the document lists them. */
export const COUNCIL_OPERATIONS: CouncilOperation[] = [
  {
    operationId: "submitDossier",
    method: "post",
    path: "/v1/dossiers",
    summary: "Submit a dossier",
    description:
      "Queues a dossier for the council with status `received`. Idempotent per client and Idempotency-Key: a repeat with the same body returns the first result (as it was then) and stores nothing; the same key with another body is refused with 422. Two concurrent identical requests create one dossier. A reference code is used once per client: another dossier with the same code under another Idempotency-Key is refused with 409 (type duplicate-code, naming the existing dossier); a returned dossier keeps its code through resubmitDossier.",
    access: "client",
    headers: idempotencyHeaders,
    body: "DossierSubmission",
    success: { status: 201, description: "The dossier as received.", schema: "CouncilDossier", headers: REPLAY_HEADER },
    problems: [400, 401, 409, 413, 422],
  },
  {
    operationId: "listDossiers",
    method: "get",
    path: "/v1/dossiers",
    summary: "List dossiers",
    description: "Newest first (by receivedAt), with cursor paging. A submitter sees only the dossiers it submitted; staff see all.",
    access: "client",
    query: listDossiersQuery,
    success: { status: 200, description: "One page of dossiers.", schema: "DossierList" },
    problems: [400, 401],
  },
  {
    operationId: "getDossier",
    method: "get",
    path: "/v1/dossiers/{id}",
    summary: "Get a dossier with its payload and history",
    description: "A submitter gets 404 for a dossier it did not submit.",
    access: "client",
    pathParams: dossierIdParams,
    success: { status: 200, description: "The dossier.", schema: "CouncilDossierDetail" },
    problems: [400, 401, 404],
  },
  {
    operationId: "resubmitDossier",
    method: "post",
    path: "/v1/dossiers/{id}/resubmissions",
    summary: "Resubmit a returned dossier",
    description:
      "Only for a dossier in status `returned` that was not resubmitted yet. Creates a new dossier (status `received`, `resubmissionOf` = id) and adds an event to the returned one's history (its status stays `returned`, reason `resubmitted as <new id>`). The resubmission may keep the returned dossier's reference code; another code must not be taken already (409 duplicate-code). Same idempotency rules as submitDossier.",
    access: "client",
    pathParams: dossierIdParams,
    headers: idempotencyHeaders,
    body: "DossierSubmission",
    success: { status: 201, description: "The new dossier as received.", schema: "CouncilDossier", headers: REPLAY_HEADER },
    problems: [400, 401, 404, 409, 413, 422],
  },
  {
    operationId: "replaceDossierDocuments",
    method: "post",
    path: "/v1/dossiers/{id}/documents",
    summary: "Replace a dossier's papers (contract 2.1)",
    description:
      "For a submitter whose papers changed after the dossier was sent (a decision recorded fills the draft quyết định: a new version). The body is the whole list; it replaces the stored one in any status. The dossier's history (and the changes feed) gets an event with its current status and the reason `documents replaced: <kind> v<version>, …`; its status, reason and returned fields do not change. A submitter may replace only its own dossiers' papers. Sending the same list again replaces it again (no Idempotency-Key: the result is the same).",
    access: "client",
    pathParams: dossierIdParams,
    body: "DocumentsReplacement",
    success: { status: 200, description: "The dossier with its new papers.", schema: "CouncilDossier" },
    problems: [400, 401, 404, 413],
  },
  {
    operationId: "transitionDossier",
    method: "post",
    path: "/v1/dossiers/{id}/transitions",
    summary: "Move a dossier to another status (staff)",
    description:
      "Allowed for a nomination: received → in_review | returned | not_recommended; in_review → returned | recommended | not_recommended; recommended → forwarded_upward. For a good-deed report: received and in_review → in_review | returned | verified | unfounded | duplicate (not in_review again from in_review); verified → praised | proposed_for_award | filed. Anything else is a 409 (type invalid-transition). `returned` needs at least one field, each naming a path that exists in the stored payload; not_recommended, unfounded and duplicate need a reason.",
    access: "staff",
    pathParams: dossierIdParams,
    body: "TransitionRequest",
    success: { status: 200, description: "The dossier after the transition.", schema: "CouncilDossier" },
    problems: [400, 401, 403, 404, 409, 413],
  },
  {
    operationId: "recordDecision",
    method: "post",
    path: "/v1/dossiers/{id}/decisions",
    summary: "Record the decision on a recommended nomination (staff)",
    description:
      "The quyết định: số, ngày ký, người ký, granted or refused. From `recommended` it is the commune chair's decision (level commune); from `forwarded_upward` the upper level's (level upper). The dossier moves to `granted` or `refused`, and the event (in the history and the changes feed) carries the decision. Any other status, or a good-deed report, is a 409 (type invalid-transition).",
    access: "staff",
    pathParams: dossierIdParams,
    body: "DecisionRequest",
    success: { status: 200, description: "The dossier after the decision.", schema: "CouncilDossier" },
    problems: [400, 401, 403, 404, 409, 413],
  },
  {
    operationId: "erasePersonalData",
    method: "post",
    path: "/v1/dossiers/{id}/personal-data-erasures",
    summary: "Pseudonymise a dossier whose submitter erased their data",
    description:
      "The submitter withdrew consent and had their data erased (Luật 91/2025/QH15). The stored payload loses `submittedBy.name` and, for a good-deed report, the reporter's name and phone; what the dossier is about stays, as do its status and history. No body. Idempotent: a repeat answers the same. A submitter may ask only for its own dossiers.",
    access: "client",
    pathParams: dossierIdParams,
    success: { status: 200, description: "The dossier, now pseudonymised.", schema: "CouncilDossier" },
    problems: [400, 401, 404],
  },
  {
    operationId: "listChanges",
    method: "get",
    path: "/v1/changes",
    summary: "Follow status changes",
    description:
      "Every history event after the cursor, in order. Followers (the bot) keep `nextCursor` and ask again; nothing is lost while a follower is down, and the council never needs to reach it. A submitter sees only the changes of its own dossiers; staff see all.",
    access: "client",
    query: listChangesQuery,
    success: { status: 200, description: "The next changes.", schema: "ChangesPage" },
    problems: [400, 401],
  },
  {
    operationId: "getOpenApi",
    method: "get",
    path: "/openapi.json",
    summary: "This OpenAPI document",
    description: "Generated from the zod schemas the server validates with.",
    access: "public",
    success: { status: 200, description: "The document.", schema: "OpenApiDocument" },
    problems: [],
  },
  {
    operationId: "health",
    method: "get",
    path: "/healthz",
    summary: "Liveness",
    description: "Answers while the service runs.",
    access: "public",
    success: { status: 200, description: "Running.", schema: "Health" },
    problems: [],
  },
];

/**
 * The council intake API contract, written once as zod schemas: the server validates every
 * request with them, the tests validate every response with them, and the OpenAPI 3.1 document
 * (`src/council/openapi/council-api.json`) is generated from them by
 * {@link ../council/build-council-openapi.ts}, and the client types from that document. Change the
 * contract here, then run `npm run council:openapi`; a test fails while the generated files are
 * stale.
 *
 * The dossier payload itself is {@link dossierPayloadV1}, imported, never copied.
 */
import { z } from "zod";
import { DOCUMENT_KINDS } from "../documents/document-kind.ts";
import { dossierPayloadV1, type DossierKind } from "../dossiers/dossier-payload.ts";

// ---------------------------------------------------------------------------------------------
// Shared pieces

/**
 * Where a dossier is in the council's process (contract 2.0). The Hội đồng TĐKT only advises: for
 * a nomination it recommends (thống nhất đề nghị) or not, and the decision (quyết định) is then
 * the Chủ tịch UBND's, or an upper level's after "trình cấp trên". A good-deed report is verified,
 * not decided. Contract 1.x had `approved` and `rejected`; they became `recommended` and
 * `not_recommended` (for a good-deed report `verified` and `unfounded`).
 */
export const councilStatus = z
  .enum([
    "received",
    "in_review",
    "returned",
    "recommended",
    "not_recommended",
    "forwarded_upward",
    "granted",
    "refused",
    "verified",
    "unfounded",
    "duplicate",
    "praised",
    "proposed_for_award",
    "filed",
  ])
  .describe(
    "Both kinds: received → in_review; returned (for changes) from received and in_review, and a returned dossier comes back as a new dossier (a resubmission). A nomination: → recommended | not_recommended (the council's advice); recommended → forwarded_upward (trình cấp trên, for awards beyond the commune) ; a decision (recordDecision) moves recommended or forwarded_upward to granted | refused. A good-deed report: → verified | unfounded | duplicate; verified → praised (biểu dương) | proposed_for_award (đề nghị khen) | filed (lưu). returned, not_recommended, granted, refused, unfounded, duplicate, praised, proposed_for_award and filed are final.",
  );
export type CouncilStatus = z.infer<typeof councilStatus>;

/** The statuses a transition may move a dossier to (`received` is only ever the first; `granted` and `refused` come with a decision). */
export const transitionTarget = councilStatus.exclude(["received", "granted", "refused"]);
export type TransitionTarget = z.infer<typeof transitionTarget>;

/** Transitions that must give a reason: a refusal to recommend, a report found unfounded or a duplicate. */
export const REASON_REQUIRED: readonly TransitionTarget[] = ["not_recommended", "unfounded", "duplicate"];

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "not a calendar date");

/** A quyết định khen thưởng as recorded: by the commune's chair, or by an upper level. */
export const decision = z.object({
  number: z.string().trim().min(1).max(100).describe('Số quyết định, e.g. "125/QĐ-UBND".'),
  signedOn: isoDay.describe("Ngày ký (yyyy-mm-dd)."),
  signer: z.string().trim().min(1).max(200).describe('Người ký, e.g. "Chủ tịch UBND xã Nguyễn Văn B".'),
  outcome: z.enum(["granted", "refused"]).describe("granted: the award is given (khen thưởng); refused: not given."),
  level: z.enum(["commune", "upper"]).describe("commune: the chair of the commune's UBND decided (from recommended); upper: the upper level decided (from forwarded_upward)."),
});
export type Decision = z.infer<typeof decision>;

const DOSSIER_KINDS = dossierPayloadV1.options.map((o) => o.shape.kind.value) as [DossierKind, ...DossierKind[]];
/** The kinds of dossier, taken from the payload schema's discriminator. */
export const dossierKind = z.enum(DOSSIER_KINDS).describe("The payload's `kind`.");

const isoDateTime = z.iso.datetime();

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

/**
 * One of a dossier's papers (contract 2.1), by reference: the council fetches the file from `url`
 * and checks it against `sha256` and `size`. The URL is a capability that expires (the bot signs
 * it for 30 days), so a council keeps the bytes it needs rather than the link.
 */
export const dossierDocument = z.object({
  kind: z
    .enum(DOCUMENT_KINDS)
    .describe("BAO_CAO_THANH_TICH: báo cáo thành tích; TO_TRINH: tờ trình kèm danh sách; BIEN_BAN: biên bản họp Hội đồng TĐKT; DU_THAO_QUYET_DINH: dự thảo quyết định (once the council has recommended)."),
  version: z.number().int().min(1).describe("The submitter's version of this kind of paper for the dossier: a new one is made when what it is filled with changes (a decision recorded, a template replaced)."),
  fileName: z.string().trim().min(1).max(255).describe('The file\'s name, e.g. "TDKT-2026-000123-bao-cao-thanh-tich.docx".'),
  mediaType: z
    .string()
    .min(1)
    .max(200)
    .describe("The file's media type: application/vnd.openxmlformats-officedocument.wordprocessingml.document (DOCX), or application/pdf."),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex digits").describe("sha256 of the file's bytes, lowercase hex: check what the url returns against it."),
  size: z.number().int().min(0).describe("The file's size in bytes."),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe("Where to GET the file (no authentication: the link is signed). It expires (30 days from sending, for this bot) and is not part of the request's identity: a repeat whose documents differ only in their urls is the same request."),
});
export type DossierDocument = z.infer<typeof dossierDocument>;

/** A dossier's papers: at most one entry per kind and media type (the latest version). */
export const dossierDocuments = z
  .array(dossierDocument)
  .max(20)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((d, i) => {
      const key = `${d.kind} ${d.mediaType}`;
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i, "kind"], message: `${d.kind} (${d.mediaType}) is listed twice` });
      seen.add(key);
    });
  })
  .describe("The dossier's papers, at most one per kind and media type.");

/** An RFC 9457 problem document; every error answer of the API is one. */
export const problem = z.object({
  type: z.string().describe("A URI naming the kind of problem, e.g. https://tdkt.local/problems/validation."),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z
    .array(z.object({ path: z.string().describe('Dotted path of the offending value, e.g. "payload.nomination.summary" or "Idempotency-Key".'), message: z.string() }))
    .optional()
    .describe("For validation problems: every offending value."),
  dossierId: z.string().optional().describe("For duplicate-code problems: the dossier that already has the reference code."),
});
export type Problem = z.infer<typeof problem>;

/** The problem types the API answers with, by name. */
export const PROBLEM_TYPES = {
  validation: "https://tdkt.local/problems/validation",
  unauthorized: "https://tdkt.local/problems/unauthorized",
  forbidden: "https://tdkt.local/problems/forbidden",
  notFound: "https://tdkt.local/problems/not-found",
  invalidTransition: "https://tdkt.local/problems/invalid-transition",
  idempotencyKeyReused: "https://tdkt.local/problems/idempotency-key-reused",
  duplicateCode: "https://tdkt.local/problems/duplicate-code",
  payloadTooLarge: "https://tdkt.local/problems/payload-too-large",
  internal: "https://tdkt.local/problems/internal",
} as const;

// ---------------------------------------------------------------------------------------------
// Resources

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

export const dossierList = z.object({
  items: z.array(councilDossier),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page."),
});
export type DossierList = z.infer<typeof dossierList>;

export const changesPage = z.object({
  changes: z.array(change),
  nextCursor: z.string().describe("Pass as `after` next time; equal to `after` when there was nothing new."),
});
export type ChangesPage = z.infer<typeof changesPage>;

export const health = z.object({ ok: z.literal(true) });

export const openApiDocument = z.record(z.string(), z.unknown()).describe("This document.");

// ---------------------------------------------------------------------------------------------
// Requests

export const dossierSubmission = z.object({
  payload: dossierPayloadV1,
  documents: dossierDocuments.optional().describe("The dossier's papers (contract 2.1; optional, so 2.0 clients still submit). Part of the request's identity for Idempotency-Key, except each `url`."),
});
export type DossierSubmission = z.infer<typeof dossierSubmission>;

/** The dossier's papers after they changed (a decision filled the draft quyết định): the whole list. */
export const documentsReplacement = z.object({ documents: dossierDocuments });
export type DocumentsReplacement = z.infer<typeof documentsReplacement>;

export const transitionRequest = z
  .object({
    to: transitionTarget,
    reason: z.string().trim().min(1).max(2000).optional().describe("Required when `to` is not_recommended, unfounded or duplicate."),
    fields: z
      .array(returnedField)
      .max(100)
      .optional()
      .describe("Only with `to` = returned, and then at least one: the fields to change; each `field` must exist in the stored payload."),
  })
  .superRefine((body, ctx) => {
    if (body.to === "returned" && (body.fields?.length ?? 0) === 0) {
      ctx.addIssue({ code: "custom", path: ["fields"], message: "at least one field is required when to is returned" });
    }
    if (body.to !== "returned" && body.fields !== undefined) {
      ctx.addIssue({ code: "custom", path: ["fields"], message: "fields are only allowed when to is returned" });
    }
    if (REASON_REQUIRED.includes(body.to) && body.reason === undefined) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: `a reason is required when to is ${body.to}` });
    }
  });
export type TransitionRequest = z.infer<typeof transitionRequest>;

/** The decision on a recommended (or forwarded upward) nomination; the level follows from the status. */
export const decisionRequest = decision.omit({ level: true }).extend({
  reason: z.string().trim().min(1).max(2000).optional().describe("Why, when refused (optional)."),
});
export type DecisionRequest = z.infer<typeof decisionRequest>;

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

// ---------------------------------------------------------------------------------------------
// The document's named schemas and operations

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

/** The problem answers an operation may give, by status. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422;

export const PROBLEM_RESPONSES: Record<ProblemStatus, { name: string; description: string }> = {
  400: { name: "ValidationProblem", description: "The request is not valid: `errors` names every offending value (type validation)." },
  401: { name: "Unauthorized", description: "No bearer token, or an unknown one (type unauthorized). Nothing was stored." },
  403: { name: "Forbidden", description: "The client's role may not call this operation (type forbidden). Nothing was stored." },
  404: { name: "NotFound", description: "No such dossier visible to this client (type not-found)." },
  409: {
    name: "Conflict",
    description:
      "The dossier's status does not allow this (type invalid-transition), or this client already submitted a dossier with the payload's reference code (type duplicate-code; `dossierId` names it). Nothing was stored.",
  },
  413: { name: "PayloadTooLarge", description: "The request body is larger than 1 MiB (type payload-too-large)." },
  422: { name: "IdempotencyKeyReused", description: "This Idempotency-Key was already used by this client with another request (type idempotency-key-reused)." },
};

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

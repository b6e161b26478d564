/**
 * The API's error answers (part of the contract gathered in {@link ../council-api-schemas.ts}):
 * the problem document, its types, and the named problem responses operations list by status.
 */
import { z } from "zod";

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

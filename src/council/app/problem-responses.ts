/**
 * The council app's error answers: every one is an RFC 9457 problem document
 * (`application/problem+json`, the contract's `problem` schema).
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { PROBLEM_TYPES, type Problem } from "../council-api-schemas.ts";

/** An expected refusal found inside a transaction; thrown only to roll the transaction back. */
export class Refusal extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
}

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  type: string,
  title: string,
  extra: { detail?: string | undefined; errors?: Problem["errors"]; dossierId?: string | undefined } = {},
  headers: Record<string, string> = {},
): Response {
  const body: Problem = {
    type,
    title,
    status,
    ...(extra.detail !== undefined ? { detail: extra.detail } : {}),
    ...(extra.errors !== undefined ? { errors: extra.errors } : {}),
    ...(extra.dossierId !== undefined ? { dossierId: extra.dossierId } : {}),
  };
  return c.body(JSON.stringify(body), status, { ...headers, "Content-Type": "application/problem+json" });
}

/** The answer to a {@link Refusal}: the problem it carries. */
export function refusalProblem(c: Context, refusal: Refusal): Response {
  return problem(c, refusal.problem.status as ContentfulStatusCode, refusal.problem.type, refusal.problem.title, refusal.problem);
}

export function validationProblem(c: Context, error: z.ZodError): Response {
  return problem(c, 400, PROBLEM_TYPES.validation, "Validation failed", {
    detail: "The request is not valid; see errors.",
    errors: error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
  });
}

export function notFound(c: Context, id: string): Response {
  return problem(c, 404, PROBLEM_TYPES.notFound, "Not Found", { detail: `No dossier ${id}.` });
}

/**
 * Reading a request's parts, each answered with a 400 problem when it is not valid: the dossier id
 * in the path, the query, and the JSON body.
 */
import type { Context } from "hono";
import type { z } from "zod";
import { PROBLEM_TYPES, dossierIdParams } from "../council-api-schemas.ts";
import { findUnstorableStrings } from "../find-unstorable-strings.ts";
import type { CouncilClient } from "./council-app-deps.ts";
import type { ClientHandler } from "./client-auth.ts";
import { problem, validationProblem } from "./problem-responses.ts";

/** A part of the request as read, or the answer that refuses it. */
export type Read<T> = { ok: true; value: T } | { ok: false; response: Response };

/** A handler of a `/v1/dossiers/:id/…` route, given the `:id` once it is checked against `dossierIdParams`. */
export function withDossierId(handler: (c: Context, client: CouncilClient, id: string) => Promise<Response>): ClientHandler {
  return async (c, client) => {
    const params = dossierIdParams.safeParse({ id: c.req.param("id") });
    if (!params.success) return validationProblem(c, params.error);
    return handler(c, client, params.data.id);
  };
}

/** The query string validated with one of the contract's query schemas. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): Read<z.output<S>> {
  return checked(c, schema.safeParse(c.req.query()));
}

/** The body as JSON, refused (400) when it is not JSON or carries a string no database can store. */
export async function readJson(c: Context): Promise<Read<unknown>> {
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return {
      ok: false,
      response: problem(c, 400, PROBLEM_TYPES.validation, "Validation failed", {
        detail: "The body must be JSON.",
        errors: [{ path: "", message: "not valid JSON" }],
      }),
    };
  }
  const unstorable = findUnstorableStrings(value);
  if (unstorable.length > 0) {
    return {
      ok: false,
      response: problem(c, 400, PROBLEM_TYPES.validation, "Validation failed", {
        detail: "Text may not contain NUL characters (U+0000) or lone UTF-16 surrogates.",
        errors: unstorable,
      }),
    };
  }
  return { ok: true, value };
}

/** The JSON body ({@link readJson}) validated with one of the contract's request schemas. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<Read<z.output<S>>> {
  const json = await readJson(c);
  if (!json.ok) return json;
  return checked(c, schema.safeParse(json.value));
}

function checked<T>(c: Context, result: z.ZodSafeParseResult<T>): Read<T> {
  return result.success ? { ok: true, value: result.data } : { ok: false, response: validationProblem(c, result.error) };
}

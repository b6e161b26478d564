/**
 * Who is calling and what they may see: the bearer token names a configured client, the route
 * says which role it needs, and a submitter's queries are limited to its own dossiers.
 */
import type { Context } from "hono";
import type { Prisma } from "../../generated/sqlite/client.ts";
import { secretsEqual } from "../../security/secrets-equal.ts";
import { PROBLEM_TYPES } from "../council-api-schemas.ts";
import type { CouncilClient, CouncilLog } from "./council-app-deps.ts";
import { problem } from "./problem-responses.ts";

/** A route's handler, called once the client is known and allowed. */
export type ClientHandler = (c: Context, client: CouncilClient) => Promise<Response>;

/** Wraps a handler with authentication (401) and the role check (403), before anything is read. */
export type Authed = (access: "client" | "staff", handler: ClientHandler) => (c: Context) => Promise<Response>;

/** The {@link Authed} wrapper for these clients; a refused token is logged, never the token. */
export function clientAuth(clients: CouncilClient[], log: CouncilLog): Authed {
  /** The client the request's bearer token names, or null. Every token is compared. */
  function clientOf(c: Context): CouncilClient | null {
    const match = /^Bearer +(\S+) *$/i.exec(c.req.header("Authorization") ?? "");
    if (!match) return null;
    let found: CouncilClient | null = null;
    for (const client of clients) {
      if (secretsEqual(match[1], client.token) && found === null) found = client;
    }
    return found;
  }

  return (access, handler) => async (c) => {
    const client = clientOf(c);
    if (client === null) {
      log.warn({ method: c.req.method, path: c.req.path }, "council API: missing or unknown bearer token");
      return problem(c, 401, PROBLEM_TYPES.unauthorized, "Unauthorized", { detail: "Send Authorization: Bearer <token> with a configured token." }, { "WWW-Authenticate": "Bearer" });
    }
    if (access === "staff" && client.role !== "staff") {
      return problem(c, 403, PROBLEM_TYPES.forbidden, "Forbidden", { detail: "Only staff clients may do this." });
    }
    return handler(c, client);
  };
}

/** Limits a query to what the client may see: a submitter only its own dossiers. */
export function visibleTo(client: CouncilClient, where: Prisma.CouncilDossierWhereInput): Prisma.CouncilDossierWhereInput {
  return client.role === "staff" ? where : { ...where, clientId: client.id };
}

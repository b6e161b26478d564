/**
 * The embedded council service (the Hội đồng Thi đua – Khen thưởng's intake queue): an HTTP API
 * that receives dossiers, lets the council's staff move them through review, and publishes every
 * status change as a cursor-based feed. The contract is {@link ./council-api-schemas.ts}; every
 * request is validated with those zod schemas, every error is an RFC 9457 problem document, and
 * `GET /openapi.json` serves the document generated from them.
 *
 * This module puts the app together; its parts are in `app/`, one route module per resource
 * (submissions, reading, documents, transitions and decisions, erasures, the changes feed), and
 * the pieces they share (authentication, problem answers, request reading, views, the write
 * transaction). Decisions, each explained where it is made:
 * - **Idempotency** of submissions: `app/submission-routes.ts`.
 * - **The changes feed is the history table**, read in `seq` order; events become visible in that
 *   order: `app/event-feed-writer.ts`.
 * - **Short transactions.** Checks read outside the transaction; the write then re-checks what it
 *   depends on with a conditional update (`status` unchanged), so a concurrent decision yields a
 *   409 instead of a lost update: `app/transition-routes.ts`, and the resubmission's lock in
 *   `app/submission-routes.ts`.
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { buildCouncilOpenApi } from "./build-council-openapi.ts";
import { PROBLEM_TYPES } from "./council-api-schemas.ts";
import { changesRoutes } from "./app/changes-routes.ts";
import { clientAuth } from "./app/client-auth.ts";
import type { CouncilAppDeps } from "./app/council-app-deps.ts";
import type { CouncilRouteDeps } from "./app/council-route-deps.ts";
import { documentsRoutes } from "./app/documents-routes.ts";
import { dossierReadRoutes } from "./app/dossier-read-routes.ts";
import { erasureRoutes } from "./app/erasure-routes.ts";
import { eventFeedWriter } from "./app/event-feed-writer.ts";
import { problem } from "./app/problem-responses.ts";
import { submissionRoutes } from "./app/submission-routes.ts";
import { transitionRoutes } from "./app/transition-routes.ts";

export type { CouncilAppDeps, CouncilClient, CouncilLog, CouncilRole } from "./app/council-app-deps.ts";

/** Request bodies are a dossier payload (attachments by reference) or a decision: 1 MiB is ample. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Builds the council API. Routes are relative to the app's root: serve it alone, or mount it with
 * `app.route("/council", createCouncilApp(deps))`. It answers every path under its root (unknown
 * ones with a 404 problem document), so mount it under its own prefix, or after the other routes.
 */
export function createCouncilApp(deps: CouncilAppDeps): Hono {
  const { db, log } = deps;
  const routeDeps: CouncilRouteDeps = {
    db,
    log,
    now: deps.now ?? (() => new Date()),
    write: eventFeedWriter(db),
    authed: clientAuth(deps.clients, log),
  };
  const document = buildCouncilOpenApi();
  const app = new Hono();

  app.onError((err, c) => {
    log.error({ err, method: c.req.method, path: c.req.path }, "council API: request failed");
    return problem(c, 500, PROBLEM_TYPES.internal, "Internal Server Error");
  });
  const noRoute = (c: Context) => problem(c, 404, PROBLEM_TYPES.notFound, "Not Found", { detail: `No route ${c.req.method} ${c.req.path}.` });
  app.notFound(noRoute);

  app.get("/healthz", (c) => c.json({ ok: true as const }));
  app.get("/openapi.json", (c) => c.json(document));

  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      // The rest of the body is not read, so the connection cannot carry another request.
      onError: (c) =>
        problem(c, 413, PROBLEM_TYPES.payloadTooLarge, "Payload Too Large", { detail: `The body may be at most ${MAX_BODY_BYTES} bytes.` }, { Connection: "close" }),
    }),
  );

  for (const routes of [submissionRoutes, dossierReadRoutes, documentsRoutes, transitionRoutes, erasureRoutes, changesRoutes]) {
    app.route("/", routes(routeDeps));
  }

  // Mounted with `route("/council", …)`, a Hono app's notFound handler is not used (the parent's
  // is): this last route answers every other path and method with the same problem document.
  app.all("*", noRoute);

  return app;
}

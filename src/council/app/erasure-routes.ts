/**
 * `POST /v1/dossiers/:id/personal-data-erasures`: the submitter erased their data, so the stored
 * payload is pseudonymised ({@link pseudonymisePayload}). Idempotent: a repeat answers the same.
 */
import { Hono } from "hono";
import type { Prisma } from "../../generated/sqlite/client.ts";
import { pseudonymisePayload } from "../../dossiers/pseudonymise-payload.ts";
import { visibleTo } from "./client-auth.ts";
import type { CouncilRouteDeps } from "./council-route-deps.ts";
import { currentView } from "./dossier-views.ts";
import { notFound } from "./problem-responses.ts";
import { withDossierId } from "./read-request.ts";

export function erasureRoutes({ db, log, authed }: CouncilRouteDeps): Hono {
  const app = new Hono();

  app.post(
    "/v1/dossiers/:id/personal-data-erasures",
    authed("client", withDossierId(async (c, client, id) => {
      const row = await db.councilDossier.findFirst({ where: visibleTo(client, { id }), include: { events: { orderBy: { seq: "asc" } } } });
      if (!row) return notFound(c, id);
      // Not a status change, so no event: the feed and the history stay as they were.
      await db.councilDossier.update({ where: { id: row.id }, data: { payload: pseudonymisePayload(row.payload) as Prisma.InputJsonValue } });
      log.info({ clientId: client.id, dossierId: row.id, code: row.code }, "council: dossier pseudonymised after an erasure");
      return c.json(currentView(row, row.events));
    })),
  );

  return app;
}

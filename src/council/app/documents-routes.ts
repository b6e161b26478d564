/**
 * `POST /v1/dossiers/:id/documents`: a submitter replaces a dossier's papers (contract 2.1), in
 * any status; the history and the feed get an event naming the new versions.
 */
import { Hono } from "hono";
import type { Prisma } from "../../generated/sqlite/client.ts";
import { documentsReplacement } from "../council-api-schemas.ts";
import { visibleTo } from "./client-auth.ts";
import type { CouncilRouteDeps } from "./council-route-deps.ts";
import { currentView } from "./dossier-views.ts";
import { notFound } from "./problem-responses.ts";
import { readBody, withDossierId } from "./read-request.ts";

export function documentsRoutes({ db, log, now, write, authed }: CouncilRouteDeps): Hono {
  const app = new Hono();

  app.post(
    "/v1/dossiers/:id/documents",
    authed("client", withDossierId(async (c, client, id) => {
      const body = await readBody(c, documentsReplacement);
      if (!body.ok) return body.response;
      const found = await db.councilDossier.findFirst({ where: visibleTo(client, { id }), select: { id: true } });
      if (!found) return notFound(c, id);
      const { documents } = body.value;
      const at = now();
      const reason = `documents replaced: ${documents.map((d) => `${d.kind} v${d.version}`).join(", ") || "none"}`;
      const row = await write(async (tx) => {
        const updated = await tx.councilDossier.update({ where: { id: found.id }, data: { documents: documents as Prisma.InputJsonValue, updatedAt: at } });
        // Not a status change: the event repeats the current status, so the view's reason and
        // returned fields (taken from the event that moved it there) stay as they were.
        await tx.councilDossierEvent.create({ data: { dossierId: updated.id, status: updated.status, at, actor: client.id, reason } });
        return tx.councilDossier.findUniqueOrThrow({ where: { id: updated.id }, include: { events: { orderBy: { seq: "asc" } } } });
      });
      log.info({ clientId: client.id, dossierId: row.id, code: row.code, documents: documents.length }, "council: dossier documents replaced");
      return c.json(currentView(row, row.events));
    })),
  );

  return app;
}

/**
 * `GET /v1/changes?after=<cursor>`: the changes feed, which is the history table read in `seq`
 * order with the `seq` as the cursor (event-feed-writer.ts keeps events visible in that order).
 * A submitter sees only the changes of its own dossiers.
 */
import { Hono } from "hono";
import { councilStatus, listChangesQuery, type Change } from "../council-api-schemas.ts";
import type { CouncilRouteDeps } from "./council-route-deps.ts";
import { storedDecision, storedFields } from "./dossier-views.ts";
import { readQuery } from "./read-request.ts";

export function changesRoutes({ db, authed }: CouncilRouteDeps): Hono {
  const app = new Hono();

  app.get(
    "/v1/changes",
    authed("client", async (c, client) => {
      const query = readQuery(c, listChangesQuery);
      if (!query.ok) return query.response;
      const rows = await db.councilDossierEvent.findMany({
        where: { seq: { gt: Number(query.value.after) }, ...(client.role === "staff" ? {} : { dossier: { clientId: client.id } }) },
        orderBy: { seq: "asc" },
        take: query.value.limit,
        include: { dossier: { select: { code: true } } },
      });
      const changes: Change[] = rows.map((e) => ({
        cursor: String(e.seq),
        dossierId: e.dossierId,
        code: e.dossier.code,
        status: councilStatus.parse(e.status),
        at: e.at.toISOString(),
        reason: e.reason,
        fields: storedFields.parse(e.fields ?? []),
        decision: storedDecision.parse(e.decision ?? null),
      }));
      return c.json({ changes, nextCursor: changes.at(-1)?.cursor ?? query.value.after });
    }),
  );

  return app;
}

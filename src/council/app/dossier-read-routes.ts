/**
 * Reading dossiers: `GET /v1/dossiers` (newest first, filtered, cursor-paged) and
 * `GET /v1/dossiers/:id` (with its payload and history). A submitter sees only its own.
 */
import { Hono } from "hono";
import type { Prisma } from "../../generated/sqlite/client.ts";
import { dossierPayloadV1 } from "../../dossiers/dossier-payload.ts";
import { PROBLEM_TYPES, listDossiersQuery, type CouncilDossierDetail } from "../council-api-schemas.ts";
import { visibleTo } from "./client-auth.ts";
import type { CouncilRouteDeps } from "./council-route-deps.ts";
import { currentView, historyOf } from "./dossier-views.ts";
import { decodeListCursor, encodeListCursor, type ListCursor } from "./list-cursor.ts";
import { notFound, problem } from "./problem-responses.ts";
import { readQuery, withDossierId } from "./read-request.ts";

export function dossierReadRoutes({ db, authed }: CouncilRouteDeps): Hono {
  const app = new Hono();

  app.get(
    "/v1/dossiers",
    authed("client", async (c, client) => {
      const query = readQuery(c, listDossiersQuery);
      if (!query.ok) return query.response;
      const q = query.value;
      let after: ListCursor | null = null;
      if (q.cursor !== undefined) {
        after = decodeListCursor(q.cursor);
        if (after === null) return problem(c, 400, PROBLEM_TYPES.validation, "Validation failed", { errors: [{ path: "cursor", message: "not a cursor from this API" }] });
      }
      const where: Prisma.CouncilDossierWhereInput = visibleTo(client, {
        ...(q.status ? { status: q.status } : {}),
        ...(q.unitId ? { unitId: q.unitId } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.from || q.to ? { receivedAt: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {}),
        ...(after
          ? { OR: [{ receivedAt: { lt: after.receivedAt } }, { receivedAt: after.receivedAt, id: { lt: after.id } }] }
          : {}),
      });
      const rows = await db.councilDossier.findMany({
        where,
        orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
        take: q.limit + 1,
        include: { events: { orderBy: { seq: "asc" } } },
      });
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      const nextCursor = rows.length > q.limit && last ? encodeListCursor({ receivedAt: last.receivedAt, id: last.id }) : null;
      return c.json({ items: page.map((r) => currentView(r, r.events)), nextCursor });
    }),
  );

  app.get(
    "/v1/dossiers/:id",
    authed("client", withDossierId(async (c, client, id) => {
      const row = await db.councilDossier.findFirst({
        where: visibleTo(client, { id }),
        include: { events: { orderBy: { seq: "asc" } } },
      });
      if (!row) return notFound(c, id);
      const detail: CouncilDossierDetail = {
        ...currentView(row, row.events),
        payload: dossierPayloadV1.parse(row.payload),
        history: row.events.map(historyOf),
      };
      return c.json(detail);
    })),
  );

  return app;
}

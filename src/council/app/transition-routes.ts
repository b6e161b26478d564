/**
 * Staff moving a dossier: `POST /v1/dossiers/:id/transitions` (review, return, the council's
 * advice, a report's verification) and `POST /v1/dossiers/:id/decisions` (the quyết định on a
 * recommended nomination). The allowed moves are {@link transitionsFrom}'s and
 * {@link decisionLevelFrom}'s.
 *
 * Short transactions: the checks read outside the transaction; the write then re-checks the
 * status with a conditional update, so a concurrent decision yields a 409 instead of a lost update.
 */
import { Hono, type Context } from "hono";
import type { CouncilDossier as Row, Prisma } from "../../generated/sqlite/client.ts";
import {
  PROBLEM_TYPES,
  councilStatus,
  decisionRequest,
  dossierKind,
  transitionRequest,
  type CouncilDossierView,
  type CouncilStatus,
  type Decision,
} from "../council-api-schemas.ts";
import { decisionLevelFrom, transitionsFrom } from "../council-transitions.ts";
import type { CouncilClient } from "./council-app-deps.ts";
import type { CouncilRouteDeps } from "./council-route-deps.ts";
import { baseView } from "./dossier-views.ts";
import { payloadHasPath } from "./payload-has-path.ts";
import { Refusal, notFound, problem, refusalProblem } from "./problem-responses.ts";
import { readBody, withDossierId } from "./read-request.ts";

/** Where a move takes the dossier, and what its event records. */
interface Move {
  to: CouncilStatus;
  reason: string | null;
  fields: Array<{ field: string; message: string }>;
  decision: Decision | null;
}

export function transitionRoutes({ db, log, now, write, authed }: CouncilRouteDeps): Hono {
  const app = new Hono();

  app.post(
    "/v1/dossiers/:id/transitions",
    authed("staff", withDossierId(async (c, client, id) => {
      const body = await readBody(c, transitionRequest);
      if (!body.ok) return body.response;
      const { to, reason } = body.value;
      const fields = body.value.fields ?? [];

      const row = await db.councilDossier.findUnique({ where: { id } });
      if (!row) return notFound(c, id);
      const from = councilStatus.parse(row.status);
      if (!transitionsFrom(dossierKind.parse(row.kind), from).includes(to)) {
        return problem(c, 409, PROBLEM_TYPES.invalidTransition, "Invalid transition", { detail: `A ${row.kind} dossier cannot move from ${from} to ${to}.` });
      }
      const missing = fields.map((f, i) => ({ f, i })).filter(({ f }) => !payloadHasPath(row.payload, f.field));
      if (missing.length > 0) {
        return problem(c, 400, PROBLEM_TYPES.validation, "Validation failed", {
          detail: `Not in the dossier's payload: ${missing.map(({ f }) => f.field).join(", ")}.`,
          errors: missing.map(({ f, i }) => ({ path: `fields.${i}.field`, message: `${f.field} does not exist in the payload` })),
        });
      }
      return move(c, client, row, from, { to, reason: reason ?? null, fields, decision: null });
    })),
  );

  app.post(
    "/v1/dossiers/:id/decisions",
    authed("staff", withDossierId(async (c, client, id) => {
      const body = await readBody(c, decisionRequest);
      if (!body.ok) return body.response;

      const row = await db.councilDossier.findUnique({ where: { id } });
      if (!row) return notFound(c, id);
      const from = councilStatus.parse(row.status);
      const level = decisionLevelFrom(dossierKind.parse(row.kind), from);
      if (level === null) {
        return problem(c, 409, PROBLEM_TYPES.invalidTransition, "Invalid transition", {
          detail: `A decision is recorded only for a nomination the council recommended (or forwarded upward); this ${row.kind} dossier is ${from}.`,
        });
      }
      const { reason, ...rest } = body.value;
      const recorded: Decision = { ...rest, level };
      return move(c, client, row, from, { to: recorded.outcome, reason: reason ?? null, fields: [], decision: recorded });
    })),
  );

  /**
   * Moves a dossier whose status was `from` (re-checked in the write: a concurrent move is a 409)
   * and writes the event the feed publishes.
   */
  async function move(c: Context, client: CouncilClient, row: Row, from: CouncilStatus, next: Move): Promise<Response> {
    const at = now();
    try {
      await write(async (tx) => {
        const moved = await tx.councilDossier.updateMany({ where: { id: row.id, status: from }, data: { status: next.to, updatedAt: at } });
        if (moved.count === 0) {
          throw new Refusal({ type: PROBLEM_TYPES.invalidTransition, title: "Invalid transition", status: 409, detail: "The dossier's status changed meanwhile; read it again." });
        }
        await tx.councilDossierEvent.create({
          data: {
            dossierId: row.id,
            status: next.to,
            at,
            actor: client.id,
            reason: next.reason,
            ...(next.to === "returned" ? { fields: next.fields as Prisma.InputJsonValue } : {}),
            ...(next.decision ? { decision: next.decision as Prisma.InputJsonValue } : {}),
          },
        });
      });
    } catch (err) {
      if (err instanceof Refusal) return refusalProblem(c, err);
      throw err;
    }
    log.info({ clientId: client.id, dossierId: row.id, code: row.code, from, to: next.to }, "council: dossier moved");
    const view: CouncilDossierView = {
      ...baseView(row),
      status: next.to,
      updatedAt: at.toISOString(),
      reason: next.reason,
      returnedFields: next.to === "returned" ? next.fields : [],
      decision: next.decision,
    };
    return c.json(view);
  }

  return app;
}

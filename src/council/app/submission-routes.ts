/**
 * Submissions: `POST /v1/dossiers` and `POST /v1/dossiers/:id/resubmissions` (a returned dossier
 * comes back as a new one).
 *
 * Idempotency: submissions carry an `Idempotency-Key`, unique per client (the unique index
 * `(clientId, idempotencyKey)`). The row stores a sha256 of the canonical JSON of the request body;
 * a repeat with the same body is answered with the first result (the dossier as it was received,
 * whatever happened to it since) and stores nothing; another body, or the same key on another
 * endpoint, is refused with 422. Two concurrent identical requests race on the unique index: the
 * loser's transaction fails with a unique violation and it answers with the winner's row. The hash
 * leaves out each `documents[].url` (see {@link requestIdentity}).
 */
import { createHash } from "node:crypto";
import { Hono, type Context } from "hono";
import type { CouncilDossier as Row, Prisma } from "../../generated/sqlite/client.ts";
import { DOSSIER_PAYLOAD_VERSION } from "../../dossiers/dossier-payload.ts";
import { PROBLEM_TYPES, dossierSubmission, idempotencyHeaders, type Problem } from "../council-api-schemas.ts";
import { visibleTo } from "./client-auth.ts";
import type { CouncilClient } from "./council-app-deps.ts";
import type { CouncilRouteDeps } from "./council-route-deps.ts";
import { asReceived } from "./dossier-views.ts";
import { Refusal, notFound, problem, refusalProblem, validationProblem } from "./problem-responses.ts";
import { readJson, withDossierId } from "./read-request.ts";
import { canonicalJson, requestIdentity } from "./request-identity.ts";

/** A request's Idempotency-Key was stored by a concurrent request meanwhile; thrown to roll back. */
class SameKeyStored extends Error {}

export function submissionRoutes({ db, log, now, write, authed }: CouncilRouteDeps): Hono {
  const app = new Hono();

  app.post("/v1/dossiers", authed("client", (c, client) => submit(c, client, null)));

  app.post(
    "/v1/dossiers/:id/resubmissions",
    authed("client", withDossierId(async (c, client, id) => {
      const original = await db.councilDossier.findFirst({ where: visibleTo(client, { id }) });
      if (!original) return notFound(c, id);
      return submit(c, client, original);
    })),
  );

  /** POST /v1/dossiers and its resubmission form (`original` set). */
  async function submit(c: Context, client: CouncilClient, original: Row | null): Promise<Response> {
    const headers = idempotencyHeaders.safeParse({ "Idempotency-Key": c.req.header("Idempotency-Key") });
    if (!headers.success) return validationProblem(c, headers.error);
    const json = await readJson(c);
    if (!json.ok) return json.response;
    const body = dossierSubmission.safeParse(json.value);
    if (!body.success) return validationProblem(c, body.error);

    const key = headers.data["Idempotency-Key"];
    const bodyHash = createHash("sha256").update(canonicalJson(requestIdentity(json.value))).digest("hex");
    const resubmissionOf = original?.id ?? null;
    const replay = async (): Promise<Response | null> => {
      const earlier = await db.councilDossier.findUnique({ where: { clientId_idempotencyKey: { clientId: client.id, idempotencyKey: key } } });
      if (!earlier) return null;
      if (earlier.bodyHash !== bodyHash || earlier.resubmissionOfId !== resubmissionOf) {
        return problem(c, 422, PROBLEM_TYPES.idempotencyKeyReused, "Idempotency-Key reused", {
          detail: "This Idempotency-Key was already used with another request; use a new key for a new submission.",
        });
      }
      return c.json(asReceived(earlier), 201, { "Idempotent-Replayed": "true" });
    };

    const replayed = await replay();
    if (replayed) return replayed;

    const payload = body.data.payload;
    const documents = body.data.documents;
    const at = now();
    try {
      const created = await write(async (tx) => {
        if (original) {
          // Locks the original (PostgreSQL row lock) and re-checks its status in one statement.
          const locked = await tx.councilDossier.updateMany({ where: { id: original.id, status: "returned" }, data: { updatedAt: at } });
          if (locked.count === 0) throw new Refusal(notReturned(original.status));
          const earlier = await tx.councilDossier.findFirst({ where: { resubmissionOfId: original.id }, select: { id: true } });
          if (earlier) {
            throw new Refusal({
              type: PROBLEM_TYPES.invalidTransition,
              title: "Invalid transition",
              status: 409,
              detail: `This dossier was already resubmitted as ${earlier.id}.`,
            });
          }
        }
        // A reference code names one dossier of a client; only a resubmission keeps its original's.
        if (!original || payload.code !== original.code) {
          const taken = await tx.councilDossier.findFirst({ where: { clientId: client.id, code: payload.code }, select: { id: true, idempotencyKey: true }, orderBy: { receivedAt: "asc" } });
          // A concurrent request with the same key got there first: answered below as its repeat.
          if (taken?.idempotencyKey === key) throw new SameKeyStored();
          if (taken) {
            throw new Refusal({
              type: PROBLEM_TYPES.duplicateCode,
              title: "Duplicate reference code",
              status: 409,
              detail: `Dossier ${taken.id} already has the reference code ${payload.code}; a returned dossier is resubmitted with POST /v1/dossiers/${taken.id}/resubmissions.`,
              dossierId: taken.id,
            });
          }
        }
        const row = await tx.councilDossier.create({
          data: {
            code: payload.code,
            kind: payload.kind,
            unitId: payload.unit.id,
            status: "received",
            payload: payload as Prisma.InputJsonValue,
            payloadVersion: DOSSIER_PAYLOAD_VERSION,
            bodyHash,
            idempotencyKey: key,
            clientId: client.id,
            resubmissionOfId: resubmissionOf,
            ...(documents ? { documents: documents as Prisma.InputJsonValue } : {}),
            receivedAt: at,
            updatedAt: at,
          },
        });
        await tx.councilDossierEvent.create({ data: { dossierId: row.id, status: "received", at, actor: client.id } });
        if (original) {
          await tx.councilDossierEvent.create({
            data: { dossierId: original.id, status: "returned", at, actor: client.id, reason: `resubmitted as ${row.id}` },
          });
        }
        return row;
      });
      log.info({ clientId: client.id, dossierId: created.id, code: created.code, resubmissionOf }, "council: dossier received");
      return c.json(asReceived(created), 201);
    } catch (err) {
      if (err instanceof Refusal) return refusalProblem(c, err);
      if (!isUniqueViolation(err) && !(err instanceof SameKeyStored)) throw err;
      // A concurrent request with the same key won the race: answer as a repeat of it.
      const afterRace = await replay();
      if (afterRace) {
        log.info({ clientId: client.id, status: afterRace.status }, "council: concurrent request with the same Idempotency-Key answered from the stored one");
        return afterRace;
      }
      throw err;
    }
  }

  return app;
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

function notReturned(status: string): Problem {
  return {
    type: PROBLEM_TYPES.invalidTransition,
    title: "Invalid transition",
    status: 409,
    detail: `Only a returned dossier can be resubmitted; this one is ${status}.`,
  };
}

/**
 * The embedded council service (the Hội đồng Thi đua – Khen thưởng's intake queue): an HTTP API
 * that receives dossiers, lets the council's staff move them through review, and publishes every
 * status change as a cursor-based feed. The contract is {@link ./council-api-schemas.ts}; every
 * request is validated with those zod schemas, every error is an RFC 9457 problem document, and
 * `GET /openapi.json` serves the document generated from them.
 *
 * Decisions:
 * - **Idempotency.** Submissions carry an `Idempotency-Key`, unique per client (the unique index
 *   `(clientId, idempotencyKey)`). The row stores a sha256 of the canonical JSON of the request
 *   body; a repeat with the same body is answered with the first result (the dossier as it was
 *   received, whatever happened to it since) and stores nothing; another body, or the same key on
 *   another endpoint, is refused with 422. Two concurrent identical requests race on the unique
 *   index: the loser's transaction fails with a unique violation and it answers with the winner's
 *   row. The hash leaves out each `documents[].url` (see {@link requestIdentity}).
 * - **The changes feed is the history table**, read in `seq` order; the cursor is the `seq`. For
 *   a follower never to skip an event, events must become visible in `seq` order: SQLite has one
 *   writer, and on PostgreSQL every transaction that writes events first takes one transaction
 *   advisory lock, so sequence values are drawn and committed in the same order.
 * - **Short transactions.** Checks read outside the transaction; the write then re-checks what it
 *   depends on with a conditional update (`status` unchanged), so a concurrent decision yields a
 *   409 instead of a lost update.
 */
import { createHash } from "node:crypto";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import type { Db, Tx } from "../db/open-database.ts";
import type { Prisma, CouncilDossier as CouncilDossierRow, CouncilDossierEvent as CouncilDossierEventRow } from "../generated/sqlite/client.ts";
import { DOSSIER_PAYLOAD_VERSION, dossierPayloadV1 } from "../dossiers/dossier-payload.ts";
import { pseudonymisePayload } from "../dossiers/pseudonymise-payload.ts";
import { secretsEqual } from "../security/secrets-equal.ts";
import { buildCouncilOpenApi } from "./build-council-openapi.ts";
import { decisionLevelFrom, transitionsFrom } from "./council-transitions.ts";
import { findUnstorableStrings } from "./find-unstorable-strings.ts";
import {
  PROBLEM_TYPES,
  councilStatus,
  decision,
  decisionRequest,
  documentsReplacement,
  dossierDocument,
  dossierIdParams,
  dossierKind,
  dossierSubmission,
  idempotencyHeaders,
  listChangesQuery,
  listDossiersQuery,
  returnedField,
  transitionRequest,
  type Change,
  type CouncilDossierDetail,
  type CouncilDossierView,
  type CouncilStatus,
  type Decision,
  type HistoryEvent,
  type Problem,
  type TransitionTarget,
} from "./council-api-schemas.ts";

/** What a client may do: submitters submit and follow their own dossiers; staff also decide. */
export type CouncilRole = "submitter" | "staff";

/** A configured API client; `token` is its bearer token (compared in constant time). */
export interface CouncilClient {
  id: string;
  token: string;
  role: CouncilRole;
}

/** What the app logs through; pino's logger satisfies it. Tokens and payloads are never logged. */
export interface CouncilLog {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

export interface CouncilAppDeps {
  db: Db;
  clients: CouncilClient[];
  /** The clock for receivedAt, updatedAt and event times; defaults to the system clock. */
  now?: () => Date;
  log: CouncilLog;
}

/** Request bodies are a dossier payload (attachments by reference) or a decision: 1 MiB is ample. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The PostgreSQL advisory lock key every event-writing transaction holds (see the decisions above). */
export const EVENT_FEED_LOCK_KEY = 4_207_310_001;

const storedFields = z.array(returnedField);
const storedDecision = decision.nullable();
const storedDocuments = z.array(dossierDocument);

type Row = CouncilDossierRow;
type EventRow = CouncilDossierEventRow;

/** An expected refusal found inside a transaction; thrown only to roll the transaction back. */
class Refusal extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
}

/** A request's Idempotency-Key was stored by a concurrent request meanwhile; thrown to roll back. */
class SameKeyStored extends Error {}

/**
 * Builds the council API. Routes are relative to the app's root: serve it alone, or mount it with
 * `app.route("/council", createCouncilApp(deps))`. It answers every path under its root (unknown
 * ones with a 404 problem document), so mount it under its own prefix, or after the other routes.
 */
export function createCouncilApp(deps: CouncilAppDeps): Hono {
  const { db, log } = deps;
  const now = deps.now ?? (() => new Date());
  let postgresProbe: Promise<boolean> | undefined;
  /**
   * Whether `db` is PostgreSQL, asked once: PostgreSQL answers `SELECT version()`, SQLite has no
   * such function. (The client type is the same for both; see open-database.ts.) Any other
   * failure is not remembered, so the next write asks again.
   */
  function isPostgres(): Promise<boolean> {
    postgresProbe ??= db.$queryRawUnsafe<{ v: string }[]>("SELECT version() AS v").then(
      (rows) => /postgres/i.test(String(rows[0]?.v)),
      (err: unknown) => {
        if (/no such function/i.test(String((err as Error)?.message))) return false;
        postgresProbe = undefined;
        throw err;
      },
    );
    return postgresProbe;
  }
  const document = buildCouncilOpenApi();
  const app = new Hono();

  /** One short write transaction; on PostgreSQL it first takes the event feed lock. */
  async function write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const postgres = await isPostgres();
    return db.$transaction(
      async (tx) => {
        if (postgres) await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${EVENT_FEED_LOCK_KEY})`);
        return fn(tx);
      },
      { maxWait: 10_000, timeout: 10_000 },
    );
  }

  /** The client the request's bearer token names, or null. Every token is compared. */
  function clientOf(c: Context): CouncilClient | null {
    const match = /^Bearer +(\S+) *$/i.exec(c.req.header("Authorization") ?? "");
    if (!match) return null;
    let found: CouncilClient | null = null;
    for (const client of deps.clients) {
      if (secretsEqual(match[1], client.token) && found === null) found = client;
    }
    return found;
  }

  /** Wraps a handler with authentication (401) and the role check (403), before anything is read. */
  function authed(access: "client" | "staff", handler: (c: Context, client: CouncilClient) => Promise<Response>) {
    return async (c: Context): Promise<Response> => {
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

  app.post("/v1/dossiers", authed("client", (c, client) => submit(c, client, null)));

  app.post(
    "/v1/dossiers/:id/resubmissions",
    authed("client", async (c, client) => {
      const params = dossierIdParams.safeParse({ id: c.req.param("id") });
      if (!params.success) return validationProblem(c, params.error);
      const original = await db.councilDossier.findFirst({ where: visibleTo(client, { id: params.data.id }) });
      if (!original) return notFound(c, params.data.id);
      return submit(c, client, original);
    }),
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
      if (err instanceof Refusal) return problem(c, err.problem.status as ContentfulStatusCode, err.problem.type, err.problem.title, err.problem);
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

  app.get(
    "/v1/dossiers",
    authed("client", async (c, client) => {
      const query = listDossiersQuery.safeParse(c.req.query());
      if (!query.success) return validationProblem(c, query.error);
      const q = query.data;
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
    authed("client", async (c, client) => {
      const params = dossierIdParams.safeParse({ id: c.req.param("id") });
      if (!params.success) return validationProblem(c, params.error);
      const row = await db.councilDossier.findFirst({
        where: visibleTo(client, { id: params.data.id }),
        include: { events: { orderBy: { seq: "asc" } } },
      });
      if (!row) return notFound(c, params.data.id);
      const detail: CouncilDossierDetail = {
        ...currentView(row, row.events),
        payload: dossierPayloadV1.parse(row.payload),
        history: row.events.map(historyOf),
      };
      return c.json(detail);
    }),
  );

  app.post(
    "/v1/dossiers/:id/documents",
    authed("client", async (c, client) => {
      const params = dossierIdParams.safeParse({ id: c.req.param("id") });
      if (!params.success) return validationProblem(c, params.error);
      const json = await readJson(c);
      if (!json.ok) return json.response;
      const body = documentsReplacement.safeParse(json.value);
      if (!body.success) return validationProblem(c, body.error);
      const found = await db.councilDossier.findFirst({ where: visibleTo(client, { id: params.data.id }), select: { id: true } });
      if (!found) return notFound(c, params.data.id);
      const { documents } = body.data;
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
    }),
  );

  app.post(
    "/v1/dossiers/:id/transitions",
    authed("staff", async (c, client) => {
      const params = dossierIdParams.safeParse({ id: c.req.param("id") });
      if (!params.success) return validationProblem(c, params.error);
      const json = await readJson(c);
      if (!json.ok) return json.response;
      const body = transitionRequest.safeParse(json.value);
      if (!body.success) return validationProblem(c, body.error);
      const { to, reason } = body.data;
      const fields = body.data.fields ?? [];

      const row = await db.councilDossier.findUnique({ where: { id: params.data.id } });
      if (!row) return notFound(c, params.data.id);
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
    }),
  );

  app.post(
    "/v1/dossiers/:id/decisions",
    authed("staff", async (c, client) => {
      const params = dossierIdParams.safeParse({ id: c.req.param("id") });
      if (!params.success) return validationProblem(c, params.error);
      const json = await readJson(c);
      if (!json.ok) return json.response;
      const body = decisionRequest.safeParse(json.value);
      if (!body.success) return validationProblem(c, body.error);

      const row = await db.councilDossier.findUnique({ where: { id: params.data.id } });
      if (!row) return notFound(c, params.data.id);
      const from = councilStatus.parse(row.status);
      const level = decisionLevelFrom(dossierKind.parse(row.kind), from);
      if (level === null) {
        return problem(c, 409, PROBLEM_TYPES.invalidTransition, "Invalid transition", {
          detail: `A decision is recorded only for a nomination the council recommended (or forwarded upward); this ${row.kind} dossier is ${from}.`,
        });
      }
      const { reason, ...rest } = body.data;
      const recorded: Decision = { ...rest, level };
      return move(c, client, row, from, { to: recorded.outcome, reason: reason ?? null, fields: [], decision: recorded });
    }),
  );

  /**
   * Moves a dossier whose status was `from` (re-checked in the write: a concurrent move is a 409)
   * and writes the event the feed publishes.
   */
  async function move(
    c: Context,
    client: CouncilClient,
    row: Row,
    from: CouncilStatus,
    next: { to: CouncilStatus; reason: string | null; fields: Array<{ field: string; message: string }>; decision: Decision | null },
  ): Promise<Response> {
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
      if (err instanceof Refusal) return problem(c, 409, err.problem.type, err.problem.title, err.problem);
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

  app.post(
    "/v1/dossiers/:id/personal-data-erasures",
    authed("client", async (c, client) => {
      const params = dossierIdParams.safeParse({ id: c.req.param("id") });
      if (!params.success) return validationProblem(c, params.error);
      const row = await db.councilDossier.findFirst({ where: visibleTo(client, { id: params.data.id }), include: { events: { orderBy: { seq: "asc" } } } });
      if (!row) return notFound(c, params.data.id);
      // Not a status change, so no event: the feed and the history stay as they were.
      await db.councilDossier.update({ where: { id: row.id }, data: { payload: pseudonymisePayload(row.payload) as Prisma.InputJsonValue } });
      log.info({ clientId: client.id, dossierId: row.id, code: row.code }, "council: dossier pseudonymised after an erasure");
      return c.json(currentView(row, row.events));
    }),
  );

  app.get(
    "/v1/changes",
    authed("client", async (c, client) => {
      const query = listChangesQuery.safeParse(c.req.query());
      if (!query.success) return validationProblem(c, query.error);
      const rows = await db.councilDossierEvent.findMany({
        where: { seq: { gt: Number(query.data.after) }, ...(client.role === "staff" ? {} : { dossier: { clientId: client.id } }) },
        orderBy: { seq: "asc" },
        take: query.data.limit,
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
      return c.json({ changes, nextCursor: changes.at(-1)?.cursor ?? query.data.after });
    }),
  );

  // Mounted with `route("/council", …)`, a Hono app's notFound handler is not used (the parent's
  // is): this last route answers every other path and method with the same problem document.
  app.all("*", noRoute);

  return app;
}

// ---------------------------------------------------------------------------------------------
// Views

function baseView(row: Row): Omit<CouncilDossierView, "status" | "updatedAt" | "reason" | "returnedFields" | "decision"> {
  return {
    id: row.id,
    code: row.code,
    kind: dossierKind.parse(row.kind),
    unitId: row.unitId,
    receivedAt: row.receivedAt.toISOString(),
    resubmissionOf: row.resubmissionOfId,
    documents: storedDocuments.parse(row.documents ?? []),
  };
}

/**
 * The dossier as it was answered when received: what a repeated submission answers again. Its
 * `documents` are the stored list, which replaceDossierDocuments may have changed since.
 */
function asReceived(row: Row): CouncilDossierView {
  return { ...baseView(row), status: "received", updatedAt: row.receivedAt.toISOString(), reason: null, returnedFields: [], decision: null };
}

/**
 * The dossier now. `reason` and `returnedFields` come from the event that moved it into its
 * current status (later events with the same status, such as "resubmitted as …", do not change
 * them).
 */
function currentView(row: Row, events: EventRow[]): CouncilDossierView {
  let decisive: EventRow | undefined;
  let previous: string | undefined;
  for (const e of events) {
    if (e.status !== previous) decisive = e;
    previous = e.status;
  }
  return {
    ...baseView(row),
    status: councilStatus.parse(row.status),
    updatedAt: row.updatedAt.toISOString(),
    reason: decisive?.reason ?? null,
    returnedFields: decisive?.status === "returned" ? storedFields.parse(decisive.fields ?? []) : [],
    decision: storedDecision.parse(decisive?.decision ?? null),
  };
}

function historyOf(e: EventRow): HistoryEvent {
  return {
    seq: e.seq,
    status: councilStatus.parse(e.status),
    at: e.at.toISOString(),
    actor: e.actor,
    reason: e.reason,
    fields: storedFields.parse(e.fields ?? []),
    decision: storedDecision.parse(e.decision ?? null),
  };
}

// ---------------------------------------------------------------------------------------------
// Requests and answers

/** Limits a query to what the client may see: a submitter only its own dossiers. */
function visibleTo(client: CouncilClient, where: Prisma.CouncilDossierWhereInput): Prisma.CouncilDossierWhereInput {
  return client.role === "staff" ? where : { ...where, clientId: client.id };
}

type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

/** The body as JSON, refused (400) when it is not JSON or carries a string no database can store. */
async function readJson(c: Context): Promise<JsonBody> {
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

/**
 * What identifies a submission for its Idempotency-Key: the body without each `documents[].url`.
 * A document link carries its expiry, and a retry may come hours or days after the first attempt,
 * so the sender signs a fresh link each time; what the council receives is the same — the same
 * files, named by kind, version and sha256. (The alternative, an expiry fixed per document
 * version, would make a retry sent late carry an already expired link.) A body without
 * `documents` (a 2.0 client) is hashed exactly as before.
 */
export function requestIdentity(body: unknown): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const record = body as Record<string, unknown>;
  if (!Array.isArray(record.documents)) return body;
  const documents = record.documents.map((d: unknown) => {
    if (d === null || typeof d !== "object" || Array.isArray(d)) return d;
    const { url: _url, ...rest } = d as Record<string, unknown>;
    return rest;
  });
  return { ...record, documents };
}

/** JSON with object keys sorted at every level, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Whether a dotted path (property names, array indexes) names a value in the payload (null counts). */
export function payloadHasPath(payload: unknown, path: string): boolean {
  let node = payload;
  for (const segment of path.split(".")) {
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(segment) || Number(segment) >= node.length) return false;
      node = node[Number(segment)];
    } else if (node !== null && typeof node === "object" && Object.hasOwn(node, segment)) {
      node = (node as Record<string, unknown>)[segment];
    } else {
      return false;
    }
  }
  return true;
}

interface ListCursor {
  receivedAt: Date;
  id: string;
}

const listCursorSchema = z.object({ r: z.iso.datetime(), i: z.string().min(1).max(64) });

function encodeListCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify({ r: cursor.receivedAt.toISOString(), i: cursor.id })).toString("base64url");
}

function decodeListCursor(text: string): ListCursor | null {
  try {
    const parsed = listCursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? { receivedAt: new Date(parsed.data.r), id: parsed.data.i } : null;
  } catch {
    return null;
  }
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

function problem(
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

function validationProblem(c: Context, error: z.ZodError): Response {
  return problem(c, 400, PROBLEM_TYPES.validation, "Validation failed", {
    detail: "The request is not valid; see errors.",
    errors: error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
  });
}

function notFound(c: Context, id: string): Response {
  return problem(c, 404, PROBLEM_TYPES.notFound, "Not Found", { detail: `No dossier ${id}.` });
}

function notReturned(status: string): Problem {
  return {
    type: PROBLEM_TYPES.invalidTransition,
    title: "Invalid transition",
    status: 409,
    detail: `Only a returned dossier can be resubmitted; this one is ${status}.`,
  };
}

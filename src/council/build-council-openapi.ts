/**
 * Builds the council intake API's OpenAPI 3.1 document from the zod schemas and operation list in
 * {@link ./council-api-schemas.ts}: zod is the single source of truth, the document is derived.
 * `npm run council:openapi` writes it to `src/council/openapi/council-api.json` (and the client
 * types generated from it); the service serves the same document at `GET /openapi.json`.
 *
 * Schemas are rendered with `z.toJSONSchema` (JSON Schema draft 2020-12, the dialect of OpenAPI
 * 3.1): request bodies, parameters and the schemas only they use in `io: "input"` form, responses
 * in `io: "output"` form. Named schemas become `$ref`s to `components.schemas`. The output is
 * deterministic: paths in operation order, components sorted by name, schema keys in the order
 * zod emits them.
 */
import { z } from "zod";
import {
  COUNCIL_OPERATIONS,
  COUNCIL_SCHEMAS,
  PROBLEM_RESPONSES,
  type CouncilOperation,
  type CouncilSchemaName,
  type ProblemStatus,
} from "./council-api-schemas.ts";

type Json = Record<string, unknown>;

const COMPONENT_PREFIX = "#/components/schemas/";
const PROBLEM_MEDIA_TYPE = "application/problem+json";
const SECURITY_SCHEME = "bearerAuth";

/** The whole document, as a plain JSON value. */
/**
 * The contract's version. 2.0.0 (2026-12) is not compatible with 1.x: the statuses changed (see
 * the document's description); the bot and the embedded council are its only clients and move
 * together, and the database migration `council_decisions_award_history` maps stored statuses.
 * 2.1.0 (2026-12) only adds: an optional `documents` list on a submission, `documents` on the
 * dossier views, and replaceDossierDocuments; a 2.0 client's requests mean what they meant (the
 * migration `council_dossier_documents` adds the column, null for dossiers stored before).
 */
export const COUNCIL_API_VERSION = "2.1.0";

export function buildCouncilOpenApi(): Record<string, unknown> {
  const rendered = renderSchemas();
  const paths: Json = {};
  for (const op of COUNCIL_OPERATIONS) {
    const item = (paths[op.path] ??= {}) as Json;
    item[op.method] = operationObject(op, rendered);
  }

  const problemResponses: Json = {};
  for (const status of Object.keys(PROBLEM_RESPONSES).map(Number) as ProblemStatus[]) {
    const { name, description } = PROBLEM_RESPONSES[status];
    const response: Json = { description, content: { [PROBLEM_MEDIA_TYPE]: { schema: ref("Problem") } } };
    if (status === 401) {
      response.headers = headerObjects({ "WWW-Authenticate": { description: "The authentication scheme: Bearer.", schema: z.literal("Bearer") } });
    }
    problemResponses[name] = response;
  }

  const schemas: Json = {};
  for (const name of (Object.keys(COUNCIL_SCHEMAS) as CouncilSchemaName[]).sort()) {
    schemas[name] = rendered.component(name);
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "TĐKT Council Intake API",
      version: COUNCIL_API_VERSION,
      description:
        "How dossiers (hồ sơ đề nghị khen thưởng, tin báo người tốt việc tốt) reach the Hội đồng Thi đua – Khen thưởng, how its staff record the council's advice and the decision (quyết định) on them, and how submitters follow both through the changes feed. Errors are RFC 9457 problem documents. 2.0.0: the council advises and the chair decides — `approved` and `rejected` became `recommended` and `not_recommended` (for a good-deed report `verified` and `unfounded`; stored dossiers are migrated), decisions are recorded with recordDecision, awards beyond the commune go `forwarded_upward`, and good-deed reports are verified, not decided. 2.1.0 (additive): a submission may carry the dossier's papers (`documents`: kind, version, file name, media type, sha256, size and a signed, expiring url to fetch each file), the dossier views return them, and replaceDossierDocuments sends a changed list after the dossier was sent.",
    },
    servers: [{ url: "/" }],
    security: [{ [SECURITY_SCHEME]: [] }],
    paths,
    components: {
      schemas,
      responses: problemResponses,
      securitySchemes: {
        [SECURITY_SCHEME]: { type: "http", scheme: "bearer", description: "A token configured for the client (COUNCIL_CLIENTS)." },
      },
    },
  };
}

function operationObject(op: CouncilOperation, rendered: RenderedSchemas): Json {
  const parameters = [
    ...rendered.parameters(op, "path"),
    ...rendered.parameters(op, "query"),
    ...rendered.parameters(op, "header"),
  ];
  const success: Json = {
    description: op.success.description,
    ...(op.success.headers ? { headers: headerObjects(op.success.headers) } : {}),
    content: { "application/json": { schema: ref(op.success.schema) } },
  };
  const responses: Json = { [String(op.success.status)]: success };
  for (const status of [...op.problems].sort((a, b) => a - b)) {
    responses[String(status)] = { $ref: `#/components/responses/${PROBLEM_RESPONSES[status].name}` };
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: op.description,
    ...(op.access === "public" ? { security: [] } : {}),
    ...(op.access === "staff" ? { "x-required-role": "staff" } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: ref(op.body) } } } } : {}),
    responses,
  };
}

function headerObjects(headers: Record<string, { description: string; schema: z.ZodType }>): Json {
  const out: Json = {};
  for (const [name, { description, schema }] of Object.entries(headers)) {
    const { $schema: _dialect, ...rendered } = z.toJSONSchema(schema, { target: "draft-2020-12", io: "output" }) as Json;
    out[name] = { description, schema: rendered };
  }
  return out;
}

function ref(name: CouncilSchemaName): Json {
  return { $ref: `${COMPONENT_PREFIX}${name}` };
}

interface RenderedSchemas {
  component(name: CouncilSchemaName): Json;
  parameters(op: CouncilOperation, location: "path" | "query" | "header"): Json[];
}

/**
 * Renders every named schema, and every operation's parameter objects, once per `io` mode in one
 * registry, so that named schemas used inside others come out as `$ref`s to the components.
 */
function renderSchemas(): RenderedSchemas {
  const registry = z.registry<{ id: string }>();
  for (const [name, { schema }] of Object.entries(COUNCIL_SCHEMAS)) registry.add(schema, { id: name });
  const paramIds = new Map<string, z.ZodObject>();
  for (const op of COUNCIL_OPERATIONS) {
    for (const [location, schema] of [
      ["path", op.pathParams],
      ["query", op.query],
      ["header", op.headers],
    ] as const) {
      if (!schema) continue;
      const id = `${op.operationId}.${location}`;
      paramIds.set(id, schema);
      registry.add(schema, { id });
    }
  }
  const render = (io: "input" | "output") =>
    z.toJSONSchema(registry, { target: "draft-2020-12", io, uri: (id) => `${COMPONENT_PREFIX}${id}` }).schemas as Record<string, Json>;
  const byIo = { input: render("input"), output: render("output") };

  const clean = (schema: Json | undefined, id: string): Json => {
    if (!schema) throw new Error(`schema ${id} was not rendered`);
    const { $schema: _dialect, $id: _id, ...rest } = schema;
    if ("$defs" in rest) throw new Error(`schema ${id} has local $defs; name the shared part in COUNCIL_SCHEMAS`);
    return rest;
  };

  return {
    component: (name) => clean(byIo[COUNCIL_SCHEMAS[name].io][name], name),
    parameters: (op, location) => {
      const id = `${op.operationId}.${location}`;
      if (!paramIds.has(id)) return [];
      const object = clean(byIo.input[id], id);
      const properties = (object.properties ?? {}) as Record<string, Json>;
      const required = new Set((object.required ?? []) as string[]);
      return Object.entries(properties).map(([name, property]) => {
        const { description, ...schema } = property;
        return {
          name,
          in: location,
          required: location === "path" || required.has(name),
          ...(typeof description === "string" ? { description } : {}),
          schema,
        };
      });
    },
  };
}

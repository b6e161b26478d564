/**
 * The generated contract files: the committed OpenAPI document and client types must be exactly
 * what the generator produces from the zod schemas now, and the document must describe what the
 * service serves.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { buildCouncilOpenApi } from "../../src/council/build-council-openapi.ts";
import { COUNCIL_OPERATIONS, COUNCIL_SCHEMAS } from "../../src/council/council-api-schemas.ts";
import { COUNCIL_OPENAPI_FILES, renderCouncilOpenApiFiles, staleCouncilOpenApiFiles } from "../../src/cli/council-openapi.ts";

type Json = Record<string, unknown>;

describe("council OpenAPI document", () => {
  it("is committed exactly as generated (run npm run council:openapi after changing the schemas)", async () => {
    const wanted = await renderCouncilOpenApiFiles();
    expect(await readFile(COUNCIL_OPENAPI_FILES.json, "utf8")).toBe(wanted.json);
    expect(await readFile(COUNCIL_OPENAPI_FILES.dts, "utf8")).toBe(wanted.dts);
    expect(await staleCouncilOpenApiFiles()).toEqual([]);
  });

  it("is deterministic", () => {
    expect(JSON.stringify(buildCouncilOpenApi())).toBe(JSON.stringify(buildCouncilOpenApi()));
  });

  it("is an OpenAPI 3.1 document with the named schemas, bearer security and every operation", () => {
    const doc = buildCouncilOpenApi() as Json & { components: { schemas: Json; securitySchemes: Json }; paths: Record<string, Record<string, Json>> };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: "TĐKT Council Intake API", version: "2.1.0" });
    expect(doc.servers).toEqual([{ url: "/" }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(Object.keys(doc.components.schemas)).toEqual(Object.keys(COUNCIL_SCHEMAS).sort());
    for (const name of ["DossierPayload", "CouncilStatus", "ReturnedField", "CouncilDossier", "CouncilDossierDetail", "Change", "Problem"]) {
      expect(doc.components.schemas).toHaveProperty(name);
    }

    const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
    expect(operations.map((o) => o.op.operationId).sort()).toEqual(COUNCIL_OPERATIONS.map((o) => o.operationId).sort());

    // Every $ref points at something the document defines.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const [, section, name] = /"#\/components\/(\w+)\/([^"]+)"/.exec(ref) ?? [];
      expect((doc.components as Record<string, Json | undefined>)[section!]?.[name!], ref).toBeDefined();
    }

    // Errors are problem documents.
    const submit = doc.paths["/v1/dossiers"]!.post!;
    expect(submit.responses).toMatchObject({ "201": {}, "400": {}, "401": {}, "422": {} });
    const validation = (doc.components as unknown as { responses: Record<string, { content: Json }> }).responses.ValidationProblem!;
    expect(validation.content).toEqual({ "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } });
    expect(submit.parameters).toEqual([expect.objectContaining({ name: "Idempotency-Key", in: "header", required: true })]);
    expect(doc.paths["/v1/dossiers/{id}/transitions"]!.post!["x-required-role"]).toBe("staff");
    expect(doc.paths["/openapi.json"]!.get!.security).toEqual([]);

    // The changes feed's limits are those the server applies.
    const changes = doc.paths["/v1/changes"]!.get!.parameters as Json[];
    expect(changes).toEqual([
      expect.objectContaining({ name: "after", in: "query", required: false, schema: expect.objectContaining({ default: "0" }) }),
      expect.objectContaining({ name: "limit", in: "query", required: false, schema: expect.objectContaining({ default: 100, maximum: 500 }) }),
    ]);
  });

  it("documents request bodies as their input form (unknown keys accepted) and responses as their output form", () => {
    const schemas = (buildCouncilOpenApi() as { components: { schemas: Record<string, Json> } }).components.schemas;
    expect(schemas.DossierSubmission).not.toHaveProperty("additionalProperties");
    expect(schemas.CouncilDossier).toHaveProperty("additionalProperties", false);
    expect(JSON.stringify(schemas)).not.toContain('"$schema"');
  });
});

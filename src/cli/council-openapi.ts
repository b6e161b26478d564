/**
 * `npm run council:openapi`: writes the council intake API's generated files from the zod
 * schemas (the single source of truth):
 *
 * - `src/council/openapi/council-api.json`, the OpenAPI 3.1 document ({@link buildCouncilOpenApi});
 * - `src/council/openapi/council-api.d.ts`, the client types openapi-typescript generates from it
 *   (used by `createCouncilClient`).
 *
 * `--check` writes nothing and exits 1 when either committed file differs from what would be
 * written (the test suite checks the same through {@link renderCouncilOpenApiFiles}).
 *
 * openapi-typescript is a dev dependency: only this tool imports it, never the service.
 */
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from "openapi-typescript";
import { buildCouncilOpenApi } from "../council/build-council-openapi.ts";

/** Where the generated files live (absolute paths). */
export const COUNCIL_OPENAPI_FILES = {
  json: fileURLToPath(new URL("../council/openapi/council-api.json", import.meta.url)),
  dts: fileURLToPath(new URL("../council/openapi/council-api.d.ts", import.meta.url)),
} as const;

/** The exact contents of both generated files, as they should be committed. */
export async function renderCouncilOpenApiFiles(): Promise<{ json: string; dts: string }> {
  const document = buildCouncilOpenApi();
  const json = `${JSON.stringify(document, null, 2)}\n`;
  // A copy, so that openapi-typescript's bundling cannot touch the document we wrote.
  const ast = await openapiTS(JSON.parse(json) as OpenAPI3, { silent: true });
  const dts = COMMENT_HEADER + astToString(ast);
  return { json, dts };
}

/** Names of the generated files whose committed contents differ from what would be written. */
export async function staleCouncilOpenApiFiles(): Promise<string[]> {
  const wanted = await renderCouncilOpenApiFiles();
  const stale: string[] = [];
  for (const key of ["json", "dts"] as const) {
    const current = await readFile(COUNCIL_OPENAPI_FILES[key], "utf8").catch(() => null);
    if (current !== wanted[key]) stale.push(COUNCIL_OPENAPI_FILES[key]);
  }
  return stale;
}

async function main(args: string[]): Promise<number> {
  const cwd = process.cwd();
  if (args.includes("--check")) {
    const stale = await staleCouncilOpenApiFiles();
    for (const file of stale) console.error(`✘ ${relative(cwd, file)} is stale: run npm run council:openapi`);
    if (stale.length === 0) console.log("✔ council OpenAPI files are up to date");
    return stale.length === 0 ? 0 : 1;
  }
  const files = await renderCouncilOpenApiFiles();
  for (const key of ["json", "dts"] as const) {
    await mkdir(dirname(COUNCIL_OPENAPI_FILES[key]), { recursive: true });
    await writeFile(COUNCIL_OPENAPI_FILES[key], files[key]);
    console.log(`✔ ${relative(cwd, COUNCIL_OPENAPI_FILES[key])}`);
  }
  return 0;
}

// Run only when executed (tsx src/cli/council-openapi.ts), not when a test imports the functions.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}

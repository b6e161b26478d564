/**
 * The typed HTTP client for a council intake API: the only way the bot talks to a council. Its
 * types are generated from the OpenAPI document (`npm run council:openapi`), so a call that does
 * not match the contract does not compile.
 *
 * Calls return `{ data, error, response }` instead of throwing when the council says no: `error`
 * is the problem document of a 4xx/5xx answer (do not retry a 4xx). A council that cannot be
 * reached makes the call reject (the fetch error), which is the caller's cue to retry with
 * backoff. Network I/O goes through `fetch`, injectable for tests and proxies.
 */
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./openapi/council-api.d.ts";

export type CouncilApiClient = Client<paths>;
export type CouncilApiSchemas = components["schemas"];

export interface CouncilClientOptions {
  /** Where the API is served, e.g. http://127.0.0.1:3100 or https://…/council (no /v1). */
  baseUrl: string;
  /** This client's bearer token, as configured on the council (COUNCIL_CLIENTS). */
  token: string;
  fetch?: typeof fetch;
}

export function createCouncilClient(opts: CouncilClientOptions): CouncilApiClient {
  return createClient<paths>({
    baseUrl: opts.baseUrl,
    headers: { Authorization: `Bearer ${opts.token}` },
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
}

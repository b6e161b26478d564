/**
 * The council intake API contract, written once as zod schemas: the server validates every
 * request with them, the tests validate every response with them, and the OpenAPI 3.1 document
 * (`src/council/openapi/council-api.json`) is generated from them by
 * {@link ../council/build-council-openapi.ts}, and the client types from that document. Change the
 * contract in `src/council/contract/`, then run `npm run council:openapi`; a test fails while the
 * generated files are stale.
 *
 * This module is the contract's one entry: the schemas live in one file per resource beside each
 * other in `contract/`, and everything outside that folder imports them from here.
 *
 * The dossier payload itself is `dossierPayloadV1` (`src/dossiers/dossier-payload.ts`), imported,
 * never copied.
 */
export * from "./contract/council-status.ts";
export * from "./contract/decision.ts";
export * from "./contract/returned-field.ts";
export * from "./contract/dossier-document.ts";
export * from "./contract/problem.ts";
export * from "./contract/council-dossier.ts";
export * from "./contract/transition-request.ts";
export * from "./contract/change.ts";
export * from "./contract/council-schemas.ts";
export * from "./contract/council-operations.ts";

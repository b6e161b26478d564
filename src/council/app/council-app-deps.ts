/**
 * What the council app is built from (see {@link ../council-app.ts}): its database, its clients
 * and their roles, its clock and its log.
 */
import type { Db } from "../../db/open-database.ts";

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

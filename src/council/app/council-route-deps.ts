/**
 * What each of the council app's route modules receives from {@link ../council-app.ts}: the
 * database, the clock and the log, the write transaction that keeps the feed in order, and the
 * authentication wrapper.
 */
import type { Db } from "../../db/open-database.ts";
import type { Authed } from "./client-auth.ts";
import type { CouncilLog } from "./council-app-deps.ts";
import type { WriteTransaction } from "./event-feed-writer.ts";

export interface CouncilRouteDeps {
  db: Db;
  log: CouncilLog;
  now: () => Date;
  write: WriteTransaction;
  authed: Authed;
}

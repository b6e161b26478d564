/**
 * `npm run council`: runs the embedded council service alone, on its own port, over the
 * configured database (migrated on start). The bot reaches it through `createCouncilClient`, as it
 * would reach another council system.
 *
 * Its settings come from src/config.ts (COUNCIL_HOST, COUNCIL_PORT, COUNCIL_CLIENTS, DATABASE_URL).
 */
import { pathToFileURL } from "node:url";
import { serve } from "@hono/node-server";
import { ConfigError, loadConfig, loadDotEnv, type Config } from "../config.ts";
import { exitOnConfigError } from "../exit-on-config-error.ts";
import { createLogger } from "../log.ts";
import { openDatabase } from "../db/open-database.ts";
import { createCouncilApp, type CouncilClient } from "./council-app.ts";

export interface CouncilServiceConfig {
  databaseUrl: string;
  host: string;
  port: number;
  clients: CouncilClient[];
  logLevel: string;
}

/**
 * What the standalone service needs from the {@link Config}: `DATABASE_URL`, `COUNCIL_HOST`,
 * `COUNCIL_PORT`, `COUNCIL_CLIENTS` (required here: a council nobody may call is a mistake) and
 * `LOG_LEVEL`. Throws naming the variable; token values never appear in the message.
 */
export function councilServiceConfig(config: Config): CouncilServiceConfig {
  if (config.council.clients.length === 0) {
    throw new ConfigError([{ variable: "COUNCIL_CLIENTS", message: "required: comma-separated id:role:token, e.g. bot:submitter:<16+ chars>,thuky:staff:<16+ chars>" }]);
  }
  return { databaseUrl: config.databaseUrl, host: config.council.host, port: config.council.port, clients: config.council.clients, logLevel: config.logLevel };
}

async function main(): Promise<void> {
  loadDotEnv();
  const config = exitOnConfigError(() => councilServiceConfig(loadConfig()));
  const log = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
  const { db, provider } = await openDatabase(config.databaseUrl);
  const app = createCouncilApp({ db, clients: config.clients, log: log.child({ service: "council" }) });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    log.info(
      { url: `http://${config.host}:${info.port}`, database: provider, clients: config.clients.map((c) => `${c.id}:${c.role}`) },
      "council service listening",
    );
  });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "council service stopping");
    // Stop accepting connections and let requests in flight finish, then close the database.
    server.close(() => {
      db.$disconnect().finally(() => process.exit(0));
    });
    setTimeout(() => {
      log.warn({}, "council service: requests still open after 10 s, exiting");
      process.exit(1);
    }, 10_000).unref();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

// Run only when executed (npm run council), not when the config function is imported.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

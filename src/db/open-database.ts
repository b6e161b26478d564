/**
 * Opens the database named by a URL: `file:` is SQLite (the embedded default; the file and its
 * folder are created on first start), `postgresql://` is PostgreSQL (production). Pending
 * migrations are applied before the client is returned.
 *
 * Both providers expose the same models, so the rest of the code is written against one client
 * type, {@link Db} (the SQLite client's); the PostgreSQL client is generated from the same
 * source schema and differs only in its provider.
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "../generated/postgresql/client.ts";
import { applyMigrations, type DatabaseProvider } from "./apply-migrations.ts";

/** Every SQLite connection waits this long for another writer (another process) instead of failing at once. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** The database client the services use. */
export type Db = SqliteClient;

/** A transaction client, as passed to `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface OpenedDatabase {
  db: Db;
  provider: DatabaseProvider;
  /** Names of the migrations applied by this call. */
  applied: string[];
}

/** Which provider a URL names. */
export function providerOf(url: string): DatabaseProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`unsupported DATABASE_URL scheme: ${url.split(":")[0]}`);
}

/** Opens, migrates and connects. */
export async function openDatabase(url: string): Promise<OpenedDatabase> {
  const provider = providerOf(url);
  if (provider === "sqlite") {
    const path = url.slice("file:".length).replace(/\?.*$/, "");
    if (path !== ":memory:") await mkdir(dirname(path), { recursive: true });
  }
  const applied = await applyMigrations(provider, url);
  const db =
    provider === "sqlite"
      ? new SqliteClient({ adapter: new PrismaLibSql({ url, timeout: SQLITE_BUSY_TIMEOUT_MS }) })
      : (new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db);
  await db.$connect();
  return { db, provider, applied };
}

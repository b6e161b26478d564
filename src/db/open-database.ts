/**
 * Opens the database named by a URL: `file:` is SQLite (the embedded default; the file and its
 * folder are created on first start), `postgresql://` is PostgreSQL (production). Pending
 * migrations are applied before the client is returned.
 *
 * The SQLite file holds every citizen's answers: it is created 0600 (its folder 0700, when this
 * creates it) whatever the umask, and an existing file is set to 0600. SQLite creates its -wal and
 * -shm files with the database file's permissions; they are set to 0600 as well in case an older
 * version left them wider.
 *
 * Both providers expose the same models, so the rest of the code is written against one client
 * type, {@link Db} (the SQLite client's); the PostgreSQL client is generated from the same
 * source schema and differs only in its provider.
 */
import { chmod, open } from "node:fs/promises";
import { dirname } from "node:path";
import type { Client, Config, TransactionMode } from "@libsql/client";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "../generated/postgresql/client.ts";
import { applyMigrations, type DatabaseProvider } from "./apply-migrations.ts";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "../storage/ensure-private-dir.ts";
import { cacheSqliteStatements } from "./sqlite-statement-cache.ts";

/** Every SQLite connection waits this long for another writer (another process) instead of failing at once. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * The libsql adapter, with every transaction taking SQLite's write lock when it begins (BEGIN
 * IMMEDIATE) instead of at its first write (the adapter's BEGIN DEFERRED). A deferred transaction
 * that has read and then wants to write fails at once with SQLITE_BUSY when another process wrote
 * in between, without waiting for the busy timeout; an immediate one waits its turn. In this
 * process writes are serialised anyway; across processes (the admin CLI, a restarted server) it
 * turns those failures into short waits. It matters doubly with libsql's connection pool (package
 * .json pins the adapter's @libsql/client to 0.18, whose pool reuses connections; 0.17 opened a new
 * connection per transaction and left it open until garbage collection): a statement that failed
 * with SQLITE_BUSY stays open on its connection, and every later COMMIT there fails.
 */
class ImmediateLibSql extends PrismaLibSql {
  override createClient(config: Config): Client {
    const client = super.createClient(config);
    const begin = client.transaction.bind(client);
    client.transaction = ((mode?: TransactionMode) => begin(mode === "deferred" || mode === undefined ? "write" : mode)) as Client["transaction"];
    return client;
  }
}

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
  const path = provider === "sqlite" ? url.slice("file:".length).replace(/\?.*$/, "") : ":memory:";
  if (path !== ":memory:") await createPrivateSqliteFile(path);
  const applied = await applyMigrations(provider, url);
  if (provider === "sqlite") cacheSqliteStatements();
  const db =
    provider === "sqlite"
      ? new SqliteClient({ adapter: new ImmediateLibSql({ url, timeout: SQLITE_BUSY_TIMEOUT_MS }) })
      : (new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db);
  await db.$connect();
  if (path !== ":memory:") await restrictSqliteSidecars(path);
  return { db, provider, applied };
}

/** Creates the SQLite file empty (SQLite accepts an empty file as a new database) with mode 0600, or sets an existing one to 0600. */
async function createPrivateSqliteFile(path: string): Promise<void> {
  await ensurePrivateDir(dirname(path), { tightenExisting: false });
  const handle = await open(path, "a", PRIVATE_FILE_MODE);
  await handle.close();
  await chmod(path, PRIVATE_FILE_MODE);
  await restrictSqliteSidecars(path);
}

/** Sets the write-ahead log, its index and a rollback journal, where present, to 0600. */
async function restrictSqliteSidecars(path: string): Promise<void> {
  for (const suffix of ["-wal", "-shm", "-journal"]) {
    await chmod(`${path}${suffix}`, PRIVATE_FILE_MODE).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
  }
}

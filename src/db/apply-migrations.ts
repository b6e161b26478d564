/**
 * Applies the committed SQL migrations in `prisma/<provider>/migrations` at start-up, without
 * Prisma's native schema engine (which the CLI downloads on first use and which an air-gapped
 * government network cannot fetch). Applied migrations are recorded in Prisma's own
 * `_prisma_migrations` table with the same checksum Prisma computes (sha256 of the file), so the
 * Prisma CLI sees the same history when a developer creates the next migration.
 *
 * A migration that was applied and later edited is refused (checksum mismatch): published
 * migrations are never changed, a new one is added instead.
 */
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import pg from "pg";

export type DatabaseProvider = "sqlite" | "postgresql";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The folder with the provider's migrations, inside this repository. */
export function migrationsDir(provider: DatabaseProvider): string {
  return fileURLToPath(new URL(`../../prisma/${provider}/migrations/`, import.meta.url));
}

/** Reads the migrations of a provider, in name (= timestamp) order. */
export async function readMigrations(provider: DatabaseProvider): Promise<Migration[]> {
  const dir = migrationsDir(provider);
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(`${dir}${name}/migration.sql`, "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/** Raised when the database history does not match the committed migrations. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
}

/** Applies pending migrations to the database at `url`; returns the names applied. */
export async function applyMigrations(provider: DatabaseProvider, url: string): Promise<string[]> {
  const migrations = await readMigrations(provider);
  return provider === "sqlite" ? applySqlite(url, migrations) : applyPostgres(url, migrations);
}

function pending(migrations: Migration[], applied: AppliedRow[]): Migration[] {
  const byName = new Map(applied.map((r) => [r.migration_name, r]));
  for (const row of applied) {
    if (row.finished_at == null) {
      throw new MigrationError(`migration ${row.migration_name} started but did not finish; repair the database by hand`);
    }
  }
  for (const m of migrations) {
    const row = byName.get(m.name);
    if (row && row.checksum !== m.checksum) {
      throw new MigrationError(`migration ${m.name} was edited after it was applied (checksum differs)`);
    }
  }
  return migrations.filter((m) => !byName.has(m.name));
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

async function applySqlite(url: string, migrations: Migration[]): Promise<string[]> {
  const client = createClient({ url, timeout: 5000 });
  try {
    await useWriteAheadLog(client);
    // Most starts have nothing to apply: find that out with plain reads, so a second process
    // (`npm run admin`, a restarted server) never queues for the write lock of a busy server.
    const table = await client.execute(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`);
    if (table.rows.length === 0) await client.execute(SQLITE_TABLE);
    const before = await client.execute(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`);
    if (pending(migrations, before.rows as unknown as AppliedRow[]).length === 0) return [];
    const tx = await client.transaction("write");
    try {
      const rs = await tx.execute(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`);
      const todo = pending(migrations, rs.rows as unknown as AppliedRow[]);
      for (const m of todo) {
        await tx.executeMultiple(m.sql);
        await tx.execute({
          sql: `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
                VALUES (?, ?, current_timestamp, ?, current_timestamp, 1)`,
          args: [randomUUID(), m.checksum, m.name],
        });
      }
      await tx.commit();
      return todo.map((m) => m.name);
    } finally {
      tx.close();
    }
  } finally {
    client.close();
  }
}

/**
 * Write-ahead logging: readers never block the writer and the writer never blocks readers, so a
 * busy server and a second process (the admin CLI, a restarted server) share the file without
 * "database is locked". The mode is stored in the file, so every later connection uses it.
 */
async function useWriteAheadLog(client: ReturnType<typeof createClient>): Promise<void> {
  const rs = await client.execute("PRAGMA journal_mode");
  const mode = String(Object.values(rs.rows[0] ?? {})[0] ?? "").toLowerCase();
  if (mode !== "wal" && mode !== "memory") await client.execute("PRAGMA journal_mode=WAL");
}

/** Same lock key as Prisma Migrate, so the CLI and the app never migrate at the same time. */
const ADVISORY_LOCK = 72707369;

async function applyPostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const rs = await client.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const todo = pending(migrations, rs.rows);
    for (const m of todo) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw err;
      }
    }
    return todo.map((m) => m.name);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
}

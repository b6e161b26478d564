/**
 * Databases for tests: a fresh SQLite file per call (always), and a fresh PostgreSQL database per
 * call when DATABASE_URL_POSTGRES names a server (CI sets it; a laptop without PostgreSQL skips
 * those suites, and `.ci/run` fails when the server is unreachable).
 */
import { afterAll } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";

/** A temporary folder for one test's data (SQLite file, stored files). */
export function tempDir(prefix = "tdkt-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function sqliteUrl(dir = tempDir()): string {
  return `file:${join(dir, "test.db")}`;
}

/** The PostgreSQL server for tests, or undefined when none is configured. */
export const POSTGRES_URL = process.env.DATABASE_URL_POSTGRES || undefined;

/** Creates an empty database on the test server and returns its URL and a function to drop it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!POSTGRES_URL) throw new Error("DATABASE_URL_POSTGRES is not set");
  const name = `tdkt_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Declares `suite` on SQLite (its database URL is undefined: the test's own file), and again on a
 * fresh PostgreSQL database, dropped after the file's tests, when DATABASE_URL_POSTGRES is set.
 */
export function onEachDatabase(name: string, suite: (name: string, databaseUrl: () => Promise<string | undefined>) => void): void {
  suite(name, async () => undefined);
  if (!POSTGRES_URL) return;
  const drops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });
  suite(`${name}, on PostgreSQL`, async () => {
    const created = await createPostgresDatabase();
    drops.push(created.drop);
    return created.url;
  });
}

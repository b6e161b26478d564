/**
 * `npm run db:migration -- --name add_x`: creates the next migration for both providers from the
 * source schema, with the same folder name in both. For each provider it applies the committed
 * migrations to a scratch database (with the app's own migration runner) and asks Prisma for the
 * SQL that brings that database to the schema (`prisma migrate diff --from-config-datasource
 * --to-schema --script`). An empty diff writes nothing: `--check` uses that to report drift.
 *
 * Needs Prisma's schema engine: the CLI downloads it where it can; on a closed network set
 * PRISMA_SCHEMA_ENGINE_BINARY to an engine. PostgreSQL needs a server (DATABASE_URL_POSTGRES,
 * default postgresql://postgres@127.0.0.1:5432/postgres); the scratch databases are dropped.
 * Developer tooling only: the app applies migrations itself.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { applyMigrations, migrationsDir, type DatabaseProvider } from "../db/apply-migrations.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const { values } = parseArgs({ options: { name: { type: "string" }, check: { type: "boolean" } } });
if (!values.check && !/^[a-z0-9_]+$/.test(values.name ?? "")) {
  console.error("usage: npm run db:migration -- --name snake_case_name   (or --check)");
  process.exit(2);
}
const serverUrl = process.env.DATABASE_URL_POSTGRES || "postgresql://postgres@127.0.0.1:5432/postgres";

function diff(provider: DatabaseProvider, url: string): string {
  return execFileSync(
    process.execPath,
    [`${root}node_modules/prisma/build/index.js`, "migrate", "diff", "--from-config-datasource", "--to-schema", `prisma/${provider}/schema.prisma`, "--script"],
    { cwd: root, env: { ...process.env, PRISMA_TARGET: provider, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" }, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
}

async function scratch(provider: DatabaseProvider): Promise<{ url: string; drop: () => Promise<void> }> {
  if (provider === "sqlite") return { url: `file:${join(mkdtempSync(join(tmpdir(), "tdkt-migration-")), "scratch.db")}`, drop: async () => undefined };
  const name = `tdkt_migration_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
let drift = false;
for (const provider of ["sqlite", "postgresql"] as const) {
  const db = await scratch(provider);
  try {
    await applyMigrations(provider, db.url);
    const sql = diff(provider, db.url);
    const empty = !/\S/.test(sql.replace(/^--.*$/gm, ""));
    if (values.check) {
      if (!empty) {
        drift = true;
        console.error(`${provider}: the migrations do not produce the schema; missing:\n${sql}`);
      } else console.log(`${provider}: migrations match the schema`);
    } else if (empty) {
      console.log(`${provider}: nothing to migrate`);
    } else {
      const dir = join(migrationsDir(provider), `${stamp}_${values.name}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "migration.sql"), sql);
      console.log(`${provider}: wrote ${dir}/migration.sql`);
    }
  } finally {
    await db.drop();
  }
}
if (drift) process.exit(1);

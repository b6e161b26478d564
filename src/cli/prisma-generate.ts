/**
 * `npm run db:generate` (also run after `npm ci`): writes the PostgreSQL schema from the SQLite
 * source schema and generates both Prisma clients. `prisma generate` never runs Prisma's schema
 * engine, but the CLI insists on finding one, so this points it at the Node binary, which lets
 * the clients be generated offline (the engine cannot be downloaded on closed networks).
 *
 * `--check` only verifies that prisma/postgresql/schema.prisma is up to date.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { postgresSchemaFrom } from "../db/postgres-schema.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const source = `${root}prisma/sqlite/schema.prisma`;
const target = `${root}prisma/postgresql/schema.prisma`;

const expected = postgresSchemaFrom(readFileSync(source, "utf8"));
if (process.argv.includes("--check")) {
  if (readFileSync(target, "utf8") !== expected) {
    console.error("prisma/postgresql/schema.prisma is stale: run npm run db:generate");
    process.exit(1);
  }
} else {
  writeFileSync(target, expected);
  for (const schema of [source, target]) {
    execFileSync(process.execPath, [`${root}node_modules/prisma/build/index.js`, "generate", "--schema", schema], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      cwd: root,
    });
  }
}

// Configuration for the Prisma CLI (developer tooling only; the app applies migrations itself, see
// src/db/apply-migrations.ts). PRISMA_TARGET picks the provider: `sqlite` (default) or `postgresql`.
// DATABASE_URL is the database the CLI works on, e.g. a scratch file when creating a migration.
import { defineConfig } from "prisma/config";

const target = process.env.PRISMA_TARGET === "postgresql" ? "postgresql" : "sqlite";
const fallbackUrl = target === "sqlite" ? "file:./data/dev.db" : "postgresql://postgres@127.0.0.1:5432/tdkt_dev";

export default defineConfig({
  schema: `prisma/${target}/schema.prisma`,
  migrations: { path: `prisma/${target}/migrations` },
  datasource: { url: process.env.DATABASE_URL ?? fallbackUrl },
});

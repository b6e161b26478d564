/**
 * The database's part of readiness, on either provider through the one client type: a trivial
 * query, and the migrations shipped with the code compared with the ones recorded as applied in
 * Prisma's `_prisma_migrations` table (the bookkeeping `applyMigrations` keeps, see
 * src/db/apply-migrations.ts): finished and not rolled back.
 */
import type { Db } from "../db/open-database.ts";

/** What the probes need of the client. */
export type ProbedDb = Pick<Db, "$queryRawUnsafe">;

/** Resolves once the database answered `SELECT 1`. */
export async function pingDatabase(db: ProbedDb): Promise<void> {
  await db.$queryRawUnsafe("SELECT 1");
}

/** The names of `shipped` (the migration folders of this code) that the database has not applied, in their order. */
export async function missingMigrations(db: ProbedDb, shipped: readonly string[]): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<Array<{ migration_name: string }>>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const applied = new Set(rows.map((r) => r.migration_name));
  return shipped.filter((name) => !applied.has(name));
}

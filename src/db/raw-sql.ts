/**
 * Pieces of hand-written SQL that differ between the two providers. The message path writes its
 * two rows per turn (the draft's state, the processed message id) as raw statements: measured on
 * the bench form, Prisma's model layer cost about a quarter of a step's CPU for them.
 */
import { Prisma } from "../generated/sqlite/client.ts";
import type { DatabaseProvider } from "./apply-migrations.ts";

/** A JSON value as a statement parameter: text on SQLite, jsonb on PostgreSQL; null stays SQL NULL. */
export function jsonParam(provider: DatabaseProvider, value: unknown): Prisma.Sql {
  if (value === null || value === undefined) return Prisma.sql`NULL`;
  const text = JSON.stringify(value);
  return provider === "postgresql" ? Prisma.sql`${text}::jsonb` : Prisma.sql`${text}`;
}

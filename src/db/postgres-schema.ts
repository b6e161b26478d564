/**
 * The PostgreSQL schema is generated from the SQLite source schema: the same models, another
 * datasource provider and client output folder. Prisma fixes the provider per schema file, so two
 * files are needed; keeping one as the source and deriving the other keeps them from drifting.
 */
export function postgresSchemaFrom(sqliteSchema: string): string {
  return sqliteSchema
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace("../../src/generated/sqlite", "../../src/generated/postgresql");
}

import { existsSync, readFileSync, readdirSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { createClient } from "@libsql/client";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { MigrationError, migrationsDir } from "../../src/db/apply-migrations.ts";
import { postgresSchemaFrom } from "../../src/db/postgres-schema.ts";
import { Prisma } from "../../src/generated/sqlite/client.ts";
import { POSTGRES_URL, createPostgresDatabase, sqliteUrl } from "../support/test-databases.ts";

describe("schemas and migrations", () => {
  it("the PostgreSQL schema is generated from the SQLite source (npm run db:generate)", () => {
    const source = readFileSync(new URL("../../prisma/sqlite/schema.prisma", import.meta.url), "utf8");
    const generated = readFileSync(new URL("../../prisma/postgresql/schema.prisma", import.meta.url), "utf8");
    expect(generated).toBe(postgresSchemaFrom(source));
    expect(generated).toContain('provider = "postgresql"');
  });

  it("both providers have the same migrations", async () => {
    const names = async (p: "sqlite" | "postgresql") =>
      (await readdir(migrationsDir(p), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const sqlite = await names("sqlite");
    expect(sqlite.length).toBeGreaterThan(0);
    expect(await names("postgresql")).toEqual(sqlite);
  });
});

/** Every model and every scalar field of the schema must exist in a freshly migrated database. */
async function expectSchemaMatchesDatabase(db: Db): Promise<void> {
  for (const model of Object.values(Prisma.ModelName)) {
    const fieldsEnum = (Prisma as unknown as Record<string, Record<string, string>>)[`${model}ScalarFieldEnum`]!;
    const select = Object.fromEntries(Object.values(fieldsEnum).map((f) => [f, true]));
    const delegate = (db as unknown as Record<string, { findFirst(args: object): Promise<unknown> }>)[model[0]!.toLowerCase() + model.slice(1)]!;
    await expect(delegate.findFirst({ select }), `model ${model}`).resolves.toBeNull();
  }
}

const providers: Array<{ name: string; skip: boolean; url: () => Promise<{ url: string; drop: () => Promise<void> }> }> = [
  { name: "sqlite", skip: false, url: async () => ({ url: sqliteUrl(), drop: async () => undefined }) },
  { name: "postgresql", skip: !POSTGRES_URL, url: createPostgresDatabase },
];

for (const provider of providers) {
  describe.skipIf(provider.skip)(`database on ${provider.name}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterAll(async () => {
      for (const c of cleanups) await c();
    });

    it("migrates a new database once, and matches the schema", async () => {
      const { url, drop } = await provider.url();
      cleanups.push(drop);
      const first = await openDatabase(url);
      cleanups.unshift(() => first.db.$disconnect());
      expect(first.applied.length).toBeGreaterThan(0);
      await expectSchemaMatchesDatabase(first.db);
      const second = await openDatabase(url);
      cleanups.unshift(() => second.db.$disconnect());
      expect(second.applied).toEqual([]);
    });

    it("keeps the audit log append-only", async () => {
      const { url, drop } = await provider.url();
      cleanups.push(drop);
      const { db } = await openDatabase(url);
      cleanups.unshift(() => db.$disconnect());
      const row = await db.auditLog.create({ data: { action: "test", entity: "Test", entityId: "1" } });
      await expect(db.auditLog.update({ where: { id: row.id }, data: { action: "changed" } })).rejects.toThrow();
      await expect(db.auditLog.delete({ where: { id: row.id } })).rejects.toThrow();
      expect((await db.auditLog.findUnique({ where: { id: row.id } }))?.action).toBe("test");
    });

    it("counts reference codes without gaps inside transactions", async () => {
      const { url, drop } = await provider.url();
      cleanups.push(drop);
      const { db } = await openDatabase(url);
      cleanups.unshift(() => db.$disconnect());
      const { nextReferenceCode } = await import("../../src/dossiers/submit-run.ts");
      const codes: string[] = [];
      for (let i = 0; i < 3; i++) codes.push(await db.$transaction((tx) => nextReferenceCode(tx, 2026)));
      expect(codes).toEqual(["TDKT-2026-000001", "TDKT-2026-000002", "TDKT-2026-000003"]);
    });
  });
}

describe("a migration edited after it was applied", () => {
  it("is refused at start", async () => {
    const url = sqliteUrl();
    const { db } = await openDatabase(url);
    await db.$disconnect();
    const client = createClient({ url });
    await client.execute(`UPDATE "_prisma_migrations" SET checksum = 'different'`);
    client.close();
    await expect(openDatabase(url)).rejects.toBeInstanceOf(MigrationError);
  });
});

describe("a SQLite file shared by a busy server and a second process", () => {
  it("is in write-ahead-log mode, and opening it again does not wait for the writer", async () => {
    const url = sqliteUrl();
    const { db } = await openDatabase(url);
    await db.$disconnect();
    const writer = createClient({ url, timeout: 100 });
    const mode = await writer.execute("PRAGMA journal_mode");
    expect(String(Object.values(mode.rows[0]!)[0])).toBe("wal");
    // The "server" holds the write lock in a long transaction; the admin CLI opens the same file.
    const tx = await writer.transaction("write");
    await tx.execute(`INSERT INTO "AuditLog" (action, entity, entityId) VALUES ('held', 'Test', '1')`);
    try {
      const second = await openDatabase(url);
      expect(second.applied).toEqual([]);
      expect(await second.db.auditLog.count()).toBe(0);
      await second.db.$disconnect();
    } finally {
      await tx.rollback();
      writer.close();
    }
  });
});

describe.skipIf(!existsSync("/proc/self/fd"))("SQLite connections", () => {
  it("are reused: thousands of transactions do not hold thousands of open files", async () => {
    const openFiles = () => readdirSync("/proc/self/fd").length;
    const { db } = await openDatabase(sqliteUrl());
    try {
      await db.$transaction(async (tx) => tx.auditLog.count());
      const before = openFiles();
      for (let i = 0; i < 300; i++) await db.$transaction(async (tx) => tx.auditLog.count());
      await Promise.all(Array.from({ length: 30 }, () => db.$transaction(async (tx) => tx.auditLog.count())));
      // A few pooled connections (each the file and its log) at most; one per transaction would be 660.
      expect(openFiles() - before).toBeLessThan(100);
    } finally {
      await db.$disconnect();
    }
  });
});

describe("hot queries on SQLite", () => {
  it("find a person's open draft through an index, not by reading every open draft", async () => {
    const url = sqliteUrl();
    const { db } = await openDatabase(url);
    await db.$disconnect();
    const client = createClient({ url });
    try {
      const plan = await client.execute({
        sql: `EXPLAIN QUERY PLAN SELECT * FROM "Draft" WHERE "userId" = ? AND "status" = 'ACTIVE' ORDER BY "createdAt" DESC LIMIT 1`,
        args: ["u1"],
      });
      const detail = plan.rows.map((r) => String(r.detail)).join(" | ");
      expect(detail).toContain("USING INDEX Draft_userId_status_createdAt_idx");
      expect(detail).not.toContain("TEMP B-TREE");
    } finally {
      client.close();
    }
  });
});

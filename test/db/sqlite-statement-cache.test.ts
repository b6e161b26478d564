/**
 * The per-connection statement cache on a real SQLite file: a statement is prepared once per
 * connection and reused; one whose execution failed is dropped, and the connection's later
 * transactions still commit (a failed statement left cached would keep them from it); the cache
 * stays bounded; and through Prisma, a failing write in a transaction does not spoil later ones.
 */
import { join } from "node:path";
import Database from "libsql";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/open-database.ts";
import { keptStatements, MAX_STATEMENTS } from "../../src/db/sqlite-statement-cache.ts";
import { tempDir } from "../support/test-databases.ts";

const dir = tempDir();
const opened = await openDatabase(`file:${join(dir, "cache.db")}`);
afterAll(() => opened.db.$disconnect());

/** The `n` column of a row. */
const count = (row: unknown) => Number((row as { n: number | bigint }).n);

describe("the SQLite statement cache", () => {
  it("prepares a statement once per connection and reuses it", () => {
    const connection = new Database(join(dir, "cache.db"));
    const sql = `SELECT COUNT(*) AS n FROM "ProcessedMessage" WHERE "chatId" = ?`;
    const first = connection.prepare(sql);
    expect(connection.prepare(sql)).toBe(first);
    expect(count(first.get("nobody"))).toBe(0);
    expect(new Database(join(dir, "cache.db")).prepare(sql)).not.toBe(first);
    connection.close();
  });

  it("drops a statement whose execution failed, and the connection still commits", () => {
    const connection = new Database(join(dir, "cache.db"));
    const insert = `INSERT INTO "ProcessedMessage" ("channel", "chatId", "messageId", "processedAt") VALUES (?, ?, ?, '2026-12-05T00:00:00.000Z')`;
    connection.prepare(insert).run("memory", "hoa", "1");
    connection.prepare("BEGIN IMMEDIATE").run();
    const failing = connection.prepare(insert);
    expect(() => failing.run("memory", "hoa", "1")).toThrow(/UNIQUE/);
    connection.prepare(insert).run("memory", "hoa", "2");
    connection.prepare("COMMIT").run();
    expect(connection.prepare(insert)).not.toBe(failing);
    expect(count(connection.prepare(`SELECT COUNT(*) AS n FROM "ProcessedMessage" WHERE "chatId" = 'hoa'`).get())).toBe(2);
    connection.close();
  });

  it("keeps at most MAX_STATEMENTS per connection, the least recently used leaving first", () => {
    const connection = new Database(join(dir, "cache.db"));
    const favourite = connection.prepare("SELECT 0 AS n");
    for (let i = 1; i <= MAX_STATEMENTS + 20; i++) {
      connection.prepare(`SELECT ${i} AS n`);
      if (i % 100 === 0) expect(connection.prepare("SELECT 0 AS n")).toBe(favourite);
    }
    expect(keptStatements(connection)).toBe(MAX_STATEMENTS);
    expect(count(connection.prepare("SELECT 1 AS n").get())).toBe(1);
    connection.close();
  });

  it("lets Prisma's later transactions commit after one failed on a duplicate key", async () => {
    const { db } = opened;
    const write = (messageId: string) => db.$transaction((tx) => tx.$executeRaw`INSERT INTO "ProcessedMessage" ("channel", "chatId", "messageId", "processedAt") VALUES ('memory', 'lan', ${messageId}, ${new Date()})`);
    await write("1");
    for (let i = 0; i < 5; i++) await expect(write("1")).rejects.toThrow();
    for (let i = 2; i <= 6; i++) await write(String(i));
    expect(await db.processedMessage.count({ where: { chatId: "lan" } })).toBe(6);
  });
});

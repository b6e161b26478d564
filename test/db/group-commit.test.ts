/**
 * Group commit on a real SQLite file (and PostgreSQL when DATABASE_URL_POSTGRES is set): turns
 * queued together share one transaction, a turn that fails is rolled back to its savepoint while
 * the others stand, each gets its own value or error, and a turn alone runs as before.
 */
import { afterAll, describe, expect, it } from "vitest";
import { GroupCommit } from "../../src/db/group-commit.ts";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { createPostgresDatabase, POSTGRES_URL, sqliteUrl } from "../support/test-databases.ts";

const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function check(db: Db): Promise<void> {
  let transactions = 0;
  const serializeWrites = async <T>(work: () => Promise<T>) => {
    transactions++;
    return work();
  };
  const commits = new GroupCommit({ db, serializeWrites });
  const write = (id: string) => commits.run(async (tx) => (await tx.processedMessage.create({ data: { channel: "memory", chatId: id, messageId: "1" } })).chatId);
  const failing = commits.run(async (tx) => {
    await tx.processedMessage.create({ data: { channel: "memory", chatId: "bad", messageId: "1" } });
    throw new Error("this turn fails after writing");
  });
  const results = await Promise.allSettled([write("a"), failing, write("b"), write("c")]);
  expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual(["a", "this turn fails after writing", "b", "c"]);
  // One transaction for the first turn (alone when it came), one for the three queued behind it.
  expect(transactions).toBe(2);
  expect((await db.processedMessage.findMany({ orderBy: { chatId: "asc" } })).map((m) => m.chatId)).toEqual(["a", "b", "c"]);

  // A duplicate message id in a batch fails that turn only (the unique constraint, as a redelivery would).
  const again = await Promise.allSettled([write("d"), write("a"), write("e")]);
  expect(again.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(await db.processedMessage.count()).toBe(5);
}

describe("group commit", () => {
  it("shares a transaction between queued turns and keeps each turn's outcome its own, on SQLite", async () => {
    const { db } = await openDatabase(sqliteUrl());
    cleanup.push(() => db.$disconnect());
    await check(db);
  });

  it.skipIf(!POSTGRES_URL)("does the same on PostgreSQL, where a failed statement needs its savepoint", async () => {
    const pg = await createPostgresDatabase();
    cleanup.push(pg.drop);
    const { db } = await openDatabase(pg.url);
    cleanup.push(() => db.$disconnect());
    await check(db);
  });
});

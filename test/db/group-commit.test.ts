/**
 * Group commit on a real SQLite file (and PostgreSQL when DATABASE_URL_POSTGRES is set): turns
 * queued together share one transaction; when one of them fails, each runs again on its own, so
 * the others stand and only it fails; each gets its own value or error; a turn alone runs as before.
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
  const failing = () => commits.run(async (tx) => {
    await tx.processedMessage.create({ data: { channel: "memory", chatId: "bad", messageId: "1" } });
    throw new Error("this turn fails after writing");
  });
  const results = await Promise.allSettled([write("a"), failing(), write("b"), write("c")]);
  expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual(["a", "this turn fails after writing", "b", "c"]);
  // The first turn alone (1); the three queued behind it together, which fails (1), then each alone (3).
  expect(transactions).toBe(5);
  expect((await db.processedMessage.findMany({ orderBy: { chatId: "asc" } })).map((m) => m.chatId)).toEqual(["a", "b", "c"]);

  // Turns that all succeed share one commit.
  transactions = 0;
  expect(await Promise.all([write("x"), write("y"), write("z")])).toEqual(["x", "y", "z"]);
  expect(transactions).toBe(2);

  // A duplicate message id in a batch fails that turn only (the unique constraint, as a redelivery would).
  const again = await Promise.allSettled([write("d"), write("a"), write("e")]);
  expect(again.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(await db.processedMessage.count()).toBe(8);
}

describe("group commit", () => {
  it("shares a transaction between queued turns and keeps each turn's outcome its own, on SQLite", async () => {
    const { db } = await openDatabase(sqliteUrl());
    cleanup.push(() => db.$disconnect());
    await check(db);
  });

  it.skipIf(!POSTGRES_URL)("does the same on PostgreSQL, where a failed statement aborts the transaction", async () => {
    const pg = await createPostgresDatabase();
    cleanup.push(pg.drop);
    const { db } = await openDatabase(pg.url);
    cleanup.push(() => db.$disconnect());
    await check(db);
  });
});

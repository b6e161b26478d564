/** The failed-attempt counter on a real migrated database (SQLite; PostgreSQL too when configured). */
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { attemptKeys, FailedAttempts } from "../../src/admin/failed-attempts.ts";
import { POSTGRES_URL, createPostgresDatabase, sqliteUrl } from "../support/test-databases.ts";

const T0 = new Date("2026-11-25T03:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanup) await c();
});

function suite(name: string, url: () => Promise<string>) {
  describe(name, () => {
    async function counter(): Promise<{ db: Db; attempts: FailedAttempts }> {
      const { db } = await openDatabase(await url());
      cleanup.unshift(() => db.$disconnect());
      return { db, attempts: new FailedAttempts({ db, serializeWrites: (work) => work() }) };
    }

    it("blocks a key at the 5th failure within 10 minutes until the oldest counted one leaves the window", async () => {
      const { attempts } = await counter();
      const keys = ["user:u1", "chat:web:c1"];
      for (let m = 0; m < 4; m++) await attempts.record("code", keys, at(m));
      expect(await attempts.check("code", keys, at(4))).toEqual({ blocked: false });
      await attempts.record("code", keys, at(4));
      expect(await attempts.check("code", keys, at(5))).toEqual({ blocked: true, key: "user:u1", retryAt: at(10) });
      expect(await attempts.check("code", ["chat:web:c1"], at(9.99))).toMatchObject({ blocked: true });
      expect(await attempts.check("code", keys, at(10))).toEqual({ blocked: false });
      expect(await attempts.check("code", ["user:u2"], at(5))).toEqual({ blocked: false });
      expect(await attempts.check("other", keys, at(5))).toEqual({ blocked: false });
    });

    it("with more failures than the limit, waits for enough of them to leave", async () => {
      const { attempts } = await counter();
      for (const m of [0, 1, 2, 3, 4, 5, 6]) await attempts.record("code", ["ip:127.0.0.1"], at(m));
      expect(await attempts.check("code", ["ip:127.0.0.1"], at(7))).toEqual({ blocked: true, key: "ip:127.0.0.1", retryAt: at(12) });
    });

    it("sweeps rows older than a day", async () => {
      const { db, attempts } = await counter();
      await attempts.record("code", ["user:a"], at(0));
      await attempts.record("code", ["user:a"], at(60 * 24));
      expect(await attempts.sweep(at(60 * 24 + 1))).toBe(1);
      expect(await db.failedAttempt.count()).toBe(1);
    });
  });
}

suite("FailedAttempts on SQLite", async () => sqliteUrl());
if (POSTGRES_URL) {
  suite("FailedAttempts on PostgreSQL", async () => {
    const pg = await createPostgresDatabase();
    cleanup.push(pg.drop);
    return pg.url;
  });
}

describe("attemptKeys", () => {
  it("counts the person and the chat, and the address when the channel gives one", () => {
    expect(attemptKeys({ userId: "u1", channel: "telegram", chatId: "42" })).toEqual(["user:u1", "chat:telegram:42"]);
    expect(attemptKeys({ userId: "u1", channel: "web", chatId: "s", clientIp: "127.0.0.1" })).toEqual(["user:u1", "chat:web:s", "ip:127.0.0.1"]);
  });
});

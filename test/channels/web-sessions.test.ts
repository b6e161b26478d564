/** Server-issued web sessions on a real database: hashed tokens, idle expiry, hourly touch, sweep. */
import { afterEach, describe, expect, it } from "vitest";
import { TOUCH_INTERVAL_MS, WebSessions } from "../../src/channels/web/web-sessions.ts";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { POSTGRES_URL, createPostgresDatabase, sqliteUrl } from "../support/test-databases.ts";
import { testClock } from "../support/test-assistant.ts";

const DAY = 86_400_000;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function sessionsOn(url: string) {
  const { db } = await openDatabase(url);
  cleanups.push(() => db.$disconnect());
  const clock = testClock();
  let writes = 0;
  const sessions = new WebSessions({
    db,
    now: clock.now,
    idleMs: 30 * DAY,
    serializeWrites: (work) => {
      writes++;
      return work();
    },
  });
  return { db, clock, sessions, writes: () => writes };
}

function behaviour(label: string, url: () => Promise<string>) {
  describe(`web sessions (${label})`, () => {
    it("creates a session with a 256-bit cookie value stored only as its SHA-256 and a separate random chatId", async () => {
      const { db, sessions } = await sessionsOn(await url());

      const a = await sessions.findOrCreate(undefined);
      const b = await sessions.findOrCreate(undefined);

      expect(a.created).toBe(true);
      expect(a.setCookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(a.setCookie).not.toBe(b.setCookie);
      expect(a.chatId).not.toBe(b.chatId);
      expect(a.chatId).not.toContain(a.setCookie);
      const rows = await db.webSession.findMany();
      expect(rows.map((r) => r.tokenHash).sort()).toEqual([WebSessions.hashToken(a.setCookie!), WebSessions.hashToken(b.setCookie!)].sort());
      expect(JSON.stringify(rows)).not.toContain(a.setCookie!);
    });

    it("finds a session by its cookie, writes lastSeenAt at most once an hour, and re-sends the cookie when it does", async () => {
      const { db, clock, sessions, writes } = await sessionsOn(await url());
      const { setCookie: token, chatId } = await sessions.findOrCreate(undefined);
      const created = writes();

      for (let i = 0; i < 5; i++) {
        clock.advance(10 * 60_000);
        expect(await sessions.find(token)).toEqual({ chatId });
      }
      expect(writes()).toBe(created);

      clock.advance(TOUCH_INTERVAL_MS);
      expect(await sessions.find(token)).toEqual({ chatId, setCookie: token });
      expect(writes()).toBe(created + 1);
      expect((await db.webSession.findUniqueOrThrow({ where: { chatId } })).lastSeenAt).toEqual(clock.now());
    });

    it("treats a session unused for the idle time as gone: its cookie gets a fresh session", async () => {
      const { clock, sessions } = await sessionsOn(await url());
      const old = await sessions.findOrCreate(undefined);

      clock.advance(29 * DAY);
      expect((await sessions.find(old.setCookie))?.chatId).toBe(old.chatId);
      clock.advance(30 * DAY);
      expect(await sessions.find(old.setCookie)).toBeNull();
      const fresh = await sessions.findOrCreate(old.setCookie);

      expect(fresh.created).toBe(true);
      expect(fresh.chatId).not.toBe(old.chatId);
      expect(fresh.setCookie).not.toBe(old.setCookie);
    });

    it("refuses malformed and unknown cookie values", async () => {
      const { sessions } = await sessionsOn(await url());
      await sessions.findOrCreate(undefined);

      expect(await sessions.find(undefined)).toBeNull();
      expect(await sessions.find("short")).toBeNull();
      expect(await sessions.find("B".repeat(43))).toBeNull();
    });

    it("sweeps only the sessions unused for the idle time", async () => {
      const { db, clock, sessions } = await sessionsOn(await url());
      const old = await sessions.findOrCreate(undefined);
      clock.advance(20 * DAY);
      const recent = await sessions.findOrCreate(undefined);
      clock.advance(10 * DAY);

      expect(await sessions.sweep()).toBe(1);
      expect((await db.webSession.findMany()).map((r) => r.chatId)).toEqual([recent.chatId]);
      expect(await sessions.find(old.setCookie)).toBeNull();
    });
  });
}

behaviour("SQLite", async () => sqliteUrl());

describe.skipIf(!POSTGRES_URL)("on PostgreSQL", () => {
  behaviour("PostgreSQL", async () => {
    const { url, drop } = await createPostgresDatabase();
    cleanups.push(drop);
    return url;
  });
});

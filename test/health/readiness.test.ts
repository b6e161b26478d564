/**
 * Readiness: the pure check on fake probes (database down or silent, a migration missing, stopping,
 * a channel down), and the real database probes on a migrated SQLite file and, when
 * DATABASE_URL_POSTGRES is set, a fresh PostgreSQL database.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Hono } from "hono";
import { checkReadiness, mountReadiness, type ReadinessProbes } from "../../src/health/readiness.ts";
import { missingMigrations, pingDatabase } from "../../src/health/database-probes.ts";
import { readMigrations } from "../../src/db/apply-migrations.ts";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { onEachDatabase, sqliteUrl } from "../support/test-databases.ts";

const SHIPPED = ["20260101000000_init", "20260201000000_rounds"];

function probes(overrides: Partial<ReadinessProbes> = {}): ReadinessProbes {
  return {
    instance: "chat-1",
    stopping: () => false,
    database: async () => undefined,
    missingMigrations: async () => [],
    channels: () => ({ web: "serving", telegram: "polling" }),
    inFlight: () => ({ messages: 0, requests: 0 }),
    timeoutMs: 100,
    ...overrides,
  };
}

describe("checkReadiness", () => {
  it("is ready when the database answers and has every migration", async () => {
    const r = await checkReadiness(probes());
    expect(r.status).toBe(200);
    expect(r.report).toEqual({ ready: true, instance: "chat-1", database: "ok", migrations: "ok", channels: { web: "serving", telegram: "polling" }, inFlight: { messages: 0, requests: 0 } });
  });

  it("stays ready when a channel is down, and reports it", async () => {
    const r = await checkReadiness(probes({ channels: () => ({ web: "serving", telegram: "starting", zalo: "gave-up" }) }));
    expect(r.status).toBe(200);
    expect(r.report).toMatchObject({ ready: true, channels: { telegram: "starting", zalo: "gave-up" } });
  });

  it("is not ready when the database refuses, without the error in the body", async () => {
    const r = await checkReadiness(probes({ database: async () => Promise.reject(new Error("connect ECONNREFUSED postgresql://secret@db")) }));
    expect(r.status).toBe(503);
    expect(r.report).toMatchObject({ ready: false, database: "unreachable", migrations: "unknown", channels: { web: "serving" } });
    expect(JSON.stringify(r.report)).not.toContain("secret");
    expect(String(r.problem)).toContain("ECONNREFUSED");
  });

  it("is not ready when the database does not answer in time", async () => {
    const started = Date.now();
    const r = await checkReadiness(probes({ database: () => new Promise<void>(() => undefined), timeoutMs: 50 }));
    expect(r.status).toBe(503);
    expect(r.report).toMatchObject({ ready: false, database: "timeout", migrations: "unknown" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("names the migrations the database lacks", async () => {
    const r = await checkReadiness(probes({ missingMigrations: async () => ["20260201000000_rounds"] }));
    expect(r.status).toBe(503);
    expect(r.report).toMatchObject({ ready: false, database: "ok", migrations: "missing", missingMigrations: ["20260201000000_rounds"] });
  });

  it("answers stopping once shutdown began, without asking the database", async () => {
    let asked = false;
    const r = await checkReadiness(probes({ stopping: () => true, inFlight: () => ({ messages: 2, requests: 1 }), database: async () => void (asked = true) }));
    expect(r).toEqual({ status: 503, report: { ready: false, stopping: true, instance: "chat-1", inFlight: { messages: 2, requests: 1 } } });
    expect(asked).toBe(false);
  });
});

describe("GET /readyz", () => {
  it("answers the check as JSON, not cached, and logs each change of readiness once", async () => {
    let up = true;
    const lines: Array<{ level: string; msg: string | undefined }> = [];
    const log = {
      info: (_o: object, msg?: string) => void lines.push({ level: "info", msg }),
      warn: (_o: object, msg?: string) => void lines.push({ level: "warn", msg }),
      error: (_o: object, msg?: string) => void lines.push({ level: "error", msg }),
    };
    const app = new Hono();
    mountReadiness(app, probes({ database: async () => (up ? undefined : Promise.reject(new Error("down"))) }), log);
    const get = () => app.request("/readyz", { headers: { Host: "anything.example" } });

    const ok = await get();
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    expect(await ok.json()).toMatchObject({ ready: true, instance: "chat-1" });
    up = false;
    expect((await get()).status).toBe(503);
    expect((await get()).status).toBe(503);
    up = true;
    expect((await get()).status).toBe(200);
    expect(lines).toEqual([
      { level: "info", msg: "ready" },
      { level: "warn", msg: "not ready" },
      { level: "info", msg: "ready" },
    ]);
  });
});

onEachDatabase("the database probes", (name, databaseUrl) => {
  describe(name, () => {
    let db: Db | undefined;
    afterEach(async () => {
      await db?.$disconnect();
      db = undefined;
    });

    it("find a migrated database ready, and name a migration its history lacks", async () => {
      const opened = await openDatabase((await databaseUrl()) ?? sqliteUrl());
      db = opened.db;
      const shipped = (await readMigrations(opened.provider)).map((m) => m.name);
      expect(shipped.length).toBeGreaterThan(1);
      const real = probes({ database: () => pingDatabase(opened.db), missingMigrations: () => missingMigrations(opened.db, shipped), timeoutMs: 2000 });
      expect((await checkReadiness(real)).status).toBe(200);

      // As if a newer release's migration had not been applied to this database.
      const last = shipped.at(-1)!;
      await opened.db.$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE migration_name = '${last}'`);
      const r = await checkReadiness(real);
      expect(r.status).toBe(503);
      expect(r.report).toMatchObject({ ready: false, database: "ok", migrations: "missing", missingMigrations: [last] });
      expect(await missingMigrations(opened.db, [...SHIPPED, last])).toEqual([...SHIPPED, last]);
    });
  });
});

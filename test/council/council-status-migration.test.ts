/**
 * Contract 2.0's database migration maps the stored statuses of contract 1.x: a council's
 * "approved" was its recommendation and "rejected" its refusal to recommend (for a good-deed
 * report: verified and unfounded), in the council's tables and in the bot's. The committed SQL of
 * the migration is run on rows written with the old statuses, on SQLite and on PostgreSQL.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { migrationsDir, type DatabaseProvider } from "../../src/db/apply-migrations.ts";
import { POSTGRES_URL, createPostgresDatabase, sqliteUrl } from "../support/test-databases.ts";

const MIGRATION = "20261205011434_council_decisions_award_history";

/** The status-mapping statements of the committed migration (everything after its DDL). */
function statusMapping(provider: DatabaseProvider): string[] {
  const sql = readFileSync(`${migrationsDir(provider)}${MIGRATION}/migration.sql`, "utf8");
  const part = sql.slice(sql.indexOf("-- Contract 2.0"));
  return part
    .replace(/^\s*--.*$/gm, "")
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

async function seedOldStatuses(db: Db): Promise<void> {
  const at = new Date("2026-11-25T02:00:00.000Z");
  const rows: Array<[id: string, kind: string, status: string]> = [
    ["c-nom-approved", "NOMINATION_INDIVIDUAL", "approved"],
    ["c-nom-rejected", "NOMINATION_COLLECTIVE", "rejected"],
    ["c-gdr-approved", "GOOD_DEED_REPORT", "approved"],
    ["c-gdr-rejected", "GOOD_DEED_REPORT", "rejected"],
    ["c-nom-review", "NOMINATION_INDIVIDUAL", "in_review"],
  ];
  for (const [id, kind, status] of rows) {
    await db.councilDossier.create({
      data: { id, code: `TDKT-2026-${id}`, kind, unitId: "u", status, payload: {}, payloadVersion: 1, bodyHash: "h", idempotencyKey: id, clientId: "bot", receivedAt: at, updatedAt: at },
    });
    await db.councilDossierEvent.create({ data: { dossierId: id, status: "received", at, actor: "bot" } });
    await db.councilDossierEvent.create({ data: { dossierId: id, status, at, actor: "thuky" } });
    await db.dossier.create({
      data: { id: `l-${id}`, code: `TDKT-2026-${id}`, kind, payloadVersion: 1, payload: {}, status: status.toUpperCase(), unitId: "u", submittedById: "someone", submittedAt: at, councilDossierId: id },
    });
  }
}

function suite(provider: DatabaseProvider, open: () => Promise<{ db: Db; drop?: () => Promise<void> }>) {
  let opened: { db: Db; drop?: () => Promise<void> } | undefined;
  afterAll(async () => {
    await opened?.db.$disconnect();
    await opened?.drop?.();
  });

  it("maps approved → recommended / verified and rejected → not_recommended / unfounded, and leaves other statuses", async () => {
    opened = await open();
    const { db } = opened;
    await seedOldStatuses(db);
    const statements = statusMapping(provider);
    expect(statements.length).toBe(12);
    for (const statement of statements) await db.$executeRawUnsafe(statement);

    const council = Object.fromEntries((await db.councilDossier.findMany()).map((d) => [d.id, d.status]));
    expect(council).toEqual({
      "c-nom-approved": "recommended",
      "c-nom-rejected": "not_recommended",
      "c-gdr-approved": "verified",
      "c-gdr-rejected": "unfounded",
      "c-nom-review": "in_review",
    });
    const events = await db.councilDossierEvent.findMany({ orderBy: { seq: "asc" } });
    expect(events.filter((e) => e.status !== "received").map((e) => [e.dossierId, e.status])).toEqual([
      ["c-nom-approved", "recommended"],
      ["c-nom-rejected", "not_recommended"],
      ["c-gdr-approved", "verified"],
      ["c-gdr-rejected", "unfounded"],
      ["c-nom-review", "in_review"],
    ]);
    const local = Object.fromEntries((await db.dossier.findMany()).map((d) => [d.councilDossierId, d.status]));
    expect(local).toEqual({
      "c-nom-approved": "RECOMMENDED",
      "c-nom-rejected": "NOT_RECOMMENDED",
      "c-gdr-approved": "VERIFIED",
      "c-gdr-rejected": "UNFOUNDED",
      "c-nom-review": "IN_REVIEW",
    });
  });
}

describe("contract 2.0 status migration on SQLite", () => {
  suite("sqlite", async () => ({ db: (await openDatabase(sqliteUrl())).db }));
});

describe.skipIf(!POSTGRES_URL)("contract 2.0 status migration on PostgreSQL", () => {
  suite("postgresql", async () => {
    const created = await createPostgresDatabase();
    return { db: (await openDatabase(created.url)).db, drop: created.drop };
  });
});

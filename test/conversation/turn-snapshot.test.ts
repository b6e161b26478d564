/**
 * The turn's one read (turn-snapshot.ts) against the rows Prisma wrote, on SQLite and, when
 * DATABASE_URL_POSTGRES is set, PostgreSQL: a new sender, a person with two roles and no draft, a
 * person's newest open draft (a cancelled or older one is not it), and a message applied already
 * with the replies stored for it.
 */
import { afterAll, describe, expect, it } from "vitest";
import { readTurnSnapshot } from "../../src/conversation/turn-snapshot.ts";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { createPostgresDatabase, POSTGRES_URL, sqliteUrl } from "../support/test-databases.ts";

const opened: Db[] = [];
const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const db of opened) await db.$disconnect();
  for (const drop of drops) await drop();
});

const MSG = { channel: "telegram" as const, chatId: "42", senderId: "42", messageId: "7" };

async function check(db: Db): Promise<void> {
  expect(await readTurnSnapshot(db, MSG)).toEqual({ seen: null, person: null, draft: null });

  const user = await db.user.create({ data: { fullName: "Lê Văn Bình", locale: "vi", identities: { create: { channel: "telegram", externalId: "42" } }, roles: { create: [{ role: "citizen" }, { role: "officer", unitId: "thanh-hoa/ha-trung" }] } } });
  const none = await readTurnSnapshot(db, MSG);
  expect(none.draft).toBeNull();
  expect(none.person).toMatchObject({ id: user.id, fullName: "Lê Văn Bình", locale: "vi", units: { citizen: null, officer: "thanh-hoa/ha-trung" } });
  expect([...none.person!.roles].sort()).toEqual(["citizen", "officer"]);

  const state = { v: 1, phase: "asking", stepId: "fullName", answers: { award: "LAO_DONG_TIEN_TIEN" } };
  const base = { userId: user.id, chatKey: "telegram:42", flowId: "nomination-individual", flowRevision: 4, stateVersion: 1, answers: {}, lastActivityAt: new Date() };
  await db.draft.create({ data: { ...base, id: "older", state: { ...state, stepId: "award" }, status: "ACTIVE", createdAt: new Date("2026-11-01T00:00:00Z") } });
  await db.draft.create({ data: { ...base, id: "newest", state, status: "ACTIVE", createdAt: new Date("2026-11-20T00:00:00Z"), sourceDossierId: "dos-1" } });
  await db.draft.create({ data: { ...base, id: "cancelled", state, status: "CANCELLED", createdAt: new Date("2026-11-25T00:00:00Z") } });
  expect((await readTurnSnapshot(db, MSG)).draft).toEqual({ id: "newest", flowId: "nomination-individual", flowRevision: 4, state, sourceDossierId: "dos-1" });

  await db.processedMessage.create({ data: { channel: "telegram", chatId: "42", messageId: "7" } });
  expect((await readTurnSnapshot(db, MSG)).seen).toEqual({ replies: null });
  await db.processedMessage.create({ data: { channel: "web", chatId: "w1", messageId: "m1", replies: [{ text: "Mã hồ sơ: TDKT-2026-000001" }] } });
  expect((await readTurnSnapshot(db, { channel: "web", chatId: "w1", senderId: "w1", messageId: "m1" })).seen).toEqual({ replies: [{ text: "Mã hồ sơ: TDKT-2026-000001" }] });
}

describe("the turn snapshot", () => {
  it("reads the message id, the person with their roles and the newest open draft on SQLite", async () => {
    const { db } = await openDatabase(sqliteUrl());
    opened.push(db);
    await check(db);
  });

  it.skipIf(!POSTGRES_URL)("does the same on PostgreSQL", async () => {
    const pg = await createPostgresDatabase();
    drops.push(pg.drop);
    const { db } = await openDatabase(pg.url);
    opened.push(db);
    await check(db);
  });
});

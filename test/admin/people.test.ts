/** Listing the people who hold roles and taking a role away, on a real, migrated SQLite file. */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { listPeople, revokeRole } from "../../src/admin/people.ts";
import { sqliteUrl } from "../support/test-databases.ts";

const NOW = new Date("2026-11-25T03:00:00Z");
const opened: Db[] = [];
afterAll(async () => {
  for (const db of opened) await db.$disconnect();
});

let db: Db;
beforeEach(async () => {
  db = (await openDatabase(sqliteUrl())).db;
  opened.push(db);
  await db.administrativeUnit.create({ data: { id: "thanh-hoa", code: "38", name: "Thanh Hóa", type: "TINH", localTypeName: "Tỉnh", level: "TINH" } });
  await db.user.create({
    data: {
      id: "officer-1",
      fullName: "Nguyễn Văn An",
      phone: "+84912345678",
      createdAt: new Date("2026-01-01T00:00:00Z"),
      roles: { create: [{ role: "citizen" }, { role: "officer", unitId: "thanh-hoa", grantedBy: "admin-cli" }] },
      identities: { create: [{ channel: "telegram", externalId: "555000111", displayName: "An Nguyễn" }] },
    },
  });
  await db.user.create({
    data: { id: "citizen-1", createdAt: new Date("2026-01-02T00:00:00Z"), roles: { create: [{ role: "citizen" }] }, identities: { create: [{ channel: "zalo", externalId: "z-42", displayName: "Bình" }] } },
  });
});

describe("listPeople", () => {
  it("lists people with roles, their units and channel display names, and nothing more personal", async () => {
    const people = await listPeople(db);
    expect(people).toEqual([
      {
        userId: "officer-1",
        createdAt: new Date("2026-01-01T00:00:00Z"),
        roles: [
          { role: "citizen", unitId: null, unitName: null, grantedAt: expect.any(Date), grantedBy: null },
          { role: "officer", unitId: "thanh-hoa", unitName: "Tỉnh Thanh Hóa", grantedAt: expect.any(Date), grantedBy: "admin-cli" },
        ],
        identities: [{ channel: "telegram", displayName: "An Nguyễn" }],
      },
    ]);
    const text = JSON.stringify(people);
    for (const secret of ["+84912345678", "555000111", "Nguyễn Văn An"]) expect(text).not.toContain(secret);
  });

  it("includes citizens when asked", async () => {
    expect((await listPeople(db, { includeCitizens: true })).map((p) => p.userId)).toEqual(["officer-1", "citizen-1"]);
  });
});

describe("revokeRole", () => {
  it("takes the role away and audits it; a second time there is nothing to revoke", async () => {
    expect(await revokeRole(db, { userId: "officer-1", role: "officer", by: "admin-cli", now: NOW })).toEqual({ ok: true, unitId: "thanh-hoa" });
    expect((await db.userRole.findMany({ where: { userId: "officer-1" } })).map((r) => r.role)).toEqual(["citizen"]);
    expect(await db.auditLog.findFirst({ where: { action: "role.revoked" } })).toMatchObject({ actorId: "admin-cli", entityId: "officer-1", at: NOW, data: { role: "officer", unitId: "thanh-hoa" } });
    expect(await revokeRole(db, { userId: "officer-1", role: "officer", by: "admin-cli", now: NOW })).toEqual({ ok: false, reason: "no_role" });
    expect(await listPeople(db)).toEqual([]);
  });

  it("refuses an unknown user and the citizen role", async () => {
    expect(await revokeRole(db, { userId: "nobody", role: "admin", now: NOW })).toEqual({ ok: false, reason: "unknown_user" });
    expect(await revokeRole(db, { userId: "officer-1", role: "citizen" as "admin", now: NOW })).toEqual({ ok: false, reason: "not_revocable" });
    expect(await db.userRole.count({ where: { userId: "officer-1" } })).toBe(2);
    expect(await db.auditLog.count({ where: { action: "role.revoked" } })).toBe(0);
  });
});

/** Invitations on a real, migrated SQLite file: single use, expiry, revocation, races, typing. */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { createInvite, InviteError, listInvites, normalizeInviteCode, redeemInvite, revokeInvite } from "../../src/admin/invites.ts";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { sqliteUrl } from "../support/test-databases.ts";
import { PROJECT_ROOT } from "../support/spawn-app.ts";

const run = promisify(execFile);

const NOW = new Date("2026-11-25T03:00:00Z");
const HOUR = 3_600_000;
const CODE = /^INV-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$/;

const opened: Db[] = [];
afterAll(async () => {
  for (const db of opened) await db.$disconnect();
});

let db: Db;
let url: string;
beforeEach(async () => {
  url = sqliteUrl();
  db = (await openDatabase(url)).db;
  opened.push(db);
  await db.administrativeUnit.create({ data: { id: "thanh-hoa", code: "38", name: "Thanh Hóa", type: "TINH", localTypeName: "Tỉnh", level: "TINH" } });
  await db.administrativeUnit.create({ data: { id: "thanh-hoa/ha-trung", name: "Hà Trung", type: "XA", localTypeName: "Xã", level: "XA", parentId: "thanh-hoa" } });
  await db.administrativeUnit.create({
    data: { id: "thanh-hoa/huyen-ha-trung", code: "392", name: "Hà Trung", type: "HUYEN", localTypeName: "Huyện", level: "HUYEN", parentId: "thanh-hoa", validTo: new Date("2025-06-30T00:00:00Z") },
  });
  for (const id of ["alice", "bob", "carol"]) await db.user.create({ data: { id } });
});

describe("createInvite", () => {
  it("makes an INV- code of 13 Crockford base32 symbols that expires after 72 hours by default", async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { code, expiresAt } = await createInvite(db, { role: "officer", unitId: "thanh-hoa/ha-trung", createdBy: "admin-1", now: NOW });
      expect(code).toMatch(CODE);
      expect(expiresAt).toEqual(new Date(NOW.getTime() + 72 * HOUR));
      codes.add(code);
    }
    expect(codes.size).toBe(20);
    const stored = await db.invite.findMany();
    expect(stored).toHaveLength(20);
    expect(stored[0]).toMatchObject({ role: "officer", unitId: "thanh-hoa/ha-trung", createdBy: "admin-1", usedAt: null, revokedAt: null });
    expect(await db.auditLog.count({ where: { action: "invite.created" } })).toBe(20);
  });

  it("honours --hours", async () => {
    const { expiresAt } = await createInvite(db, { role: "admin", hours: 2, now: NOW });
    expect(expiresAt).toEqual(new Date(NOW.getTime() + 2 * HOUR));
  });

  it("refuses an officer or secretary without an existing, current unit, and an admin with one", async () => {
    await expect(createInvite(db, { role: "officer", now: NOW })).rejects.toMatchObject({ name: "InviteError", code: "unit_required" });
    await expect(createInvite(db, { role: "secretary", unitId: null, now: NOW })).rejects.toMatchObject({ code: "unit_required" });
    await expect(createInvite(db, { role: "officer", unitId: "nowhere", now: NOW })).rejects.toMatchObject({ code: "unit_unknown" });
    await expect(createInvite(db, { role: "officer", unitId: "thanh-hoa/huyen-ha-trung", now: NOW })).rejects.toMatchObject({ code: "unit_expired" });
    await expect(createInvite(db, { role: "admin", unitId: "thanh-hoa", now: NOW })).rejects.toBeInstanceOf(InviteError);
    await expect(createInvite(db, { role: "admin", hours: 0, now: NOW })).rejects.toMatchObject({ code: "hours" });
    await expect(createInvite(db, { role: "citizen" as "admin", now: NOW })).rejects.toMatchObject({ code: "role" });
    expect(await db.invite.count()).toBe(0);
  });
});

describe("redeemInvite", () => {
  it("grants the role for the unit once, with the creator as grantor, and audits it", async () => {
    const { code } = await createInvite(db, { role: "officer", unitId: "thanh-hoa/ha-trung", createdBy: "admin-1", now: NOW });
    const first = await redeemInvite(db, { code, userId: "alice", now: new Date(NOW.getTime() + HOUR) });
    expect(first).toEqual({ ok: true, role: "officer", unitId: "thanh-hoa/ha-trung" });
    expect(await db.userRole.findUnique({ where: { userId_role: { userId: "alice", role: "officer" } } })).toMatchObject({ unitId: "thanh-hoa/ha-trung", grantedBy: "admin-1" });
    expect(await db.invite.findUnique({ where: { code } })).toMatchObject({ usedBy: "alice", usedAt: new Date(NOW.getTime() + HOUR) });
    const audit = await db.auditLog.findFirst({ where: { action: "invite.redeemed" } });
    expect(audit).toMatchObject({ actorId: "alice", entity: "Invite", entityId: code });

    expect(await redeemInvite(db, { code, userId: "bob", now: new Date(NOW.getTime() + 2 * HOUR) })).toEqual({ ok: false, reason: "used" });
    expect(await redeemInvite(db, { code, userId: "alice", now: new Date(NOW.getTime() + 2 * HOUR) })).toEqual({ ok: false, reason: "used" });
    expect(await db.userRole.count({ where: { userId: "bob" } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "invite.redeemed" } })).toBe(1);
  });

  it("re-binds a role the person already holds to the invitation's unit", async () => {
    await db.userRole.create({ data: { userId: "alice", role: "officer", unitId: "thanh-hoa", grantedBy: "system" } });
    const { code } = await createInvite(db, { role: "officer", unitId: "thanh-hoa/ha-trung", createdBy: "admin-2", now: NOW });
    expect(await redeemInvite(db, { code, userId: "alice", now: NOW })).toMatchObject({ ok: true });
    expect(await db.userRole.findMany({ where: { userId: "alice" } })).toEqual([
      expect.objectContaining({ role: "officer", unitId: "thanh-hoa/ha-trung", grantedBy: "admin-2" }),
    ]);
  });

  it("refuses an expired code (at and after expiresAt) and leaves it unused", async () => {
    const { code, expiresAt } = await createInvite(db, { role: "admin", hours: 1, now: NOW });
    expect(await redeemInvite(db, { code, userId: "alice", now: expiresAt })).toEqual({ ok: false, reason: "expired" });
    expect(await redeemInvite(db, { code, userId: "alice", now: new Date(expiresAt.getTime() + 1) })).toEqual({ ok: false, reason: "expired" });
    expect(await redeemInvite(db, { code, userId: "alice", now: new Date(expiresAt.getTime() - 1) })).toMatchObject({ ok: true, role: "admin", unitId: null });
  });

  it("refuses a revoked code; revoking reports unknown, used and already revoked codes", async () => {
    const a = await createInvite(db, { role: "admin", now: NOW });
    const b = await createInvite(db, { role: "admin", now: NOW });
    expect(await revokeInvite(db, a.code.toLowerCase(), NOW, "admin-1")).toEqual({ ok: true, code: a.code });
    expect(await redeemInvite(db, { code: a.code, userId: "alice", now: NOW })).toEqual({ ok: false, reason: "revoked" });
    expect(await db.userRole.count({ where: { userId: "alice" } })).toBe(0);
    expect(await revokeInvite(db, a.code, NOW)).toEqual({ ok: false, reason: "revoked" });
    expect(await redeemInvite(db, { code: b.code, userId: "bob", now: NOW })).toMatchObject({ ok: true });
    expect(await revokeInvite(db, b.code, NOW)).toEqual({ ok: false, reason: "used" });
    expect(await revokeInvite(db, "INV-2222-2222-2222-2", NOW)).toEqual({ ok: false, reason: "unknown" });
    expect(await db.auditLog.findFirst({ where: { action: "invite.revoked" } })).toMatchObject({ actorId: "admin-1", entityId: a.code });
  });

  it("refuses unknown codes and text that is not a code", async () => {
    expect(await redeemInvite(db, { code: "INV-2222-2222-2222-2", userId: "alice", now: NOW })).toEqual({ ok: false, reason: "unknown" });
    expect(await redeemInvite(db, { code: "INV-22222222", userId: "alice", now: NOW })).toEqual({ ok: false, reason: "unknown" });
    expect(await redeemInvite(db, { code: "xin chào", userId: "alice", now: NOW })).toEqual({ ok: false, reason: "unknown" });
  });

  it("accepts the code as people type it", async () => {
    const { code } = await createInvite(db, { role: "admin", now: NOW });
    const typed = `  ${code.toLowerCase().replace("-", " ").slice(0, 8)} ${code.toLowerCase().slice(8)} `;
    expect(await redeemInvite(db, { code: typed, userId: "alice", now: NOW })).toMatchObject({ ok: true });
  });

  it("lets exactly one of two concurrent redeemers win (one client)", async () => {
    const { code } = await createInvite(db, { role: "officer", unitId: "thanh-hoa/ha-trung", now: NOW });
    const results = await Promise.all(["alice", "bob", "carol"].map((userId) => redeemInvite(db, { code, userId, now: NOW })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "used" }, { ok: false, reason: "used" }]);
    expect(await db.userRole.count({ where: { role: "officer" } })).toBe(1);
  });

  it("lets exactly one of two processes redeeming at the same moment win", async () => {
    const { code } = await createInvite(db, { role: "secretary", unitId: "thanh-hoa", now: NOW });
    const startAt = String(Date.now() + 2500);
    const redeemIn = async (userId: string) => {
      const { stdout } = await run(process.execPath, ["--import", "tsx", "test/support/redeem-invite-child.ts", url, code, userId, startAt], { cwd: PROJECT_ROOT });
      return JSON.parse(stdout) as unknown;
    };
    const results = await Promise.all([redeemIn("alice"), redeemIn("bob")]);
    expect(results.filter((r) => (r as { ok: boolean }).ok)).toHaveLength(1);
    expect(results.find((r) => !(r as { ok: boolean }).ok)).toEqual({ ok: false, reason: "used" });
    expect(await db.userRole.count({ where: { role: "secretary" } })).toBe(1);
  }, 30_000);
});

describe("listInvites", () => {
  it("shows each code's status and unit", async () => {
    const active = await createInvite(db, { role: "officer", unitId: "thanh-hoa/ha-trung", now: NOW });
    const used = await createInvite(db, { role: "admin", now: new Date(NOW.getTime() + 1) });
    const expired = await createInvite(db, { role: "admin", hours: 1, now: new Date(NOW.getTime() + 2) });
    const revoked = await createInvite(db, { role: "admin", now: new Date(NOW.getTime() + 3) });
    await redeemInvite(db, { code: used.code, userId: "alice", now: NOW });
    await revokeInvite(db, revoked.code, NOW);
    const list = await listInvites(db, new Date(NOW.getTime() + 2 * HOUR));
    expect(list.map((i) => [i.code, i.status])).toEqual([
      [revoked.code, "revoked"],
      [expired.code, "expired"],
      [used.code, "used"],
      [active.code, "active"],
    ]);
    expect(list[3]).toMatchObject({ unitId: "thanh-hoa/ha-trung", unitName: "Xã Hà Trung" });
  });
});

describe("normalizeInviteCode", () => {
  it.each([
    ["inv 7f3k 9qab x2md 4", "INV-7F3K-9QAB-X2MD-4"],
    ["INV-7F3K-9QAB-X2MD-4", "INV-7F3K-9QAB-X2MD-4"],
    ["inv-7f3k-9qab-x2md-4", "INV-7F3K-9QAB-X2MD-4"],
    ["inv_7F3K9QABX2MD4", "INV-7F3K-9QAB-X2MD-4"],
    [" Inv–7F3K 9QAB.X2MD_4 ", "INV-7F3K-9QAB-X2MD-4"],
    ["ＩＮＶ７Ｆ３Ｋ９ＱＡＢ Ｘ２ＭＤ４", "INV-7F3K-9QAB-X2MD-4"],
    // Read aloud or copied by hand: I and L are 1, O is 0.
    ["INV-IL0O-9QAB-X2MD-4", "INV-1100-9QAB-X2MD-4"],
    ["inv ilo0 9qab x2md 4", "INV-1100-9QAB-X2MD-4"],
  ])("%j → %s", (typed, code) => {
    expect(normalizeInviteCode(typed)).toBe(code);
  });

  // The older 8-symbol codes, one symbol too few or too many, U (not in the alphabet), no prefix.
  it.each(["", "INV-7F3K9QAB", "INV-7F3K-9QAB-X2MD", "INV-7F3K-9QAB-X2MD-45", "INV-7F3K-9QAB-X2MD-U", "7F3K-9QAB-X2MD-4", "LK-7F3K-9QAB-X2MD-4", "xin chào"])(
    "%j is not a code",
    (typed) => {
      expect(normalizeInviteCode(typed)).toBeNull();
    },
  );
});

/** `npm run admin` run as a child process, the way an administrator runs it, on its own database. */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { redeemInvite } from "../../src/admin/invites.ts";
import { PROJECT_ROOT, appEnv } from "../support/spawn-app.ts";
import { tempDir } from "../support/test-databases.ts";

const run = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function admin(dir: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["src/cli/admin.ts", ...args], {
      cwd: PROJECT_ROOT,
      env: appEnv(dir, { DATABASE_URL: `file:${join(dir, "t.db")}`, DATA_DIR: dir, ...env }),
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw err;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const opened: Db[] = [];
afterAll(async () => {
  for (const db of opened) await db.$disconnect();
});

async function database(dir: string): Promise<Db> {
  const { db } = await openDatabase(`file:${join(dir, "t.db")}`);
  opened.push(db);
  return db;
}

// Each run starts tsx, migrates a fresh database and seeds the catalogue: seconds on a busy machine.
describe("npm run admin", { timeout: 120_000 }, () => {
  it("units:import imports the good rows, prints the rejected ones with their line numbers and exits 1", async () => {
    const dir = tempDir();
    const file = join(dir, "units.csv");
    writeFileSync(file, ["code,name,kind,parent_code,valid_from,valid_to", "T99,Tỉnh Thử,TINH,,,", "T99001,Xã Một,XA,T99,01/07/2025,", "T99002,Xã Hai,XA,T98,,", "T99001-1,Thôn Một,THON,T99001,,"].join("\n"));
    const result = await admin(dir, ["units:import", file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Đã nhập 3 đơn vị");
    expect(result.stdout).toContain("Dòng 4: mã đơn vị cha T98 không tồn tại");
    const db = await database(dir);
    expect(await db.administrativeUnit.findUnique({ where: { code: "T99001-1" } })).toMatchObject({ id: "u-t99001-1", parentId: "u-t99001", level: "THON" });
    expect(await db.administrativeUnit.findUnique({ where: { code: "T99002" } })).toBeNull();

    const clean = join(dir, "more.csv");
    writeFileSync(clean, "code;name;kind;parent_code;valid_from;valid_to\nT99003;Xã Ba;XA;T99;;\n");
    const ok = await admin(dir, ["units:import", clean]);
    expect(ok).toMatchObject({ code: 0, stderr: "" });
    expect(ok.stdout).toContain("Đã nhập 1 đơn vị");
  });

  it("a Thanh Hóa installation (UNITS_PROVINCES=38): a commune's villages from XLSX with progress, then units:list --tree and the summary", async () => {
    const dir = tempDir();
    const env = { UNITS_PROVINCES: "38" };
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("Thôn");
    sheet.addRow(["code", "name", "kind", "parent_code", "valid_from"]);
    for (let i = 1; i <= 120; i++) sheet.addRow([`15271-${String(i).padStart(3, "0")}`, i === 1 ? "Bản Nà Lơi" : `Tổ dân phố ${i}`, i === 1 ? "THON" : "TO_DAN_PHO", "15271", new Date("2025-07-01T00:00:00Z")]);
    sheet.addRow(["15271-999", "Thôn Lạ", "THON", "15999", null]);
    const file = join(dir, "thon-ha-trung.xlsx");
    writeFileSync(file, new Uint8Array(await wb.xlsx.writeBuffer()));

    const imported = await admin(dir, ["units:import", file], env);
    expect(imported.code).toBe(1);
    expect(imported.stdout).toContain("Đã nhập 120 đơn vị (120 mới, 0 cập nhật).");
    expect(imported.stdout).toContain("Dòng 122: mã đơn vị cha 15999 không tồn tại");
    // Not a terminal: a line at every tenth of the way.
    const progress = imported.stderr.trim().split("\n");
    expect(progress).toHaveLength(10);
    expect(progress[0]).toBe("Đang nhập 12/120 đơn vị…");
    expect(progress.at(-1)).toBe("Đang nhập 120/120 đơn vị…");

    const commune = await admin(dir, ["units:list", "--tree", "--parent", "15271", "--depth", "2"], env);
    expect(commune).toMatchObject({ code: 0, stderr: "" });
    const communeLines = commune.stdout.trim().split("\n");
    expect(communeLines.slice(0, 3)).toEqual(["Xã Hà Trung · mã 15271 · 120 thôn/tổ", "  Bản Nà Lơi · mã 15271-001", "  Tổ dân phố 2 · mã 15271-002"]);
    expect(communeLines).toHaveLength(121);

    const provinces = await admin(dir, ["units:list", "--tree", "--depth", "2"], env);
    const lines = provinces.stdout.trim().split("\n");
    expect(lines[0]).toBe("Tỉnh Thanh Hóa · mã 38 · 166 xã/phường");
    expect(lines.slice(1, 3)).toEqual(["  Phường Hàm Rồng · mã 14758", "  Phường Hạc Thành · mã 14797"]);
    expect(lines).toContain("  Xã Hà Trung · mã 15271 · 120 thôn/tổ");
    expect(lines.filter((l) => l.startsWith("    "))).toEqual([]);
    expect(lines.at(-1)).toBe("Đang có hiệu lực: 1 tỉnh, thành phố; 166 xã, phường, đặc khu; 120 thôn, tổ dân phố.");
    expect(lines).toHaveLength(1 + 166 + 1);

    const plain = await admin(dir, ["units:list"], env);
    expect(plain.stdout).toContain("Tỉnh Thanh Hóa · id u-38 · mã 38 · hiệu lực từ 01/07/2025 · 166 đơn vị trực thuộc");
    expect(plain.stdout).not.toContain("thanh-hoa");

    const ods = await admin(dir, ["units:import", join(dir, "thon.ods")], env);
    expect(ods.code).toBe(1);
    expect(ods.stderr).toContain("units:import chỉ đọc tệp .csv hoặc .xlsx, không đọc tệp .ods");
  });

  it("invite --role admin prints a code that redeemInvite accepts, and how to use it", async () => {
    const dir = tempDir();
    const result = await admin(dir, ["invite", "--role", "admin"]);
    expect(result.code).toBe(0);
    const code = /Mã mời: (INV-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z])\n/.exec(result.stdout)?.[1];
    expect(code).toBeDefined();
    expect(result.stdout).toContain(`/start ${code}`);
    expect(result.stdout).toContain(`https://t.me/<tên bot>?start=${code}`);
    expect(result.stdout).toMatch(/Hết hạn: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    const db = await database(dir);
    await db.user.create({ data: { id: "new-admin" } });
    expect(await redeemInvite(db, { code: code!, userId: "new-admin", now: new Date() })).toEqual({ ok: true, role: "admin", unitId: null });

    const listed = await admin(dir, ["invites"]);
    expect(listed.stdout).toContain(`${code} · quản trị viên · đã dùng`);
  });

  it("units:add with a catalogue parent, units:list, an officer invite for the unit, then revoking it", async () => {
    const dir = tempDir();
    const added = await admin(dir, ["units:add", "--code", "38901", "--name", "Hà Trung Thử", "--kind", "XA", "--parent", "38", "--valid-from", "2025-07-01"]);
    expect(added).toMatchObject({ code: 0, stderr: "" });
    expect(added.stdout).toContain("Đã thêm Xã Hà Trung Thử (id u-38901, mã 38901)");
    const listed = await admin(dir, ["units:list", "--parent", "38"]);
    expect(listed.stdout).toContain("Xã Hà Trung Thử · id u-38901 · mã 38901 · hiệu lực từ 01/07/2025");

    const invited = await admin(dir, ["invite", "--role", "officer", "--unit", "38901", "--hours", "24"]);
    expect(invited.code).toBe(0);
    expect(invited.stdout).toContain("Xã Hà Trung Thử (u-38901)");
    const code = /Mã mời: (INV-[\w-]{16})/.exec(invited.stdout)![1]!;
    const revoked = await admin(dir, ["invites:revoke", code.toLowerCase()]);
    expect(revoked).toMatchObject({ code: 0 });
    expect(revoked.stdout).toContain(`Đã thu hồi mã mời ${code}`);
    const db = await database(dir);
    await db.user.create({ data: { id: "u1" } });
    expect(await redeemInvite(db, { code, userId: "u1", now: new Date() })).toEqual({ ok: false, reason: "revoked" });
  });

  it("people lists role holders and people:revoke takes a role away", async () => {
    const dir = tempDir();
    const db = await database(dir);
    await db.user.create({
      data: { id: "off-1", roles: { create: [{ role: "citizen" }, { role: "officer", grantedBy: "admin-cli" }] }, identities: { create: [{ channel: "telegram", externalId: "77", displayName: "Chị Lan" }] } },
    });
    const people = await admin(dir, ["people"]);
    expect(people.stdout).toContain("off-1 · Chị Lan [telegram]");
    expect(people.stdout).toContain("cán bộ (officer)");
    const revoked = await admin(dir, ["people:revoke", "off-1", "officer"]);
    expect(revoked).toMatchObject({ code: 0 });
    expect(await db.userRole.findMany({ where: { userId: "off-1" }, select: { role: true } })).toEqual([{ role: "citizen" }]);
    const again = await admin(dir, ["people:revoke", "off-1", "officer"]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe("Không thu hồi được: người dùng off-1 không có vai trò officer");
  });

  it("people:erase erases a person's data for a request made on paper, with the same erasure as the chat", async () => {
    const dir = tempDir();
    const db = await database(dir);
    const bytes = Buffer.from("a photo that only this person sent");
    const sha = createHash("sha256").update(bytes).digest("hex");
    const key = `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
    mkdirSync(join(dir, "files", sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
    writeFileSync(join(dir, "files", key), bytes);
    const now = new Date();
    await db.user.create({
      data: {
        id: "paper-1",
        fullName: "Bà Tư",
        phone: "+84912000111",
        roles: { create: [{ role: "citizen" }] },
        identities: { create: [{ channel: "zalo", externalId: "z-42", displayName: "Bà Tư" }] },
      },
    });
    await db.draft.create({
      data: {
        id: "d-1", userId: "paper-1", chatKey: "zalo:z-42", flowId: "good-deed-report", flowRevision: 2, stateVersion: 1, state: {}, answers: { reporterName: "Bà Tư" },
        status: "ACTIVE", lastActivityAt: now,
        attachments: { create: [{ sha256: sha, mime: "image/png", size: bytes.length, storageKey: key, uploadedById: "paper-1" }] },
      },
    });
    await db.dossier.create({
      data: {
        code: "TDKT-2026-000042", kind: "GOOD_DEED_REPORT", payloadVersion: 1, status: "FORWARDED", unitId: "u", submittedById: "paper-1", submittedAt: now,
        payload: { submittedBy: { userId: "paper-1", channel: "zalo", name: "Bà Tư" }, goodDeedReport: { reporter: { anonymous: false, name: "Bà Tư", phone: "+84912000111" } } },
      },
    });

    const erased = await admin(dir, ["people:erase", "paper-1"]);
    expect(erased.code).toBe(0);
    expect(erased.stdout).toContain("Đã xóa dữ liệu cá nhân của paper-1: 1 biểu mẫu, 1 tệp (1 tệp trên đĩa), 1 tài khoản trò chuyện. 1 hồ sơ đã gửi được giữ");
    expect(await db.user.findUniqueOrThrow({ where: { id: "paper-1" } })).toMatchObject({ fullName: null, phone: null, erasedAt: expect.any(Date) });
    expect(await db.channelIdentity.count()).toBe(0);
    expect(await db.draft.count()).toBe(0);
    expect(await db.attachment.count()).toBe(0);
    expect(existsSync(join(dir, "files", key))).toBe(false);
    expect(JSON.stringify((await db.dossier.findFirstOrThrow()).payload)).not.toMatch(/Bà Tư|912000111/);
    expect(await db.outboxJob.count({ where: { kind: "personal-data-erased" } })).toBe(1);
    expect(await db.auditLog.findFirstOrThrow({ where: { action: "user.erased" } })).toMatchObject({ entityId: "paper-1", data: { by: "admin" } });

    const unknown = await admin(dir, ["people:erase", "nobody"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe("Không xóa được: không có người dùng nobody");
  });

  it("console-link prints a one-time sign-in link for a secretary of a unit or an admin, and refuses anyone else", async () => {
    const dir = tempDir();
    const db = await database(dir);
    await db.user.create({ data: { id: "tk-1", roles: { create: [{ role: "secretary", unitId: "thanh-hoa/ha-trung" }] } } });
    await db.user.create({ data: { id: "off-1", roles: { create: [{ role: "officer", unitId: "thanh-hoa/ha-trung" }] } } });
    const printed = await admin(dir, ["console-link", "--user", "tk-1"]);
    expect(printed.code).toBe(0);
    const link = /http:\/\/127\.0\.0\.1:3000\/console\/login\?t=([A-Za-z0-9_-]{43})/.exec(printed.stdout);
    expect(link).not.toBeNull();
    expect(printed.stdout).toContain("Hết hạn:");
    const row = await db.consoleLink.findUniqueOrThrow({ where: { tokenHash: createHash("sha256").update(link![1]!).digest("hex") } });
    expect(row).toMatchObject({ userId: "tk-1", usedAt: null });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(10 * 60_000);
    for (const args of [["console-link", "--user", "off-1"], ["console-link", "--user", "nobody"], ["console-link"]]) {
      const refused = await admin(dir, args);
      expect(refused.code, args.join(" ")).toBe(1);
      expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(await db.consoleLink.count()).toBe(1);
  });

  it("people prints names without terminal escape sequences, controls or bidi overrides", async () => {
    const dir = tempDir();
    const db = await database(dir);
    const hostile = "Chị\u001B[2J\u001B]0;pwned\u0007 Lan\u001B[31m\u202E\n\u009B1m\u0000";
    await db.user.create({
      data: { id: "off-2", roles: { create: [{ role: "officer", grantedBy: "admin\u001B[8m-cli" }] }, identities: { create: [{ channel: "zalo", externalId: "88", displayName: hostile }] } },
    });
    const people = await admin(dir, ["people"]);
    expect(people.code).toBe(0);
    expect(people.stdout).toContain("off-2 · Chị Lan 1m [zalo]");
    expect(people.stdout).toContain("cấp bởi admin-cli");
    expect(people.stdout).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
  });

  it("explains itself with --help, and fails with one clear line and exit code 1", async () => {
    const dir = tempDir();
    const help = await admin(dir, ["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["units:add", "units:import", "units:list", "invite", "invites", "invites:revoke", "people", "people:revoke", "people:erase", "console-link"]) {
      expect(help.stdout).toContain(`  ${command}`);
    }
    for (const [args, message] of [
      [["invite", "--role", "officer"], "Không tạo được mã mời: vai trò officer cần một đơn vị"],
      [["invite", "--role", "admin", "--unit", "38"], "Không tạo được mã mời: vai trò quản trị (admin) không gắn với đơn vị nào"],
      [["invite", "--role", "boss"], "invite cần --role officer, secretary hoặc admin"],
      [["frobnicate"], 'Không có lệnh "frobnicate"'],
      [["units:list", "--bogus"], "Tùy chọn không rõ: --bogus"],
      [["units:import", join(dir, "missing.csv")], "không có tệp này"],
    ] as const) {
      const result = await admin(dir, [...args]);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr, args.join(" ")).toContain(message);
      expect(result.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
  });
});

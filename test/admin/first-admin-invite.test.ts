/** The first administrator invitation of a fresh installation: shown once, never in the log. */
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { createLogger } from "../../src/log.ts";
import { FIRST_ADMIN_INVITE_FILE, issueFirstAdminInvite } from "../../src/admin/first-admin-invite.ts";
import { redeemInvite } from "../../src/admin/invites.ts";
import { sqliteUrl, tempDir } from "../support/test-databases.ts";

const NOW = new Date("2026-11-25T03:00:00Z");
const HOUR = 3_600_000;
const CODE = /INV-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]/;
const opened: Db[] = [];
afterAll(async () => {
  for (const db of opened) await db.$disconnect();
});

async function setup() {
  const dataDir = tempDir();
  const { db } = await openDatabase(sqliteUrl(dataDir));
  opened.push(db);
  const logged: string[] = [];
  const printed: string[] = [];
  const log = createLogger({
    level: "info",
    pretty: false,
    destination: new Writable({
      write(chunk: Buffer, _enc, done) {
        logged.push(chunk.toString("utf8"));
        done();
      },
    }),
  });
  const issue = (opts: { isTTY: boolean; now?: Date }) =>
    issueFirstAdminInvite({ db, now: opts.now ?? NOW, isTTY: opts.isTTY, dataDir, log, print: (line) => printed.push(line), webUrl: "http://127.0.0.1:3000" });
  return { db, dataDir, file: join(dataDir, FIRST_ADMIN_INVITE_FILE), logged, printed, issue };
}

describe("issueFirstAdminInvite", () => {
  it("without a terminal writes the code to a 0600 file, whatever the umask, and logs only where it is", async () => {
    const { db, file, logged, printed, issue } = await setup();
    writeFileSync(file, "old"); // left by an earlier installation, readable by all
    chmodSync(file, 0o644);
    const umask = process.umask(0o000);
    try {
      expect(await issue({ isTTY: false })).toMatchObject({ kind: "written", file });
    } finally {
      process.umask(umask);
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const code = CODE.exec(readFileSync(file, "utf8"))![0];
    expect(printed).toEqual([]);
    expect(logged.join("")).not.toMatch(CODE);
    expect(logged.join("")).toContain(file);
    const invite = await db.invite.findUniqueOrThrow({ where: { code } });
    expect(invite).toMatchObject({ role: "admin", unitId: null, createdBy: "system", usedAt: null });
    expect(invite.expiresAt).toEqual(new Date(NOW.getTime() + 24 * HOUR));
  });

  it("on a restart while the invitation is active shows nothing new and logs no code", async () => {
    const { db, file, logged, printed, issue } = await setup();
    await issue({ isTTY: false });
    const content = readFileSync(file, "utf8");
    logged.length = 0;
    expect(await issue({ isTTY: false, now: new Date(NOW.getTime() + HOUR) })).toMatchObject({ kind: "active", file });
    expect(await issue({ isTTY: true, now: new Date(NOW.getTime() + 2 * HOUR) })).toMatchObject({ kind: "active" });
    expect(printed).toEqual([]);
    expect(logged.join("")).not.toMatch(CODE);
    expect(logged.join("")).toContain(file);
    expect(readFileSync(file, "utf8")).toBe(content);
    expect(await db.invite.count()).toBe(1);
  });

  it("on a terminal prints the code once, writes no file and logs no code; says how to get another on restart", async () => {
    const { file, logged, printed, issue } = await setup();
    expect(await issue({ isTTY: true })).toMatchObject({ kind: "printed", expiresAt: new Date(NOW.getTime() + 24 * HOUR) });
    expect(printed.join("\n")).toMatch(CODE);
    expect(existsSync(file)).toBe(false);
    await issue({ isTTY: true, now: new Date(NOW.getTime() + HOUR) });
    expect(printed.join("\n").match(new RegExp(CODE, "g"))).toHaveLength(2); // the code and its /start line, once
    expect(logged.join("")).not.toMatch(CODE);
    expect(logged.join("")).toContain("npm run admin -- invite --role admin");
  });

  it("makes a new invitation after 24 hours, and none once there is an administrator (removing the file)", async () => {
    const { db, file, issue } = await setup();
    await issue({ isTTY: false });
    const first = readFileSync(file, "utf8");
    expect(await issue({ isTTY: false, now: new Date(NOW.getTime() + 24 * HOUR) })).toMatchObject({ kind: "written" });
    const second = readFileSync(file, "utf8");
    expect(CODE.exec(second)![0]).not.toBe(CODE.exec(first)![0]);
    await db.user.create({ data: { id: "boss" } });
    const later = new Date(NOW.getTime() + 25 * HOUR);
    expect(await redeemInvite(db, { code: CODE.exec(second)![0], userId: "boss", now: later })).toMatchObject({ ok: true, role: "admin" });
    expect(await issue({ isTTY: false, now: later })).toEqual({ kind: "admin-exists" });
    expect(existsSync(file)).toBe(false);
    expect(await db.invite.count()).toBe(2);
  });
});

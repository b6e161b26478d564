/**
 * Redeeming invitation and identity link codes in the chat, under the failed-attempt limits:
 * through the real service on a real migrated SQLite file, with a clock the test moves and the
 * pino output captured to check that no code reaches the log.
 */
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import type { InboundMessage } from "../../src/channels/channel-port.ts";
import { createInvite } from "../../src/admin/invites.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { buildAssistant } from "../../src/build-assistant.ts";
import { testClock } from "../support/test-assistant.ts";
import { sqliteUrl, tempDir } from "../support/test-databases.ts";

const MINUTE = 60_000;
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const a of open.splice(0)) await a.close();
});

async function start() {
  const dataDir = tempDir();
  const clock = testClock();
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  const config = loadConfig({ DATABASE_URL: sqliteUrl(dataDir), DATA_DIR: dataDir, LOG_LEVEL: "info" });
  const a = await buildAssistant(config, { log: createLogger({ level: "info", pretty: false, destination }), now: clock.now, trustedChannels: [] });
  open.push(a);
  let n = 0;
  /** One message straight to the service, for senders, chats and addresses a MemoryChat cannot fake. */
  const send = async (msg: Omit<InboundMessage, "messageId" | "senderId"> & { senderId?: string }) =>
    (await a.service.handle({ senderId: msg.chatId, messageId: `m-${++n}`, ...msg })).map((m) => m.text).join("\n");
  return { a, clock, lines, send };
}

const officerInvite = (a: { db: Parameters<typeof createInvite>[0] }, now: Date) => createInvite(a.db, { role: "officer", unitId: "thanh-hoa/ha-trung", now });
/** Well-formed codes that were never issued. */
const wrong = (i: number) => `INV-WR0N-G000-0000-${i}`;

describe("failed code redemptions", () => {
  it("refuses the 6th try within 10 minutes even with a valid code, says when to retry, and allows it after the window", async () => {
    const { a, clock, send } = await start();
    const t0 = clock.now();
    for (let i = 1; i <= 5; i++) {
      expect(await send({ channel: "telegram", chatId: "guesser", text: wrong(i) })).toContain("Mã mời không dùng được");
      clock.advance(MINUTE);
    }
    const { code } = await officerInvite(a, clock.now());
    const refused = await send({ channel: "telegram", chatId: "guesser", text: code });
    // The oldest counted failure (at t0) leaves the window at t0 + 10 min, 5 minutes from now.
    expect(refused).toContain("thử lại sau 5 phút");
    expect(refused).not.toContain("được cấp vai trò");
    expect(await a.db.invite.findUniqueOrThrow({ where: { code } })).toMatchObject({ usedAt: null });
    expect(await a.db.failedAttempt.count({ where: { key: { startsWith: "chat:" } } })).toBe(5); // a refused try is not counted

    clock.set(new Date(t0.getTime() + 10 * MINUTE - 1).toISOString());
    expect(await send({ channel: "telegram", chatId: "guesser", text: code })).toContain("thử lại sau 1 phút");
    clock.set(new Date(t0.getTime() + 10 * MINUTE).toISOString());
    expect(await send({ channel: "telegram", chatId: "guesser", text: code })).toContain("cán bộ thi đua, khen thưởng của Xã Hà Trung");
  });

  it("counts per chat: two senders in one chat share its limit", async () => {
    const { a, clock, send } = await start();
    for (let i = 1; i <= 3; i++) await send({ channel: "web", chatId: "shared", senderId: "anh", text: wrong(i) });
    for (let i = 4; i <= 5; i++) await send({ channel: "web", chatId: "shared", senderId: "binh", text: wrong(i) });
    const { code } = await officerInvite(a, clock.now());
    // Bình failed twice, but the chat five times.
    expect(await send({ channel: "web", chatId: "shared", senderId: "binh", text: code })).toContain("thử lại sau 10 phút");
    // Bình in a chat of his own, with the same code: counted per person, two failures only.
    expect(await send({ channel: "web", chatId: "binh-own", senderId: "binh", text: code })).toContain("cán bộ thi đua");
  });

  it("counts per person: failures on Telegram block the same (linked) person on Zalo", async () => {
    const { a, clock, send } = await start();
    const created = await send({ channel: "telegram", chatId: "tg-1", text: "liên kết" });
    const link = /LK-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]\b/.exec(created)![0];
    expect(await send({ channel: "zalo", chatId: "zl-1", text: link })).toContain("Đã liên kết");
    for (let i = 1; i <= 5; i++) await send({ channel: "telegram", chatId: "tg-1", text: wrong(i) });
    const { code } = await officerInvite(a, clock.now());
    expect(await send({ channel: "zalo", chatId: "zl-1", text: code })).toContain("thử lại sau 10 phút");
    expect(await send({ channel: "zalo", chatId: "zl-other", text: code })).toContain("cán bộ thi đua");
  });

  it("counts per client address when the channel gives one: new web sessions do not reset the limit", async () => {
    const { a, clock, send } = await start();
    for (let i = 1; i <= 5; i++) await send({ channel: "web", chatId: `session-${i}`, clientIp: "127.0.0.9", text: wrong(i) });
    const { code } = await officerInvite(a, clock.now());
    expect(await send({ channel: "web", chatId: "session-6", clientIp: "127.0.0.9", text: code })).toContain("thử lại sau 10 phút");
    expect(await send({ channel: "web", chatId: "session-7", clientIp: "127.0.0.10", text: code })).toContain("cán bộ thi đua");
    expect(await a.db.failedAttempt.count({ where: { key: "ip:127.0.0.9", kind: "code" } })).toBe(5);
  });

  it("counts identity link failures too, and no longer accepts the old 8-digit LK codes", async () => {
    const { a, clock, send } = await start();
    const owner = await send({ channel: "telegram", chatId: "owner", text: "liên kết" });
    const { userId } = await a.db.channelIdentity.findFirstOrThrow({ where: { externalId: "owner" } });
    await a.db.linkCode.create({ data: { code: "LK-4821-9375", userId, expiresAt: new Date(clock.now().getTime() + 10 * MINUTE) } });
    const old = await send({ channel: "zalo", chatId: "z", text: "LK-4821-9375" });
    expect(old).toContain("Mã liên kết không dùng được");
    expect(await a.db.linkCode.findUniqueOrThrow({ where: { code: "LK-4821-9375" } })).toMatchObject({ usedAt: null });
    for (let i = 1; i <= 4; i++) await send({ channel: "zalo", chatId: "z", text: `LK-0000-0000-0000-${i}` });
    const link = /LK-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]\b/.exec(owner)![0];
    expect(await send({ channel: "zalo", chatId: "z", text: link })).toContain("thử lại sau 10 phút");
    expect(new Set((await a.db.channelIdentity.findMany()).map((i) => i.userId)).size).toBe(2);
  });

  it("answers unknown, used, expired and revoked codes with the same text, for invitations and links", async () => {
    const { a, clock, send } = await start();
    const now = clock.now();
    const used = await officerInvite(a, now);
    await send({ channel: "zalo", chatId: "first", text: used.code });
    const expired = await createInvite(a.db, { role: "admin", hours: 1, now: new Date(now.getTime() - 2 * 3_600_000) });
    const revoked = await officerInvite(a, now);
    await a.db.invite.update({ where: { code: revoked.code }, data: { revokedAt: now } });
    const answers = new Set<string>();
    for (const [i, text] of [wrong(1), used.code, expired.code, revoked.code, "INV-7F3K9QAB"].entries()) answers.add(await send({ channel: "zalo", chatId: `c-${i}`, text }));
    expect(answers.size).toBe(1);
    expect([...answers][0]).toContain("Mã mời không dùng được");

    const { userId } = await a.db.channelIdentity.findFirstOrThrow({ where: { externalId: "first" } });
    const later = new Date(now.getTime() + 10 * MINUTE);
    await a.db.linkCode.createMany({
      data: [
        { code: "LK-SEED-0000-0000-1", userId, expiresAt: later, usedAt: now },
        { code: "LK-EXP1-0000-0000-1", userId, expiresAt: now },
      ],
    });
    const links = new Set<string>();
    for (const [i, text] of ["LK-0000-0000-0000-9", "LK-SEED-0000-0000-1", "lk exp1 0000 0000 1"].entries()) links.add(await send({ channel: "zalo", chatId: `l-${i}`, text }));
    expect(links.size).toBe(1);
    expect([...links][0]).toContain("Mã liên kết không dùng được");
  });

  it("logs a failure with channel, user id and reason but never the code", async () => {
    const { a, clock, lines, send } = await start();
    const used = await officerInvite(a, clock.now());
    await send({ channel: "zalo", chatId: "first", text: used.code });
    await send({ channel: "telegram", chatId: "second", text: used.code.toLowerCase() });
    for (let i = 1; i <= 5; i++) await send({ channel: "telegram", chatId: "second", text: `LK-0000-0000-0000-${i}` });
    const failures = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "code redemption failed");
    const { userId } = await a.db.channelIdentity.findFirstOrThrow({ where: { externalId: "second" } });
    expect(failures[0]).toMatchObject({ channel: "telegram", userId, kind: "invite", reason: "used" });
    expect(failures[1]).toMatchObject({ channel: "telegram", userId, kind: "link", reason: "unknown" });
    expect(lines.some((l) => l.includes("too many failed attempts"))).toBe(true);
    const all = lines.join("\n");
    const body = used.code.slice(4);
    expect(all).not.toContain(body);
    expect(all.toUpperCase()).not.toContain(body.replace(/-/g, ""));
    expect(all).not.toMatch(/LK-0000/);
  });

  it("forgets failures older than a day when swept", async () => {
    const { a, clock, send } = await start();
    await send({ channel: "web", chatId: "x", text: wrong(1) });
    clock.advance(12 * 3_600_000);
    await send({ channel: "web", chatId: "x", text: wrong(2) });
    clock.advance(12 * 3_600_000 + 1);
    expect(await a.failedAttempts.sweep(clock.now())).toBe(2); // user and chat keys of the first failure
    expect(await a.db.failedAttempt.count()).toBe(2);
  });
});

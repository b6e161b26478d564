/**
 * "xóa dữ liệu" in the chat, through the real conversation service on a real database (SQLite
 * file; PostgreSQL too when DATABASE_URL_POSTGRES is set): explain → confirm → erased, with rows
 * and files on disk checked; anything but "có" cancels and keeps everything.
 */
import { stat } from "node:fs/promises";
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import type { Assistant } from "../../src/build-assistant.ts";
import { parseCommand } from "../../src/conversation/parse-command.ts";
import { PERSONAL_DATA_ERASED_JOB } from "../../src/outbox/jobs.ts";
import { testAssistant } from "../support/test-assistant.ts";
import { POSTGRES_URL, createPostgresDatabase } from "../support/test-databases.ts";
import { storedPng } from "../support/test-images.ts";
import { GOOD_DEED_TO_PHOTOS as TO_PHOTOS } from "../support/good-deed-answers.ts";

const open: Assistant[] = [];
const drops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const a of open.splice(0)) await a.close();
  for (const d of drops.splice(0)) await d();
});

/** Two small real PNGs with other bytes (and so other sha256s), in the form the store keeps. */
const [PNG, PNG_2] = [await storedPng(1), await storedPng(2)] as const;
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const exists = (path: string) => stat(path).then(() => true, () => false);

const DISPLAY_NAME = "Mai Zalo Lê";

async function start(databaseUrl?: string) {
  const a = await testAssistant(databaseUrl ? { databaseUrl } : {});
  open.push(a);
  return a;
}

/**
 * A person known by a display name, with a submitted (signed) good-deed report with a photo, an
 * open report with two photos (one the same bytes as the submitted one), a linked web chat with a
 * session, and a digest subscription.
 */
async function personWithData(a: Awaited<ReturnType<typeof start>>) {
  await a.service.handle({ channel: "memory", chatId: "mai", senderId: "mai", messageId: "hello", text: "/start", senderName: DISPLAY_NAME });
  const chat = new MemoryChat(a.service, "mai");
  for (const line of TO_PHOTOS) await chat.say(line);
  await chat.upload([{ bytes: PNG, fileName: "cuu-nguoi.png" }]);
  for (const line of ["xong", "không", "Lê Thị Mai", "0912 345 678", "1"]) await chat.say(line);
  expect((await chat.say("gửi"))[0]?.text).toContain("TDKT-2026-000001");

  for (const line of TO_PHOTOS) await chat.say(line);
  await chat.upload([{ bytes: PNG_2, fileName: "anh-2.png" }, { bytes: PNG, fileName: "lai-anh-1.png" }]);

  const code = /LK-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]/.exec((await chat.say("liên kết"))[0]?.text ?? "")?.[0];
  const web = new MemoryChat(a.service, "web-mai", "web");
  expect((await web.say(code!))[0]?.text).toContain("Đã liên kết");
  const user = await a.db.user.findFirstOrThrow({ where: { fullName: DISPLAY_NAME } });
  await a.db.webSession.create({ data: { tokenHash: "f".repeat(64), chatId: "web-mai", createdAt: a.clock.now(), lastSeenAt: a.clock.now() } });
  await a.db.digestSubscription.create({ data: { userId: user.id, cadence: "daily" } });
  await a.db.failedAttempt.create({ data: { key: `user:${user.id}`, kind: "code", at: a.clock.now() } });
  return { chat, web, user };
}

async function erasesAfterConfirmation(a: Awaited<ReturnType<typeof start>>) {
  const { chat, user } = await personWithData(a);
  const other = new MemoryChat(a.service, "someone-else");
  for (const line of TO_PHOTOS.slice(0, 3)) await other.say(line);
  expect(await a.db.attachment.count()).toBe(3);

  const explain = await chat.say("Xóa dữ liệu");
  expect(explain).toHaveLength(1);
  expect(explain[0]?.text).toContain("biểu mẫu đang điền dở “Báo gương người tốt, việc tốt”");
  expect(explain[0]?.text).toContain("Hồ sơ đã gửi (1) được giữ theo quy định nhưng bỏ tên và số điện thoại của anh/chị");
  expect(explain[0]?.text).toContain("Gõ “có” để xóa");
  expect(await a.db.draft.count({ where: { userId: user.id } })).toBe(2);

  const done = await chat.say("có");
  expect(done[0]?.text).toContain("Đã xóa dữ liệu cá nhân của anh/chị. 1 hồ sơ đã gửi được giữ lại theo quy định");

  const erased = await a.db.user.findUniqueOrThrow({ where: { id: user.id } });
  expect(erased).toMatchObject({ fullName: null, phone: null, erasedAt: a.clock.now() });
  expect(await a.db.channelIdentity.count({ where: { userId: user.id } })).toBe(0);
  expect(await a.db.userRole.count({ where: { userId: user.id } })).toBe(0);
  expect(await a.db.draft.count({ where: { userId: user.id } })).toBe(0);
  expect(await a.db.linkCode.count({ where: { userId: user.id } })).toBe(0);
  expect(await a.db.digestSubscription.count({ where: { userId: user.id } })).toBe(0);
  expect(await a.db.failedAttempt.count({ where: { key: `user:${user.id}` } })).toBe(0);
  expect(await a.db.webSession.count({ where: { chatId: "web-mai" } })).toBe(0);
  // Only the confirming message stays remembered (7 days), so its re-delivery is not a new contact.
  expect(await a.db.processedMessage.findMany({ where: { chatId: { in: ["mai", "web-mai"] } }, select: { chatId: true, replies: true } })).toEqual([{ chatId: "mai", replies: null }]);
  // Another person's chat and form are untouched.
  expect(await a.db.processedMessage.count({ where: { chatId: "someone-else" } })).toBe(3);
  expect(await a.db.draft.count({ where: { chatKey: "memory:someone-else", status: "ACTIVE" } })).toBe(1);

  // The submitted report keeps its photo and its substance, without the reporter.
  const report = await a.db.goodDeedReport.findFirstOrThrow();
  expect(report).toMatchObject({ reporterUserId: user.id, reporterName: null, reporterPhone: null, subjectName: "Đặng Văn Hùng" });
  const kept = await a.db.attachment.findMany();
  expect(kept).toHaveLength(1);
  expect(kept[0]).toMatchObject({ sha256: sha(PNG), goodDeedReportId: report.id, draftId: null });
  expect(await exists(a.files.pathOf(kept[0]!.storageKey))).toBe(true);
  const dropped = `${sha(PNG_2).slice(0, 2)}/${sha(PNG_2).slice(2, 4)}/${sha(PNG_2)}`;
  expect(await exists(a.files.pathOf(dropped))).toBe(false);

  const dossier = await a.db.dossier.findFirstOrThrow();
  expect(dossier.submittedById).toBe(user.id);
  expect(dossier.payload).toMatchObject({
    submittedBy: { userId: user.id, name: null },
    goodDeedReport: { reporter: { anonymous: false, name: null, phone: null }, subject: { name: "Đặng Văn Hùng" } },
  });
  const text = JSON.stringify(dossier.payload);
  for (const personal of [DISPLAY_NAME, "Lê Thị Mai", "+84912345678"]) expect(text).not.toContain(personal);
  const job = await a.db.outboxJob.findUniqueOrThrow({ where: { idempotencyKey: `${PERSONAL_DATA_ERASED_JOB.kind}:${dossier.id}` } });
  expect(job).toMatchObject({ kind: PERSONAL_DATA_ERASED_JOB.kind, status: "PENDING", payload: { dossierId: dossier.id } });

  const audit = await a.db.auditLog.findFirstOrThrow({ where: { action: "user.erased" } });
  expect(audit).toMatchObject({ entity: "User", entityId: user.id, data: { by: "self", drafts: 2, attachments: 2, identities: 2, dossiers: 1 } });
  for (const entry of await a.db.auditLog.findMany()) {
    const json = JSON.stringify(entry);
    for (const personal of [DISPLAY_NAME, "Lê Thị Mai", "912345678"]) expect(json).not.toContain(personal);
  }

  // Writing again is a new contact: nothing of the erased person comes back.
  const again = await chat.say("trạng thái");
  expect(again[0]?.text).toBe("Anh/chị chưa gửi hồ sơ nào."); // a new contact on a trusted local channel: an officer again
}

describe("xóa dữ liệu in the chat", () => {
  it("is recognised with and without diacritics, as a slash command and in English", () => {
    for (const typed of ["xóa dữ liệu", "Xóa dữ liệu", "xoa du lieu", "/xoadulieu", "/xoadulieu@tdkt_bot", "rút lại đồng ý", "rut lai dong y", "Delete my data"]) {
      expect(parseCommand(typed), typed).toEqual({ name: "erase-data" });
    }
    expect(parseCommand("xóa dữ liệu của anh Hùng đi")).toBeNull();
  });

  it("explains what will be erased, and erases it after \"có\": rows, files on disk, identity; dossiers kept pseudonymised", async () => {
    await erasesAfterConfirmation(await start());
  });

  it("\"không\" cancels politely, keeps everything and asks the form's question again", async () => {
    const a = await start();
    const chat = new MemoryChat(a.service, "hesitant");
    for (const line of TO_PHOTOS.slice(0, 3)) await chat.say(line);
    await chat.say("rút lại đồng ý");
    const cancelled = await chat.say("không");
    expect(cancelled[0]?.text).toBe("Đã hủy yêu cầu xóa. Dữ liệu của anh/chị được giữ nguyên.");
    expect(cancelled.at(-1)?.text).toContain("Bạn có biết tên người hoặc tập thể đó không?");
    const user = await a.db.user.findFirstOrThrow();
    expect(user.erasedAt).toBeNull();
    expect(await a.db.channelIdentity.count()).toBe(1);
    const draft = await a.db.draft.findFirstOrThrow();
    expect(draft).toMatchObject({ status: "ACTIVE", currentStepId: "subjectName" });
    // The request was consumed: a later "có" is not a confirmation.
    await chat.say("xóa dữ liệu");
    await chat.upload([{ bytes: PNG }]);
    expect((await chat.say("có"))[0]?.text).not.toContain("Đã xóa");
    expect((await a.db.user.findFirstOrThrow()).erasedAt).toBeNull();
    expect(await a.db.auditLog.count({ where: { action: "user.erased" } })).toBe(0);
  });

  it("in English, with no form open and nothing submitted", async () => {
    const a = await start();
    const chat = new MemoryChat(a.service, "en-user");
    await chat.say("language en");
    const explain = await chat.say("delete my data");
    expect(explain[0]?.text).toContain("Submitted dossiers (0)");
    expect(explain[0]?.text).not.toContain("unfinished form");
    // The command typed again explains again instead of cancelling.
    expect((await chat.say("/xoadulieu"))[0]?.text).toContain("Submitted dossiers (0)");
    const done = await chat.say("yes");
    expect(done[0]?.text).toBe("Your personal data has been erased. Thank you for using the assistant. If you write again, you will be treated as a new user.");
    expect(await a.db.channelIdentity.count()).toBe(0);
  });
});

describe.skipIf(!POSTGRES_URL)("xóa dữ liệu on PostgreSQL", () => {
  it("explains, erases after \"có\" and keeps the dossier pseudonymised", async () => {
    const { url, drop } = await createPostgresDatabase();
    drops.push(drop);
    await erasesAfterConfirmation(await start(url));
  });
});

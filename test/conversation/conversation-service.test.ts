import { cp, readFile, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import type { ChannelSender, OutgoingMessage } from "../../src/channels/channel-port.ts";
import type { Assistant } from "../../src/build-assistant.ts";
import { FLOWS_DIR } from "../../src/flows/load-flow.ts";
import { testAssistant, testClock } from "../support/test-assistant.ts";
import { POSTGRES_URL, createPostgresDatabase, tempDir } from "../support/test-databases.ts";
import { PNG } from "../support/test-images.ts";
import { GOOD_DEED_TO_PHOTOS } from "../support/good-deed-answers.ts";

const open: Assistant[] = [];
afterEach(async () => {
  for (const a of open.splice(0)) await a.close();
});
async function start(opts: Parameters<typeof testAssistant>[0] = {}) {
  const a = await testAssistant(opts);
  open.push(a);
  return a;
}



describe("durability", () => {
  it("a new service instance over the same SQLite file resumes the form at the same step with every answer", async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir });
    const chat1 = new MemoryChat(first.service, "person-1");
    for (const line of GOOD_DEED_TO_PHOTOS.slice(0, 6)) await chat1.say(line);
    const before = await first.db.draft.findFirstOrThrow();
    expect(before.currentStepId).toBe("story");
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = await start({ dataDir });
    const chat2 = new MemoryChat(second.service, "person-1");
    const resumed = await chat2.say("/start");
    expect(resumed[0]?.text).toContain("đang điền dở");
    expect(resumed[1]?.text).toContain("kể ngắn gọn");
    const after = await second.db.draft.findFirstOrThrow();
    expect(after.id).toBe(before.id);
    expect(after.answers).toEqual(before.answers);
    expect(after.answers).toMatchObject({ subjectKind: "CA_NHAN", subjectName: "Đặng Văn Hùng", subjectPhone: null, category: "CUU_NGUOI" });
    for (const line of GOOD_DEED_TO_PHOTOS.slice(6)) await chat2.say(line);
    expect((await second.db.draft.findFirstOrThrow()).currentStepId).toBe("photos");
  });

  it("applies a re-delivered message once", async () => {
    const a = await start();
    const chat = new MemoryChat(a.service, "person-2");
    await chat.say("/baotin");
    const first = await chat.send({ text: "đồng ý", messageId: "tg-1001" });
    expect(first.length).toBeGreaterThan(0);
    const again = await chat.send({ text: "đồng ý", messageId: "tg-1001" });
    expect(again).toEqual([]);
    const draft = await a.db.draft.findFirstOrThrow();
    expect(draft.currentStepId).toBe("subjectKind");
    expect(await a.db.processedMessage.count({ where: { messageId: "tg-1001" } })).toBe(1);
  });

  it("forgets applied messages after a week, and refuses a repeat until then", async () => {
    const a = await start();
    const chat = new MemoryChat(a.service, "person-4");
    await chat.send({ text: "/baotin", messageId: "tg-2001" });
    a.clock.advance(6 * 86_400_000);
    await chat.send({ text: "đồng ý", messageId: "tg-2002" });
    expect(await a.service.forgetOldMessages()).toBe(0);
    expect(await chat.send({ text: "/baotin", messageId: "tg-2001" })).toEqual([]);
    a.clock.advance(2 * 86_400_000);
    expect(await a.service.forgetOldMessages()).toBe(1);
    expect(await a.db.processedMessage.findMany({ select: { messageId: true } })).toEqual([{ messageId: "tg-2002" }]);
  });

  it("processes two messages of one chat one after the other, in order", async () => {
    const a = await start();
    const chat = new MemoryChat(a.service, "person-3");
    await chat.say("/baotin");
    await Promise.all([chat.say("đồng ý"), chat.say("mot nguoi"), chat.say("Đặng Văn Hùng")]);
    const draft = await a.db.draft.findFirstOrThrow();
    expect(draft.answers).toMatchObject({ subjectKind: "CA_NHAN", subjectName: "Đặng Văn Hùng" });
    expect(draft.currentStepId).toBe("subjectPhone");
  });

  it("serves different chats concurrently on SQLite without losing a write", async () => {
    const a = await start();
    const chats = Array.from({ length: 6 }, (_, i) => new MemoryChat(a.service, `crowd-${i}`));
    await Promise.all(chats.map(async (c) => {
      for (const line of ["/baotin", "đồng ý", "mot nguoi"]) await c.say(line);
    }));
    const drafts = await a.db.draft.findMany();
    expect(drafts).toHaveLength(6);
    for (const d of drafts) expect(d.currentStepId).toBe("subjectName");
  });
});

describe("flow revisions", () => {
  async function flowsCopy(): Promise<string> {
    const dir = tempDir("tdkt-flows-");
    await cp(FLOWS_DIR, dir, { recursive: true });
    return dir;
  }

  it("keeps an open draft on the revision it started on, and new drafts on the new one", async () => {
    const dataDir = tempDir();
    const flowsDir = await flowsCopy();
    const v1 = await start({ dataDir, flowsDir });
    const chat = new MemoryChat(v1.service, "pinned");
    for (const line of GOOD_DEED_TO_PHOTOS.slice(0, 4)) await chat.say(line);
    await v1.close();
    open.splice(open.indexOf(v1), 1);

    // The next revision rewords the story question.
    const file = `${flowsDir}/good-deed-report.yaml`;
    let text = await readFile(file, "utf8");
    const revision = Number(/^revision: (\d+)$/m.exec(text)?.[1]);
    text = text.replace(/^revision: \d+$/m, `revision: ${revision + 1}`).replace(/(id: story[\s\S]*?prompt:\s*\n\s*vi: )"[^"]*"/, '$1"Câu hỏi mới của phiên bản 2"');
    await writeFile(file, text);
    const v2 = await start({ dataDir, flowsDir });
    const old = new MemoryChat(v2.service, "pinned");
    await old.say("bỏ qua");
    const story = await old.say("cuu nguoi");
    expect(story.at(-1)?.text).not.toContain("Câu hỏi mới của phiên bản 2");
    const pinned = await v2.db.draft.findFirstOrThrow({ where: { chatKey: "memory:pinned" } });
    expect(pinned.flowRevision).toBe(revision);

    const fresh = new MemoryChat(v2.service, "fresh");
    for (const line of GOOD_DEED_TO_PHOTOS.slice(0, 6)) await fresh.say(line);
    const reply = await fresh.say("ignored?");
    void reply;
    const newDraft = await v2.db.draft.findFirstOrThrow({ where: { chatKey: "memory:fresh" } });
    expect(newDraft.flowRevision).toBe(revision + 1);
    expect(fresh.transcript.some((l) => l.text.includes("Câu hỏi mới của phiên bản 2"))).toBe(true);
  });

  it("refuses to start when a published revision's content changed without a new revision number", async () => {
    const dataDir = tempDir();
    const flowsDir = await flowsCopy();
    const first = await start({ dataDir, flowsDir });
    await first.close();
    open.splice(open.indexOf(first), 1);
    const file = `${flowsDir}/good-deed-report.yaml`;
    await writeFile(file, (await readFile(file, "utf8")).replace('vi: "Báo gương người tốt, việc tốt"', 'vi: "Báo gương người tốt"'));
    await expect(testAssistant({ dataDir, flowsDir })).rejects.toThrow(/bump "revision"/);
  });
});

describe("files", () => {
  it("stores a photo by its sha256, links it to the report and lists it in the dossier", async () => {
    const a = await start();
    const chat = new MemoryChat(a.service, "photographer");
    for (const line of GOOD_DEED_TO_PHOTOS) await chat.say(line);
    const ack = await chat.upload([{ bytes: PNG, fileName: "cuu-nguoi.png" }]);
    expect(ack[0]?.text).toContain("Đã nhận 1 tệp");
    const rejected = await chat.upload([{ bytes: new TextEncoder().encode("not an image"), fileName: "fake.jpg" }]);
    expect(rejected[0]?.text).toContain("không đúng định dạng");
    for (const line of ["xong", "có", "1", "gửi"]) await chat.say(line);

    // What is stored is the re-encoded image (metadata stripped): its hash and size are the stored bytes'.
    const attachment = await a.db.attachment.findFirstOrThrow();
    const stored = await readFile(a.files.pathOf(attachment.storageKey));
    const sha = createHash("sha256").update(stored).digest("hex");
    const report = await a.db.goodDeedReport.findFirstOrThrow();
    expect(attachment).toMatchObject({ sha256: sha, mime: "image/png", size: stored.byteLength, fileName: "cuu-nguoi.png", goodDeedReportId: report.id });
    expect((await sharp(stored).metadata()).format).toBe("png");
    const dossier = await a.db.dossier.findFirstOrThrow();
    expect(dossier.payload).toMatchObject({ attachments: [{ sha256: sha, mime: "image/png", fileName: "cuu-nguoi.png" }] });
  });

  it("refuses a file over the size cap and a file sent when no form is open", async () => {
    const a = await start({ env: { MAX_UPLOAD_MB: "0.001" } });
    const chat = new MemoryChat(a.service, "uploader");
    const none = await chat.upload([{ bytes: PNG }]);
    expect(none[0]?.text).toContain("chưa mở biểu mẫu");
    for (const line of GOOD_DEED_TO_PHOTOS) await chat.say(line);
    const big = await chat.upload([{ bytes: new Uint8Array(2048).fill(0xff) }]);
    expect(big[0]?.text).toContain("Tệp quá lớn");
    expect(await a.db.attachment.count()).toBe(0);
  });
});

describe("reminders", () => {
  class RecordingSender implements ChannelSender {
    readonly channel = "memory" as const;
    readonly sent: Array<{ chatId: string; messages: readonly OutgoingMessage[] }> = [];
    async send(chatId: string, messages: readonly OutgoingMessage[]): Promise<void> {
      this.sent.push({ chatId, messages });
    }
  }

  it("reminds an idle draft once and keeps it", async () => {
    const clock = testClock();
    const a = await start({ clock });
    const chat = new MemoryChat(a.service, "idle");
    await chat.say("/baotin");
    await chat.say("đồng ý");
    const sender = new RecordingSender();
    const senders = new Map([["memory", sender]]);
    clock.advance(23 * 3_600_000);
    expect(await a.service.remindIdleDrafts(senders)).toBe(0);
    clock.advance(2 * 3_600_000);
    expect(await a.service.remindIdleDrafts(senders)).toBe(1);
    expect(sender.sent[0]?.chatId).toBe("idle");
    expect(sender.sent[0]?.messages[0]?.text).toContain("còn đang điền dở");
    expect(sender.sent[0]?.messages[1]?.text).toContain("một người hay một tập thể");
    clock.advance(48 * 3_600_000);
    expect(await a.service.remindIdleDrafts(senders)).toBe(0);
    expect((await a.db.draft.findFirstOrThrow()).status).toBe("ACTIVE");
    // Answering again makes the draft eligible for a new reminder later.
    await chat.say("mot nguoi");
    clock.advance(25 * 3_600_000);
    expect(await a.service.remindIdleDrafts(senders)).toBe(1);
  });
});

describe("language and status", () => {
  it("switches to English mid-form and back, keeping the answers", async () => {
    const a = await start();
    const chat = new MemoryChat(a.service, "bilingual");
    await chat.say("/baotin");
    await chat.say("đồng ý");
    const en = await chat.say("language en");
    expect(en[0]?.text).toBe("Switched to English.");
    expect(en[1]?.text).toContain("one person or by a group");
    await chat.say("one person");
    const vi = await chat.say("ngôn ngữ vi");
    expect(vi[0]?.text).toBe("Đã chuyển sang tiếng Việt.");
    expect((await a.db.draft.findFirstOrThrow()).answers).toMatchObject({ subjectKind: "CA_NHAN" });
    expect((await a.db.user.findFirstOrThrow()).locale).toBe("vi");
  });

  it("answers status with nothing sent yet, and for an unknown code", async () => {
    const a = await start();
    const chat = new MemoryChat(a.service, "curious");
    expect((await chat.say("trạng thái"))[0]?.text).toBe("Anh/chị chưa gửi hồ sơ nào."); // an officer (trusted local channel)
    expect((await chat.say("tra cứu TDKT-2026-000999"))[0]?.text).toContain("Không tìm thấy hồ sơ TDKT-2026-000999");
  });
});

describe.skipIf(!POSTGRES_URL)("the conversation on PostgreSQL", () => {
  it("completes a good-deed report and queues its dossier", async () => {
    const { url, drop } = await createPostgresDatabase();
    try {
      const a = await start({ databaseUrl: url });
      const chat = new MemoryChat(a.service, "pg-citizen");
      for (const line of [...GOOD_DEED_TO_PHOTOS, "xong", "có", "1"]) await chat.say(line);
      const done = await chat.say("gửi");
      expect(done[0]?.text).toContain("TDKT-2026-000001");
      expect(await a.db.outboxJob.count({ where: { kind: "forward-dossier", status: "PENDING" } })).toBe(1);
      expect((await a.db.goodDeedReport.findFirstOrThrow()).unitId).toBe("thanh-hoa/ha-trung/tk-2");
      // A second instance on the same database resumes nothing and codes continue.
      const again = new MemoryChat(a.service, "pg-citizen-2");
      for (const line of [...GOOD_DEED_TO_PHOTOS, "xong", "có", "1"]) await again.say(line);
      expect((await again.say("gửi"))[0]?.text).toContain("TDKT-2026-000002");
    } finally {
      for (const a of open.splice(0)) await a.close();
      await drop();
    }
  });
});


/**
 * Hostile text at the boundary: a story with a NUL, a lone surrogate and a right-to-left override,
 * a file name with a path and controls, a sender name with a bidi override. Before the normaliser
 * PostgreSQL refused the draft (a permanent "system error" for the person).
 */
async function hostileReport(a: Assistant): Promise<void> {
  const chat = new MemoryChat(a.service, "hostile");
  const first = await a.service.handle({ channel: "memory", chatId: "hostile", senderId: "hostile", messageId: "h-0\u0000", text: "/baotin", senderName: "Kẻ\u202E xấu\u0000" });
  expect(first[0]?.text).not.toContain("hệ thống đang gặp sự cố");
  const story = "Chiều 20/11, anh Hùng\u0000 đã nhảy\uD800 xuống sông \u202EHoạt cứu hai em học sinh.\r\nThật.";
  for (const line of [...GOOD_DEED_TO_PHOTOS.slice(1, 6), story, ...GOOD_DEED_TO_PHOTOS.slice(7)]) {
    const replies = await chat.say(line);
    expect(replies.map((r) => r.text).join("\n")).not.toContain("hệ thống đang gặp sự cố");
  }
  const ack = await chat.upload([{ bytes: PNG, fileName: "..\\..\\cứu\u0000 người\u202Egnp.png" }]);
  expect(ack[0]?.text).toContain("Đã nhận 1 tệp");
  for (const line of ["xong", "có", "1"]) await chat.say(line);
  expect((await chat.say("gửi"))[0]?.text).toContain("TDKT-2026-");

  const report = await a.db.goodDeedReport.findFirstOrThrow();
  expect(report.story).toBe("Chiều 20/11, anh Hùng đã nhảy xuống sông Hoạt cứu hai em học sinh. Thật.");
  expect((await a.db.attachment.findFirstOrThrow()).fileName).toBe("cứu ngườignp.png");
  expect((await a.db.user.findFirstOrThrow({ where: { identities: { some: { externalId: "hostile" } } } })).fullName).toBe("Kẻ xấu");
  expect(await a.db.outboxJob.count({ where: { kind: "forward-dossier", status: "PENDING" } })).toBe(1);
}

describe("text at the boundary", () => {
  it("normalises a story with NUL, a lone surrogate and a bidi override, a hostile file name and sender name (SQLite)", async () => {
    await hostileReport(await start());
  });

  it.skipIf(!POSTGRES_URL)("normalises a story with NUL, a lone surrogate and a bidi override, a hostile file name and sender name (PostgreSQL)", async () => {
    const { url, drop } = await createPostgresDatabase();
    try {
      await hostileReport(await start({ databaseUrl: url }));
    } finally {
      for (const a of open.splice(0)) await a.close();
      await drop();
    }
  });
});

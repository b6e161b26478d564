/**
 * The Zalo Bot Platform channel end to end: the adapter pointed at a fake Bot API server on
 * 127.0.0.1, the real conversation service on a real migrated SQLite file.
 */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { ZaloBotChannel } from "../../../src/channels/zalo-bot/zalo-bot-channel.ts";
import { createLogger } from "../../../src/log.ts";
import { FakeZaloBot } from "../../support/fake-zalo-bot.ts";
import { testAssistant } from "../../support/test-assistant.ts";
import { tempDir } from "../../support/test-databases.ts";
import { JPEG } from "../../support/test-images.ts";
import { readFile } from "node:fs/promises";
import { DocumentLinks } from "../../../src/documents/document-links.ts";
import { documentFiles } from "../../../src/documents/document-files.ts";

const CHAT = "e4ea2cd5189df1c3a88c";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface SetupOptions {
  dataDir?: string;
  fake?: FakeZaloBot;
  sendIntervalMs?: number;
  poll?: boolean;
  maxFileBytes?: number;
  fetch?: typeof fetch;
  logLines?: string[];
  env?: Record<string, string>;
  /** Sign document links with this. */
  links?: DocumentLinks;
}

async function setup(opts: SetupOptions = {}) {
  const fake = opts.fake ?? (await FakeZaloBot.start());
  if (!opts.fake) cleanups.push(() => fake.close());
  const assistant = await testAssistant({ trustedChannels: ["zalo-bot"], ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), ...(opts.env ? { env: opts.env } : {}) });
  const lines = opts.logLines;
  const log = lines
    ? createLogger({ level: "debug", pretty: false, destination: { write: (line: string) => void lines.push(line) } })
    : createLogger({ level: "silent", pretty: false });
  const channel = new ZaloBotChannel({
    token: fake.token,
    baseUrl: fake.baseUrl,
    handler: assistant.service,
    i18n: assistant.i18n,
    log,
    maxFileBytes: opts.maxFileBytes ?? 5 * 1024 * 1024,
    sendIntervalMs: opts.sendIntervalMs ?? 0,
    pollTimeoutSeconds: 1,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.links ? { documents: documentFiles(assistant.documents, opts.links, 86_400_000) } : {}),
  });
  if (opts.poll !== false) channel.startPolling();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await channel.stop();
    await assistant.close();
  };
  cleanups.push(stop);

  /** Waits until the update was handled by polling and every reply it caused was sent. */
  const settle = async (messageId: string) => {
    await fake.waitForHandled(messageId);
    await channel.idle();
  };
  const say = (text: string) => settle(fake.sendText(CHAT, text));
  const texts = () => fake.textsTo(CHAT);
  const lastText = () => texts().at(-1) ?? "";
  return { fake, assistant, channel, settle, say, texts, lastText, stop };
}

describe("Zalo Bot channel", () => {
  it("sends a dossier's papers as signed download links, one line per document, since the platform has no file message", async () => {
    const links = new DocumentLinks({ key: new Uint8Array(32).fill(3), baseUrl: "https://tdkt.example.gov.vn/" });
    const { say, texts, lastText } = await setup({ links });
    for (const line of ["/dexuat", "binh xet cuoi nam", "bỏ qua", "nong dan", "lao dong tien tien", "2026", "hoan thanh tot", "Nguyễn Thị Hoa", "nu", "05/03/1985", "bỏ qua",
      "Trưởng thôn Tân Lập", "thon tan lap, ha trung", "Năm 2026 vận động 45 hộ hiến đất làm đường, thôn đạt chuẩn văn hóa, thu gom rác thải đạt 100%.", "khong", "bỏ qua", "bỏ qua", "đồng ý", "gửi"]) {
      await say(line);
    }
    // No buttons here: the buttons' labels are shown as words to type.
    expect(texts().find((t) => t.includes("Mã hồ sơ: TDKT-2026-000001"))).toContain("[ Tải hồ sơ (Word) | Thêm người nữa ]");
    await say("Tải hồ sơ (Word)");
    expect(texts().at(-2)).toContain("Hồ sơ TDKT-2026-000001 gồm 3 tài liệu:");
    const lines = lastText().split("\n");
    expect(lines).toHaveLength(3);
    const names = ["bao-cao-thanh-tich", "to-trinh", "bien-ban-hop-hoi-dong"];
    lines.forEach((line, i) => {
      const m = /^📄 (TDKT-2026-000001-[a-z-]+\.docx): https:\/\/tdkt\.example\.gov\.vn\/documents\/([^?]+)\?e=(\d+)&s=([\w-]+)$/.exec(line);
      expect(m?.[1], line).toBe(`TDKT-2026-000001-${names[i]}.docx`);
      expect(links.verify(decodeURIComponent(m![2]!), m![3], m![4])).toBe(true);
    });
  }, 30_000);

  it("runs a whole good-deed report: numbers for choices, answers without diacritics, a picture with a caption", async () => {
    const { fake, assistant, say, settle, texts, lastText } = await setup();
    await say("xin chao");
    expect(lastText()).toContain("muốn làm gì?");
    expect(lastText()).toContain("\n1. Báo gương người tốt, việc tốt\n2. Đề nghị khen thưởng cá nhân");
    // A "typing" action went out before the first reply.
    const firstAction = fake.calls.findIndex((c) => c.method === "sendChatAction");
    expect(fake.calls[firstAction]?.params).toEqual({ chat_id: CHAT, action: "typing" });
    expect(firstAction).toBeLessThan(fake.calls.findIndex((c) => c.method === "sendMessage"));

    await say("1");
    expect(lastText()).toContain("Trước khi bắt đầu");
    expect(lastText()).toContain("1. Đồng ý\n2. Không đồng ý");
    await say("1"); // consent, by number
    expect(lastText()).toContain("một người hay một tập thể");
    await say("1"); // Một người
    await say("Dang Van Hung");
    await say("bo qua"); // no phone
    await say("cuu nguoi"); // the category, typed without diacritics
    expect(lastText()).toContain("kể ngắn gọn việc làm tốt");
    await say("Anh Hùng cứu hai em học sinh bị đuối nước trên sông Hoạt.");
    await say("20/11/2026");
    await say("tk2, ha trung");
    expect(lastText()).toContain("Nếu có ảnh");

    const url = fake.addImage(JPEG, { fileName: "anh-cuu-nguoi.jpg" });
    await settle(fake.sendImage(CHAT, url, { caption: "Ảnh anh Hùng" }));
    expect(lastText()).toContain("Đã nhận 1 tệp");
    expect(lastText()).toContain("1. Xong");
    await say("1"); // Xong, by number
    expect(lastText()).toContain("ẩn danh");
    await say("2"); // not anonymous, by number
    await say("Lê Thị Mai");
    await say("0912 345 678");
    await say("2"); // Chưa hỏi
    expect(lastText()).toContain("Vui lòng kiểm tra lại");
    expect(lastText()).toContain("[ Gửi | Hủy ]");
    // In the summary a number picks an answer to edit; it is not the first keyword ("Gửi").
    await say("1");
    expect(lastText()).toContain("một người hay một tập thể");
    expect(await assistant.db.dossier.count()).toBe(0);
    await say("1");
    expect(lastText()).toContain("[ Gửi | Hủy ]");
    await say("gui");
    const done = texts().find((t) => /Mã (?:hồ sơ|tin báo)/.test(t));
    expect(done).toMatch(/Mã (?:hồ sơ|tin báo): TDKT-2026-\d{6}/);

    const report = await assistant.db.goodDeedReport.findFirstOrThrow({ include: { attachments: true, dossier: true } });
    expect(report).toMatchObject({ subjectName: "Dang Van Hung", category: "CUU_NGUOI" });
    expect(report.dossier?.code).toMatch(/^TDKT-2026-\d{6}$/);
    expect(report.attachments).toHaveLength(1);
    // The stored photo is the re-encoded one (metadata stripped): size and hash are of those bytes.
    const stored = await readFile(assistant.files.pathOf(report.attachments[0]!.storageKey));
    expect(report.attachments[0]).toMatchObject({
      mime: "image/jpeg",
      size: stored.byteLength,
      sha256: createHash("sha256").update(stored).digest("hex"),
      fileName: "anh-cuu-nguoi.jpg",
      goodDeedReportId: report.id,
    });
    expect(await assistant.db.channelIdentity.findFirstOrThrow()).toMatchObject({ channel: "zalo-bot", externalId: CHAT, displayName: "Lan" });
    for (const m of fake.calls.filter((c) => c.method === "sendMessage")) expect(m.params.chat_id).toBe(CHAT);
  });

  it("continues the same person's draft after a restart", async () => {
    const dataDir = tempDir();
    const fake = await FakeZaloBot.start();
    cleanups.push(() => fake.close());
    const first = await setup({ dataDir, fake });
    await first.say("/baotin");
    await first.say("1");
    await first.say("1");
    await first.say("Đặng Văn Hùng");
    expect(first.lastText()).toContain("số điện thoại của người đó");
    await first.stop();

    const second = await setup({ dataDir, fake });
    await second.say("bỏ qua");
    expect(second.lastText()).toContain("thuộc loại nào");
    await second.say("1"); // numbers work again once the new process has asked a question
    expect(second.lastText()).toContain("kể ngắn gọn");
    expect((await second.assistant.db.draft.findFirstOrThrow()).answers).toMatchObject({ subjectName: "Đặng Văn Hùng", subjectPhone: null, category: "CUU_NGUOI" });
    expect(await second.assistant.db.user.count()).toBe(1);
  });

  it("answers a sticker and an unsupported message politely and stores nothing", async () => {
    const { fake, assistant, settle, texts } = await setup();
    await settle(fake.sendSticker(CHAT));
    await settle(fake.sendUnsupported(CHAT));
    expect(texts()).toEqual([
      "Xin lỗi, tôi chưa đọc được loại tin nhắn này. Vui lòng gửi chữ hoặc ảnh.",
      "Xin lỗi, tôi chưa đọc được loại tin nhắn này. Vui lòng gửi chữ hoặc ảnh.",
    ]);
    expect(await assistant.db.user.count()).toBe(0);
    expect(await assistant.db.processedMessage.count()).toBe(0);
  });

  it("splits a reply longer than 2,500 characters into messages of at most 2,000", async () => {
    const { fake, channel } = await setup({ poll: false });
    const long = Array.from({ length: 60 }, (_, i) => `${i + 1}. Gương người tốt, việc tốt số ${i + 1} ở thôn Tân Lập.`).join("\n");
    expect(long.length).toBeGreaterThan(2500);
    await channel.send(CHAT, [{ text: long }]);
    const sends = fake.calls.filter((c) => c.method === "sendMessage");
    expect(sends).toHaveLength(2);
    for (const s of sends) expect((s.params.text as string).length).toBeLessThanOrEqual(2000);
    expect(fake.textsTo(CHAT).join("\n")).toBe(long);
  });

  it("applies an update delivered twice once", async () => {
    const { fake, assistant, settle, texts } = await setup();
    const update = fake.textUpdate(CHAT, "/baotin");
    fake.pushUpdate(update);
    await settle(update.message.message_id);
    const sent = texts().length;
    fake.pushUpdate(update);
    await settle(update.message.message_id);
    expect(texts().length).toBe(sent);
    expect(await assistant.db.draft.count()).toBe(1);
    expect(await assistant.db.processedMessage.count({ where: { messageId: `z${update.message.message_id}` } })).toBe(1);
  });

  it("reads getUpdates answers that carry an array of updates, each chat in order", async () => {
    const { fake, assistant, channel } = await setup({ poll: false });
    fake.resultShape = "array";
    const other = "aa00bb11cc22dd33ee44";
    fake.sendText(CHAT, "/baotin");
    const last = fake.sendText(CHAT, "1");
    fake.sendText(other, "/baotin");
    channel.startPolling();
    await fake.waitForHandled(last);
    await channel.idle();
    expect(fake.calls.filter((c) => c.method === "getUpdates" && !c.failed).length).toBeGreaterThanOrEqual(2);
    const drafts = await assistant.db.draft.findMany({ orderBy: { chatKey: "asc" } });
    expect(drafts.map((d) => [d.chatKey, d.currentStepId])).toEqual([
      [`zalo-bot:${other}`, "consent"],
      [`zalo-bot:${CHAT}`, "subjectKind"],
    ]);
  });

  it("refuses a picture over the size limit without reading past it", async () => {
    // Counts the picture bytes the channel actually reads from each response.
    const read: number[] = [];
    const counting: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input).includes("/images/") || !res.body) return res;
      const index = read.push(0) - 1;
      const reader = res.body.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          read[index]! += value.byteLength;
          controller.enqueue(value);
        },
        cancel: (reason) => reader.cancel(reason),
      }, { highWaterMark: 0 });
      return new Response(body, { status: res.status, headers: res.headers });
    };
    const limit = 256 * 1024;
    const { fake, assistant, settle, texts } = await setup({ maxFileBytes: limit, env: { MAX_UPLOAD_MB: "0.25" }, fetch: counting });
    const big = new Uint8Array(4 * 1024 * 1024);
    big.set(JPEG.subarray(0, 4));
    // Announced by content-length; then only found out while reading.
    await settle(fake.sendImage(CHAT, fake.addImage(big)));
    await settle(fake.sendImage(CHAT, fake.addImage(big, { chunked: true })));
    expect(texts().filter((t) => t.startsWith("Tệp quá lớn"))).toHaveLength(2);
    expect(read).toHaveLength(2);
    expect(read[0]).toBe(0);
    expect(read[1]).toBeGreaterThan(limit);
    expect(read[1]).toBeLessThan(limit + 256 * 1024);
    expect(await assistant.db.attachment.count()).toBe(0);
    expect(await assistant.db.processedMessage.count()).toBe(2);
  });

  it("asks for a picture again when it cannot be downloaded, and stores nothing", async () => {
    const { fake, assistant, settle, lastText } = await setup();
    const id = fake.sendImage(CHAT, fake.addImage(JPEG, { status: 404 }));
    await settle(id);
    expect(lastText()).toBe("Xin lỗi, tôi chưa tải được ảnh bạn vừa gửi. Vui lòng gửi lại ảnh đó.");
    expect(fake.downloads).toHaveLength(1);
    expect(await assistant.db.processedMessage.count()).toBe(0);
  });

  it("backs off after a failed poll, keeps going, and never logs the token", async () => {
    const logLines: string[] = [];
    const fake = await FakeZaloBot.start();
    cleanups.push(() => fake.close());
    let failedAt = 0;
    // The first poll cannot reach Zalo; the error text names the URL, token included.
    const flaky: typeof fetch = async (input, init) => {
      const url = String(input);
      if (failedAt === 0 && url.endsWith("/getUpdates")) {
        failedAt = Date.now();
        throw new TypeError("fetch failed", { cause: new Error(`connect ECONNREFUSED ${url}`) });
      }
      return fetch(input, init);
    };
    const { settle, lastText } = await setup({ fake, fetch: flaky, logLines });
    fake.failNext("sendMessage", { error_code: 500, description: `Internal error for bot${fake.token}` });
    await settle(fake.sendText(CHAT, "xin chao"));
    expect(lastText()).toContain("muốn làm gì?"); // the failed send was retried
    const firstPoll = fake.calls.find((c) => c.method === "getUpdates")!;
    expect(firstPoll.at - failedAt).toBeGreaterThanOrEqual(450);
    const log = logLines.join("");
    expect(log).toContain("getUpdates failed");
    expect(log).toContain("ECONNREFUSED");
    expect(log).toContain("[token]");
    expect(log).toContain("will retry");
    expect(log).not.toContain(fake.token);
    expect(log).not.toContain(fake.token.split(":")[1]);
  });

  it("stops gracefully: polling ends and queued replies are flushed", async () => {
    const { fake, stop, texts } = await setup({ sendIntervalMs: 200 });
    fake.sendText(CHAT, "/baotin");
    await fake.waitForCalls((calls) => calls.some((c) => c.method === "sendMessage"));
    await stop();
    expect(texts()).toHaveLength(2); // the intro and the consent question
    const polls = fake.calls.filter((c) => c.method === "getUpdates").length;
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.calls.filter((c) => c.method === "getUpdates").length).toBe(polls);
  });
});

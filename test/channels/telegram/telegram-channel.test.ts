/**
 * The Telegram channel end to end: grammY pointed at a fake Bot API server on 127.0.0.1, the real
 * conversation service on a real migrated SQLite file.
 */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { TelegramChannel } from "../../../src/channels/telegram/telegram-channel.ts";
import { mountTelegramWebhook } from "../../../src/channels/telegram/telegram-webhook.ts";
import { createLogger } from "../../../src/log.ts";
import { FakeTelegram } from "../../support/fake-telegram.ts";
import { testAssistant } from "../../support/test-assistant.ts";
import { tempDir } from "../../support/test-databases.ts";
import { documentFiles } from "../../../src/documents/document-files.ts";
import { DocumentLinks } from "../../../src/documents/document-links.ts";
import { DOCX_MEDIA_TYPE } from "../../../src/documents/dossier-documents.ts";
import { JPEG, PNG } from "../../support/test-images.ts";

const CHAT = 777000111222; // beyond 2^31, as real Telegram ids are
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(opts: { dataDir?: string; fake?: FakeTelegram; sendIntervalMs?: number; poll?: boolean; documents?: boolean } = {}) {
  const fake = opts.fake ?? (await FakeTelegram.start());
  if (!opts.fake) cleanups.push(() => fake.close());
  const assistant = await testAssistant({ trustedChannels: ["telegram"], ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) });
  const channel = new TelegramChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    handler: assistant.service,
    i18n: assistant.i18n,
    log: createLogger({ level: "silent", pretty: false }),
    maxFileBytes: 5 * 1024 * 1024,
    sendIntervalMs: opts.sendIntervalMs ?? 0,
    botInfo: fake.botInfo,
    pollTimeoutSeconds: 1,
    ...(opts.documents ? { documents: documentFiles(assistant.documents, new DocumentLinks({ key: new Uint8Array(32).fill(7), baseUrl: "http://127.0.0.1:9" }), 60_000) } : {}),
  });
  await channel.init();
  if (opts.poll !== false) channel.startPolling();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await channel.stop();
    await assistant.close();
  };
  cleanups.push(stop);

  /** Waits until the update was confirmed by polling and every reply it caused was sent. */
  const settle = async (updateId: number) => {
    await fake.waitForCalls(() => fake.confirmedOffset > updateId, 10_000);
    await channel.idle();
  };
  const say = async (text: string) => settle(fake.sendText(CHAT, text));
  /** Presses the button with this label on the bot's last message that has a keyboard. */
  const press = async (label: string) => {
    const withKeyboard = fake.messagesTo(CHAT).filter((m) => m.reply_markup?.inline_keyboard).at(-1);
    const button = withKeyboard?.reply_markup.inline_keyboard.flat().find((b: { text: string }) => b.text === label);
    if (!withKeyboard || !button) throw new Error(`no button "${label}" in: ${JSON.stringify(withKeyboard?.reply_markup)}`);
    await settle(fake.pressButton(CHAT, withKeyboard.message_id, button.callback_data));
    return withKeyboard.message_id;
  };
  const lastText = () => fake.lastMessageTo(CHAT)?.text ?? "";
  return { fake, assistant, channel, say, press, settle, lastText, stop };
}

describe("Telegram channel", () => {
  it("uploads a dossier's papers with sendDocument when the officer presses “Tải hồ sơ (Word)” under the confirmation", async () => {
    const { fake, say, settle, channel, assistant } = await setup({ documents: true });
    for (const line of ["/dexuat", "binh xet cuoi nam", "bỏ qua", "nong dan", "lao dong tien tien", "2026", "hoan thanh tot", "Nguyễn Thị Hoa", "nu", "05/03/1985", "bỏ qua",
      "Trưởng thôn Tân Lập", "thon tan lap, ha trung", "Năm 2026 vận động 45 hộ hiến đất làm đường, thôn đạt chuẩn văn hóa, thu gom rác thải đạt 100%.", "khong", "bỏ qua", "bỏ qua", "đồng ý", "gửi"]) {
      await say(line);
    }
    const confirmation = fake.messagesTo(CHAT).find((m) => m.text.includes("Mã hồ sơ: TDKT-2026-000001"));
    const button = confirmation?.reply_markup?.inline_keyboard.flat()[0];
    expect(button?.text).toBe("Tải hồ sơ (Word)");
    expect(fake.documents).toHaveLength(0);
    await settle(fake.pressButton(CHAT, confirmation!.message_id, button.callback_data));
    await channel.idle();
    expect(fake.lastMessageTo(CHAT)?.text).toContain("Hồ sơ TDKT-2026-000001 gồm 3 tài liệu:");
    expect(fake.documents.map((d) => d.fileName)).toEqual(["TDKT-2026-000001-bao-cao-thanh-tich.docx", "TDKT-2026-000001-to-trinh.docx", "TDKT-2026-000001-bien-ban-hop-hoi-dong.docx"]);
    for (const d of fake.documents) {
      expect(d.chatId).toBe(CHAT);
      // A DOCX is a zip: it starts with "PK\x03\x04".
      expect([...d.bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    }
    // The bytes are the stored version's, not a fresh rendering.
    const stored = await assistant.db.dossierDocument.findMany({ where: { mediaType: DOCX_MEDIA_TYPE }, orderBy: { createdAt: "asc" } });
    expect(fake.documents.map((d) => d.bytes.byteLength).sort()).toEqual(stored.map((d) => d.size).sort());
  }, 30_000);

  it("registers commands in vi and en and polls only the updates it handles", async () => {
    const { fake } = await setup();
    await fake.waitForCalls((calls) => calls.some((c) => c.method === "getUpdates"));
    expect(fake.commands.get("vi")?.map((c) => c.command)).toContain("dexuat");
    expect(fake.commands.get("vi")?.find((c) => c.command === "baotin")?.description).toBe("Báo gương người tốt, việc tốt");
    expect(fake.commands.get("en")?.find((c) => c.command === "baotin")?.description).toBe("Report a good deed");
    expect(fake.allowedUpdates).toEqual(["message", "callback_query"]);
  });

  it("runs a whole individual nomination with buttons, typed answers, a media group and a PDF", async () => {
    const { fake, assistant, say, press, settle, lastText } = await setup();
    await say("/start");
    expect(lastText()).toContain("muốn làm gì?");
    await press("Đề nghị khen thưởng cá nhân");
    const question = await press("Công trạng, thường xuyên (tổng kết năm)");
    // The pressed question shows the chosen answer and lost its keyboard; the press was acknowledged.
    const edited = fake.messagesTo(CHAT).find((m) => m.message_id === question)!;
    expect(edited.text).toContain("➡️ Công trạng, thường xuyên (tổng kết năm)");
    expect(edited.reply_markup?.inline_keyboard ?? []).toEqual([]);
    expect(fake.calls.filter((c) => c.method === "answerCallbackQuery").length).toBeGreaterThanOrEqual(2);

    await say("bỏ qua");
    await say("nong dan");
    await say("lao dong tien tien");
    expect(fake.messagesTo(CHAT).map((m) => m.text).join("\n")).toContain("Thẩm quyền quyết định");
    await say("2026");
    await press("Hoàn thành tốt nhiệm vụ");
    await say("Nguyễn Thị Hoa");
    await press("Nữ");
    await say("05/03/1985");
    await say("038185001234");
    await say("Trưởng thôn Tân Lập");
    await say("thon tan lap, ha trung");
    await say("Năm 2026 vận động 45 hộ hiến 1.200 m² đất làm đường giao thông nông thôn, thôn đạt chuẩn văn hóa.");
    await press("Không");
    await say("bỏ qua");
    expect(lastText()).toContain("minh chứng");

    const ids = fake.sendPhotos(CHAT, [{ bytes: PNG }, { bytes: JPEG }], { mediaGroupId: "album-1" });
    for (const id of ids) await settle(id);
    await settle(fake.sendDocument(CHAT, PDF, "bao-cao-thanh-tich.pdf", "application/pdf"));
    expect(lastText()).toContain("Đã nhận 3 tệp");
    await press("Xong");
    await press("Đồng ý");
    expect(lastText()).toContain("Vui lòng kiểm tra lại");
    await press("Gửi");
    const done = fake.messagesTo(CHAT).map((m) => m.text).find((t) => /Mã (?:hồ sơ|tin báo)/.test(t));
    expect(done).toMatch(/Mã (?:hồ sơ|tin báo): TDKT-2026-000001/);

    const nomination = await assistant.db.nomination.findFirstOrThrow({ include: { attachments: true } });
    expect(nomination).toMatchObject({ nomineeName: "Nguyễn Thị Hoa", gender: "NU", awardCode: "LAO_DONG_TIEN_TIEN", subjectCategory: "NONG_DAN", achievementType: "THUONG_XUYEN" });
    expect(nomination.attachments.map((a) => a.mime).sort()).toEqual(["application/pdf", "image/jpeg", "image/png"]);
    expect(nomination.attachments.find((a) => a.mime === "application/pdf")?.fileName).toBe("bao-cao-thanh-tich.pdf");
    expect(await assistant.db.outboxJob.count({ where: { kind: "forward-dossier" } })).toBe(1);
    const identity = await assistant.db.channelIdentity.findFirstOrThrow();
    expect(identity).toMatchObject({ channel: "telegram", externalId: String(CHAT) });
  });

  it("applies an update delivered twice once, also after a restart", async () => {
    // Re-delivery (a webhook retry, or the unconfirmed batch after a polling crash) reaches the
    // same entry point, handleUpdate, with the same update_id.
    const dataDir = tempDir();
    const fake = await FakeTelegram.start();
    cleanups.push(() => fake.close());
    const first = await setup({ dataDir, fake, poll: false });
    const update = (update_id: number, text: string): Update => ({
      update_id,
      message: { message_id: update_id, date: 1, chat: { id: CHAT, type: "private", first_name: "Lan" }, from: { id: CHAT, is_bot: false, first_name: "Lan" }, text },
    });
    await first.channel.handleUpdate(update(90000, "/baotin"));
    await first.channel.handleUpdate(update(90001, "đồng ý"));
    await first.channel.idle();
    const sentAfterFirst = fake.messagesTo(CHAT).length;
    await first.channel.handleUpdate(update(90001, "đồng ý"));
    await first.channel.idle();
    expect(fake.messagesTo(CHAT).length).toBe(sentAfterFirst);
    await first.stop();

    const second = await setup({ dataDir, fake, poll: false });
    await second.channel.handleUpdate(update(90001, "đồng ý"));
    await second.channel.idle();
    expect(fake.messagesTo(CHAT).length).toBe(sentAfterFirst);
    const draft = await second.assistant.db.draft.findFirstOrThrow();
    expect(draft.currentStepId).toBe("subjectKind");
    expect(await second.assistant.db.processedMessage.count({ where: { messageId: "u90001" } })).toBe(1);
  });

  it("continues a form from Telegram after the bot was killed mid-form", async () => {
    const dataDir = tempDir();
    const fake = await FakeTelegram.start();
    cleanups.push(() => fake.close());
    const first = await setup({ dataDir, fake });
    await first.say("/baotin");
    await first.press("Đồng ý");
    await first.press("Một người");
    await first.say("Đặng Văn Hùng");
    const asked = first.lastText();
    await first.stop();

    const second = await setup({ dataDir, fake });
    await second.say("/start");
    expect(second.lastText()).toBe(asked);
    await second.say("bỏ qua");
    expect(second.lastText()).toContain("thuộc loại nào");
    expect((await second.assistant.db.draft.findFirstOrThrow()).answers).toMatchObject({ subjectName: "Đặng Văn Hùng", subjectPhone: null });
  });

  it("refuses a forged or stale button politely and keeps the answer unchanged", async () => {
    const { fake, assistant, say, settle, lastText } = await setup();
    await say("/baotin");
    const consent = fake.messagesTo(CHAT).filter((m) => m.reply_markup?.inline_keyboard).at(-1)!;
    const yes = consent.reply_markup.inline_keyboard.flat()[0].callback_data as string;
    await settle(fake.pressButton(CHAT, consent.message_id, yes));
    // The same consent button again, now that the question is the subject kind: stale.
    await settle(fake.pressButton(CHAT, consent.message_id, yes));
    expect(fake.messagesTo(CHAT).map((m) => m.text).join("\n")).toContain("Nút này thuộc một câu hỏi trước");
    // A forged scope with a valid index.
    await settle(fake.pressButton(CHAT, consent.message_id, "ZZZZZZZZ:0"));
    expect(lastText()).toContain("một người hay một tập thể");
    const draft = await assistant.db.draft.findFirstOrThrow();
    expect(draft.currentStepId).toBe("subjectKind");
    expect(draft.answers).not.toHaveProperty("subjectKind");
  });

  it("obeys 429 retry_after: the reply arrives after the wait", async () => {
    const { fake, say } = await setup();
    fake.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    await say("/start");
    const sends = fake.calls.filter((c) => c.method === "sendMessage");
    expect(sends[0]?.failed).toBe(true);
    expect(sends[1]?.failed).toBeUndefined();
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(950);
    expect(fake.lastMessageTo(CHAT)?.text).toContain("muốn làm gì?");
  });

  it("keeps about one message per second to a chat for a burst of replies", async () => {
    const { fake, say } = await setup({ sendIntervalMs: 300 });
    await say("/baotin"); // intro + first question: two messages
    const sends = fake.calls.filter((c) => c.method === "sendMessage" && !c.failed);
    expect(sends.length).toBeGreaterThanOrEqual(2);
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(280);
  });

  it("opens a flow from a deep link and refuses an unknown invitation code", async () => {
    const { assistant, say, lastText, fake } = await setup();
    await say("/start INV-AB23-CD45-EF67-G");
    expect(fake.messagesTo(CHAT).map((m) => m.text).join("\n")).toContain("Mã mời không dùng được");
    await say("/start good-deed");
    expect(lastText()).toContain("Trước khi bắt đầu");
    expect((await assistant.db.draft.findFirstOrThrow()).flowId).toBe("good-deed-report");
  });

  it("in a group, answers a command with a link to a private chat and stores nothing", async () => {
    const { fake, assistant, settle } = await setup();
    const id = fake.sendText(-100123, "/dexuat@tdkt_test_bot", { chatType: "supergroup" });
    await settle(id);
    expect(fake.lastMessageTo(-100123)?.text).toContain("https://t.me/tdkt_test_bot");
    expect(await assistant.db.draft.count()).toBe(0);
    expect(await assistant.db.user.count()).toBe(0);
  });

  it("refuses a file Telegram announces as too large without downloading it", async () => {
    const { fake, assistant, say, press, settle, lastText } = await setup();
    await say("/baotin");
    await press("Đồng ý");
    for (const a of ["mot nguoi", "Đặng Văn Hùng", "bỏ qua", "cuu nguoi", "Anh Hùng cứu hai em học sinh bị đuối nước trên sông Hoạt.", "20/11/2026", "tk2, ha trung"]) await say(a);
    const big = fake.registerFile(PNG, { fileSize: 30 * 1024 * 1024 });
    const id = fake.pushUpdate({ message: { message_id: 900, date: 1, chat: { id: CHAT, type: "private", first_name: "Lan" }, from: { id: CHAT, is_bot: false, first_name: "Lan" },
      document: { file_id: big, file_unique_id: "big", file_name: "video.mp4", file_size: 30 * 1024 * 1024 } } });
    await settle(id);
    expect(fake.messagesTo(CHAT).at(-2)?.text).toContain("Tệp quá lớn");
    expect(lastText()).toContain("ảnh"); // the question is asked again
    expect(fake.calls.some((c) => c.method === "getFile" && c.params.file_id === big)).toBe(false);
    expect(await assistant.db.attachment.count()).toBe(0);
  });

  it("stops gracefully: polling ends and queued replies are flushed", async () => {
    const { fake, channel, stop } = await setup({ sendIntervalMs: 200 });
    fake.sendText(CHAT, "/baotin");
    await fake.waitForCalls((calls) => calls.some((c) => c.method === "sendMessage"));
    await stop();
    expect(fake.messagesTo(CHAT).length).toBe(2);
    const polls = fake.calls.filter((c) => c.method === "getUpdates").length;
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.calls.filter((c) => c.method === "getUpdates").length).toBe(polls);
    void channel;
  });
});

describe("Telegram webhook", () => {
  it("rejects a wrong or missing secret, processes a right one, and applies a repeated update once", async () => {
    const { fake, assistant, channel } = await setup({ poll: false });
    const app = new Hono();
    mountTelegramWebhook(app, channel, "s3cret-webhook-token");
    const base = await new Promise<string>((resolve) => {
      const server: ServerType = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`));
      cleanups.push(() => new Promise((r) => server.close(() => r())));
    });
    const update: Update = {
      update_id: 70001,
      message: { message_id: 1, date: 1, chat: { id: CHAT, type: "private", first_name: "Lan" }, from: { id: CHAT, is_bot: false, first_name: "Lan" }, text: "/baotin" },
    };
    const post = (secret?: string) =>
      fetch(`${base}/telegram/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(secret !== undefined ? { "X-Telegram-Bot-Api-Secret-Token": secret } : {}) },
        body: JSON.stringify(update),
      });
    expect((await post("wrong-secret")).status).toBe(401);
    expect((await post()).status).toBe(401);
    expect(await assistant.db.draft.count()).toBe(0);

    expect((await post("s3cret-webhook-token")).status).toBe(200);
    // The answer came after the effects were stored.
    expect(await assistant.db.draft.count()).toBe(1);
    expect((await post("s3cret-webhook-token")).status).toBe(200);
    await channel.idle();
    expect(await assistant.db.draft.count()).toBe(1);
    expect(fake.messagesTo(CHAT).length).toBe(2); // intro and first question, once
  });
});

describe("Telegram start-up (connect)", () => {
  it("retries getMe, answers webhook updates 503 until then, sets the command menu once the server takes it, and stops retrying on stop", async () => {
    const fake = await FakeTelegram.start();
    cleanups.push(() => fake.close());
    const assistant = await testAssistant({ trustedChannels: ["telegram"] });
    const lines: Array<{ level: number; msg: string }> = [];
    const log = createLogger({ level: "info", pretty: false, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
    const channel = new TelegramChannel({
      token: fake.token,
      apiRoot: fake.apiRoot,
      handler: assistant.service,
      i18n: assistant.i18n,
      log,
      maxFileBytes: 1024,
      sendIntervalMs: 0,
      pollTimeoutSeconds: 1,
      retry: { baseDelayMs: 200, maxDelayMs: 200, cosmeticBaseDelayMs: 300, cosmeticMaxDelayMs: 300 },
    });
    cleanups.push(async () => {
      await channel.stop();
      await assistant.close();
    });
    fake.failNext("getMe", { error_code: 404, description: "Not Found" }, 2);
    fake.failNext("setMyCommands", { error_code: 404, description: "Not Found: method not found" }, 2);
    const app = new Hono();
    mountTelegramWebhook(app, channel, "s3cret-webhook-token");
    let readyCalls = 0;
    const connected = channel.connect({ polling: false, onReady: () => readyCalls++ });

    expect(channel.ready).toBe(false);
    const early = await app.request("/telegram/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "s3cret-webhook-token" },
      body: JSON.stringify({ update_id: 1, message: { message_id: 1, date: 1, chat: { id: CHAT, type: "private", first_name: "Lan" }, from: { id: CHAT, is_bot: false, first_name: "Lan" }, text: "/start" } }),
    });
    expect(early.status).toBe(503);

    expect(await connected).toBe(true);
    expect(channel.ready).toBe(true);
    expect(readyCalls).toBe(1);
    expect(lines.filter((l) => l.level === 40 && l.msg.startsWith("telegram getMe failed"))).toHaveLength(2);
    // Two failed menus (a warning each), then the third attempt, some time later, sets it.
    await fake.waitForCalls(() => (fake.commands.get("en")?.length ?? 0) > 0, 10_000);
    expect(lines.filter((l) => l.level === 40 && l.msg.startsWith("telegram command menu not set"))).toHaveLength(2);
    expect(fake.commands.get("vi")?.map((c) => c.command)).toContain("baotin");

    // Once stopped, nothing is retried any more.
    fake.failNext("getMe", { error_code: 404, description: "Not Found" }, 100);
    const second = new TelegramChannel({ token: fake.token, apiRoot: fake.apiRoot, handler: assistant.service, i18n: assistant.i18n, log, maxFileBytes: 1024, retry: { baseDelayMs: 50, maxDelayMs: 50 } });
    const pending = second.connect({ polling: true });
    await fake.waitForCalls((calls) => calls.filter((c) => c.method === "getMe" && c.failed).length >= 2, 5_000);
    await second.stop();
    expect(await pending).toBe(false);
    const after = fake.calls.filter((c) => c.method === "getMe").length;
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.calls.filter((c) => c.method === "getMe").length).toBe(after);
    // Neither started polling: the first was told not to, the second was stopped before getMe succeeded.
    expect(fake.calls.some((c) => c.method === "getUpdates")).toBe(false);
  });
});

/**
 * The fake Telegram server, driven by grammY itself: if these pass, the product's adapter talks
 * to the fake over the same wire protocol it will use against Telegram.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Bot, GrammyError } from "grammy";
import { FakeTelegram } from "./fake-telegram.ts";

const CHAT = 5_123_456_789; // above 2^32, as real Telegram ids are
const KEYBOARD = { inline_keyboard: [[{ text: "Có", callback_data: "yes" }, { text: "Không", callback_data: "no" }]] };

let fakes: FakeTelegram[] = [];
let bots: Bot[] = [];

async function startFake(): Promise<FakeTelegram> {
  const fake = await FakeTelegram.start();
  fakes.push(fake);
  return fake;
}

function botFor(fake: FakeTelegram, token = fake.token): Bot {
  const bot = new Bot(token, { client: { apiRoot: fake.apiRoot }, botInfo: fake.botInfo });
  bots.push(bot);
  return bot;
}

/** Runs `call` and returns the GrammyError it must reject with. */
async function grammyError(call: Promise<unknown>): Promise<GrammyError> {
  const err: unknown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GrammyError);
  return err as GrammyError;
}

afterEach(async () => {
  await Promise.all(bots.filter((b) => b.isRunning()).map((b) => b.stop()));
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
  bots = [];
});

describe("FakeTelegram", () => {
  it("answers getMe with a complete botInfo", async () => {
    const fake = await startFake();
    expect(fake.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const me = await botFor(fake).api.getMe();
    expect(me).toEqual(fake.botInfo);
    expect(me.username).toBe("tdkt_test_bot");
  });

  it("round-trips sendMessage and reflects edits in messagesTo", async () => {
    const fake = await startFake();
    const bot = botFor(fake);

    const first = await bot.api.sendMessage(CHAT, "Xin chào", { reply_markup: KEYBOARD });
    const second = await bot.api.sendMessage(CHAT, "Bạn muốn đề nghị khen thưởng ai?");
    expect(first.text).toBe("Xin chào");
    expect(first.chat.id).toBe(CHAT);
    expect(first.from?.id).toBe(fake.botInfo.id);
    expect(first.reply_markup).toEqual(KEYBOARD);
    expect(second.message_id).toBe(first.message_id + 1);
    expect(fake.calls.map((c) => c.method)).toEqual(["sendMessage", "sendMessage"]);
    expect(fake.calls[0]?.params).toMatchObject({ chat_id: CHAT, text: "Xin chào" });

    const edited = await bot.api.editMessageText(CHAT, first.message_id, "Xin chào (đã sửa)");
    expect(edited).toMatchObject({ message_id: first.message_id, text: "Xin chào (đã sửa)" });
    // Telegram removes the inline keyboard when an edit leaves reply_markup out.
    expect(fake.messagesTo(CHAT)).toEqual([
      { message_id: first.message_id, text: "Xin chào (đã sửa)" },
      { message_id: second.message_id, text: "Bạn muốn đề nghị khen thưởng ai?" },
    ]);

    await bot.api.editMessageReplyMarkup(CHAT, second.message_id, { reply_markup: KEYBOARD });
    expect(fake.lastMessageTo(CHAT)?.reply_markup).toEqual(KEYBOARD);

    const unchanged = await grammyError(bot.api.editMessageReplyMarkup(CHAT, second.message_id, { reply_markup: KEYBOARD }));
    expect(unchanged.error_code).toBe(400);
    expect(unchanged.description).toContain("message is not modified");
  });

  it("delivers a button press carrying the bot's message and accepts its answer", async () => {
    const fake = await startFake();
    const bot = botFor(fake);
    const sent = await bot.api.sendMessage(CHAT, "Xác nhận?", { reply_markup: KEYBOARD });

    const updateId = fake.pressButton(CHAT, sent.message_id, "yes");
    const [update] = await bot.api.getUpdates();
    expect(update?.update_id).toBe(updateId);
    const query = update?.callback_query;
    expect(query?.data).toBe("yes");
    expect(query?.message).toMatchObject({ message_id: sent.message_id, text: "Xác nhận?", reply_markup: KEYBOARD });
    expect(typeof query?.id).toBe("string");

    await expect(bot.api.answerCallbackQuery(query?.id ?? "")).resolves.toBe(true);
    const stale = await grammyError(bot.api.answerCallbackQuery("42"));
    expect(stale.error_code).toBe(400);
    expect(() => fake.pressButton(CHAT, 999, "yes")).toThrow(/no message 999/);
  });

  it("keeps updates until an offset confirms them, then drops them for good", async () => {
    const fake = await startFake();
    const bot = botFor(fake);
    const a = fake.sendText(CHAT, "/start hello");
    const b = fake.sendText(CHAT, "Nguyễn Văn An");
    expect([a, b]).toEqual([1000, 1001]);

    const all = await bot.api.getUpdates({ allowed_updates: ["message", "callback_query"] });
    expect(all.map((u) => u.update_id)).toEqual([a, b]);
    expect(all[0]?.message).toMatchObject({
      text: "/start hello",
      chat: { id: CHAT, type: "private", first_name: "Lan" },
      from: { id: CHAT, is_bot: false, first_name: "Lan", language_code: "vi" },
      entities: [{ type: "bot_command", offset: 0, length: "/start".length }],
    });
    expect(all[1]?.message?.entities).toBeUndefined();
    expect(all[1]?.message?.message_id).toBe((all[0]?.message?.message_id ?? 0) + 1);
    expect(fake.allowedUpdates).toEqual(["message", "callback_query"]);

    // Unconfirmed updates come again (what a crashed poller relies on).
    expect((await bot.api.getUpdates({ limit: 1 })).map((u) => u.update_id)).toEqual([a]);

    const rest = await bot.api.getUpdates({ offset: b });
    expect(rest.map((u) => u.update_id)).toEqual([b]);
    expect(fake.confirmedOffset).toBe(b);

    expect(await bot.api.getUpdates({ offset: b + 1 })).toEqual([]);
    expect(fake.confirmedOffset).toBe(b + 1);
    expect(await bot.api.getUpdates()).toEqual([]);
    expect(fake.pendingUpdates).toHaveLength(0);
  });

  it("long-polls: an update pushed during the wait is returned, an empty wait ends within a second", async () => {
    const fake = await startFake();
    const bot = botFor(fake);

    const started = Date.now();
    const pending = bot.api.getUpdates({ timeout: 30 });
    setTimeout(() => fake.sendText(CHAT, "xin chào"), 100);
    const updates = await pending;
    expect(updates.map((u) => u.message?.text)).toEqual(["xin chào"]);
    expect(Date.now() - started).toBeLessThan(900);

    const emptyStart = Date.now();
    expect(await bot.api.getUpdates({ offset: (updates[0]?.update_id ?? 0) + 1, timeout: 30 })).toEqual([]);
    const waited = Date.now() - emptyStart;
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(2000);
  });

  it("drops updates whose type allowed_updates excludes", async () => {
    const fake = await startFake();
    const bot = botFor(fake);
    const sent = await bot.api.sendMessage(CHAT, "Chọn", { reply_markup: KEYBOARD });
    await bot.api.getUpdates({ allowed_updates: ["message"] });

    fake.pressButton(CHAT, sent.message_id, "yes");
    fake.sendText(CHAT, "tiếp");
    expect((await bot.api.getUpdates()).map((u) => Object.keys(u).filter((k) => k !== "update_id"))).toEqual([["message"]]);
    expect(fake.discardedUpdates.map((u) => u.callback_query?.data)).toEqual(["yes"]);
  });

  it("serves a grammY bot that polls, replies and confirms its offset on stop", async () => {
    const fake = await startFake();
    const bot = botFor(fake);
    bot.on("message:text", (ctx) => ctx.reply(`Đã nhận: ${ctx.msg.text}`));
    const running = bot.start({ allowed_updates: ["message", "callback_query"] });

    const updateId = fake.sendText(CHAT, "Trần Thị Bình");
    await fake.waitForCalls((calls) => calls.some((c) => c.method === "sendMessage"));
    await bot.stop();
    await running;

    expect(fake.lastMessageTo(CHAT)?.text).toBe("Đã nhận: Trần Thị Bình");
    expect(fake.confirmedOffset).toBe(updateId + 1);
    expect(fake.allowedUpdates).toEqual(["message", "callback_query"]);
    expect(fake.calls[0]?.method).toBe("deleteWebhook");
  });

  it("surfaces failNext(429) as a GrammyError with retry_after, then recovers", async () => {
    const fake = await startFake();
    const bot = botFor(fake);
    fake.failNext("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });

    const err = await grammyError(bot.api.sendMessage(CHAT, "Lần 1"));
    expect(err.error_code).toBe(429);
    expect(err.parameters.retry_after).toBe(1);
    expect(err.description).toBe("Too Many Requests: retry after 1");
    expect(fake.messagesTo(CHAT)).toEqual([]);

    await bot.api.sendMessage(CHAT, "Lần 2");
    expect(fake.messagesTo(CHAT).map((m) => m.text)).toEqual(["Lần 2"]);
    expect(fake.calls.map((c) => [c.method, c.failed ?? false])).toEqual([
      ["sendMessage", true],
      ["sendMessage", false],
    ]);
  });

  it("serves photo bytes through getFile and the download URL", async () => {
    const fake = await startFake();
    const bot = botFor(fake);
    const bytes = new Uint8Array(Array.from({ length: 4000 }, (_, i) => i % 251));
    const ids = fake.sendPhotos(CHAT, [{ bytes }, { bytes: new Uint8Array([1, 2, 3]) }], { mediaGroupId: "album-1", caption: "Ảnh minh chứng" });
    expect(ids).toHaveLength(2);

    const updates = await bot.api.getUpdates();
    expect(updates.map((u) => u.message?.media_group_id)).toEqual(["album-1", "album-1"]);
    expect(updates.map((u) => u.message?.caption)).toEqual(["Ảnh minh chứng", undefined]);
    const sizes = updates[0]?.message?.photo ?? [];
    expect(sizes).toHaveLength(2);
    const [thumb, full] = sizes;
    expect(full?.file_size).toBe(bytes.length);
    expect(thumb?.file_size).toBeLessThan(bytes.length);

    const file = await bot.api.getFile(full?.file_id ?? "");
    expect(file).toMatchObject({ file_id: full?.file_id, file_size: bytes.length });
    expect(file.file_path).toMatch(/^photos\/file_\d+\.jpg$/);
    const response = await fetch(`${fake.apiRoot}/file/bot${fake.token}/${file.file_path}`);
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);

    const thumbFile = await bot.api.getFile(thumb?.file_id ?? "");
    const thumbBytes = new Uint8Array(await (await fetch(`${fake.apiRoot}/file/bot${fake.token}/${thumbFile.file_path}`)).arrayBuffer());
    expect(thumbBytes.length).toBe(thumb?.file_size);
    expect(thumbBytes).not.toEqual(bytes);

    expect((await fetch(`${fake.apiRoot}/file/bot${fake.token}/photos/file_999.jpg`)).status).toBe(404);
    const invalid = await grammyError(bot.api.getFile("no-such-file"));
    expect(invalid.error_code).toBe(400);
    expect(invalid.description).toBe("Bad Request: invalid file_id");
  });

  it("serves documents and lets a test claim a size over Telegram's 20 MB download limit", async () => {
    const fake = await startFake();
    const bot = botFor(fake);
    const pdf = new TextEncoder().encode("%PDF-1.4 giấy khen");
    fake.sendDocument(CHAT, pdf, "giay-khen.pdf", "application/pdf");
    const [update] = await bot.api.getUpdates();
    const doc = update?.message?.document;
    expect(doc).toMatchObject({ file_name: "giay-khen.pdf", mime_type: "application/pdf", file_size: pdf.length });
    const file = await bot.api.getFile(doc?.file_id ?? "");
    expect(file.file_path).toMatch(/\.pdf$/);
    const downloaded = await fetch(`${fake.apiRoot}/file/bot${fake.token}/${file.file_path}`);
    expect(new Uint8Array(await downloaded.arrayBuffer())).toEqual(pdf);

    const claimed = fake.registerFile(new Uint8Array([9, 9]), { fileSize: 15 * 1024 * 1024 });
    expect((await bot.api.getFile(claimed)).file_size).toBe(15 * 1024 * 1024);
    const huge = fake.registerFile(new Uint8Array([9]), { fileSize: 25 * 1024 * 1024 });
    const tooBig = await grammyError(bot.api.getFile(huge));
    expect(tooBig.description).toBe("Bad Request: file is too big");
  });

  it("answers 401 Unauthorized to a wrong token, for API calls and downloads", async () => {
    const fake = await startFake();
    const err = await grammyError(botFor(fake, "999999:WRONG-token").api.getMe());
    expect(err.error_code).toBe(401);
    expect(err.description).toBe("Unauthorized");
    expect(fake.calls).toEqual([]);

    const download = await fetch(`${fake.apiRoot}/file/bot999999:WRONG-token/photos/file_1.jpg`);
    expect(download.status).toBe(401);
  });

  it("refuses getUpdates with 409 while a webhook is set", async () => {
    const fake = await startFake();
    const bot = botFor(fake);
    await bot.api.setWebhook("https://tdkt.example/telegram", { secret_token: "s3cret_token", allowed_updates: ["message"] });
    expect(fake.webhook).toEqual({ url: "https://tdkt.example/telegram", secret_token: "s3cret_token", allowed_updates: ["message"] });
    expect((await bot.api.getWebhookInfo()).url).toBe("https://tdkt.example/telegram");

    const conflict = await grammyError(bot.api.getUpdates());
    expect(conflict.error_code).toBe(409);
    expect(conflict.description).toMatch(/^Conflict: /);

    await bot.api.deleteWebhook();
    expect(fake.webhook).toBeUndefined();
    await expect(bot.api.getUpdates()).resolves.toEqual([]);
  });

  it("ends an older long poll with 409 when a second poller starts", async () => {
    const fake = await startFake();
    const bot = botFor(fake);
    const first = grammyError(bot.api.getUpdates({ timeout: 30 }));
    await fake.waitForCalls((calls) => calls.length === 1);
    await bot.api.getUpdates();
    expect((await first).error_code).toBe(409);
  });

  it("records commands per language and answers 404 to unknown methods", async () => {
    const fake = await startFake();
    const bot = botFor(fake);
    await bot.api.setMyCommands([{ command: "start", description: "Bắt đầu" }]);
    await bot.api.setMyCommands([{ command: "start", description: "Start" }], { language_code: "en" });
    expect(fake.commands.get("")).toEqual([{ command: "start", description: "Bắt đầu" }]);
    expect(await bot.api.getMyCommands({ language_code: "en" })).toEqual([{ command: "start", description: "Start" }]);
    await bot.api.deleteMyCommands({ language_code: "en" });
    expect(await bot.api.getMyCommands({ language_code: "en" })).toEqual([]);
    await expect(bot.api.sendChatAction(CHAT, "typing")).resolves.toBe(true);

    const unknown = await grammyError(bot.api.deleteMessage(CHAT, 1));
    expect(unknown.error_code).toBe(404);
    expect(unknown.description).toBe("Not Found: method not found");
  });

  it("accepts form-urlencoded bodies with Telegram's field types", async () => {
    const fake = await startFake();
    const body = new URLSearchParams({ chat_id: String(CHAT), text: "123", reply_markup: JSON.stringify(KEYBOARD) });
    const response = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, { method: "POST", body });
    const json = (await response.json()) as { ok: boolean; result: { text: string; chat: { id: number } } };
    expect(json.ok).toBe(true);
    expect(json.result.chat.id).toBe(CHAT);
    expect(fake.lastMessageTo(CHAT)).toEqual({ message_id: 1, text: "123", reply_markup: KEYBOARD });
  });

  it("waitForCalls rejects with the methods called so far", async () => {
    const fake = await startFake();
    await botFor(fake).api.sendChatAction(CHAT, "typing");
    await expect(fake.waitForCalls((calls) => calls.some((c) => c.method === "sendMessage"), 100)).rejects.toThrow(
      /sendChatAction/,
    );
  });
});

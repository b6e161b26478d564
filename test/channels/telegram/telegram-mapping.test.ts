import { describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { parseCallbackData, telegramToInbound } from "../../../src/channels/telegram/telegram-to-inbound.ts";
import { answeredQuestionText, renderTelegram } from "../../../src/channels/telegram/render-telegram.ts";

const from = { id: 777000111222, is_bot: false, first_name: "Lan", last_name: "Nguyễn", language_code: "vi" };
const chat = { id: 777000111222, type: "private" as const, first_name: "Lan" };

describe("telegramToInbound", () => {
  it("maps a text message, with an update-based message id and ids beyond 2^31 as strings", () => {
    const update = { update_id: 5001, message: { message_id: 10, date: 1, chat, from, text: "Chi hội Phụ nữ thôn Tân Lập" } } as Update;
    expect(telegramToInbound(update, "tdkt_bot")).toEqual({
      kind: "message", updateId: 5001, chatId: "777000111222", senderId: "777000111222", senderName: "Lan Nguyễn",
      languageCode: "vi", messageId: "u5001", text: "Chi hội Phụ nữ thôn Tân Lập", files: [],
    });
  });

  it("keeps the largest photo size and the caption, and a document's name", () => {
    const photo = { update_id: 5002, message: { message_id: 11, date: 1, chat, from, caption: "ảnh", media_group_id: "g1",
      photo: [{ file_id: "small", file_unique_id: "s", width: 90, height: 90, file_size: 1000 }, { file_id: "big", file_unique_id: "b", width: 1280, height: 960, file_size: 180000 }] } } as Update;
    expect(telegramToInbound(photo, "tdkt_bot")).toMatchObject({ kind: "message", text: "ảnh", files: [{ fileId: "big", size: 180000 }], mediaGroupId: "g1" });
    const doc = { update_id: 5003, message: { message_id: 12, date: 1, chat, from,
      document: { file_id: "pdf1", file_unique_id: "p", file_name: "bao-cao-thanh-tich.pdf", mime_type: "application/pdf", file_size: 52000 } } } as Update;
    expect(telegramToInbound(doc, "tdkt_bot")).toMatchObject({ files: [{ fileId: "pdf1", size: 52000, fileName: "bao-cao-thanh-tich.pdf" }] });
  });

  it("maps a button press with its scope, index and label", () => {
    const update = { update_id: 5004, callback_query: { id: "cq1", from, chat_instance: "ci", data: "AbCd1234:1",
      message: { message_id: 20, date: 1, chat, text: "Giới tính?", reply_markup: { inline_keyboard: [[{ text: "Nam", callback_data: "AbCd1234:0" }, { text: "Nữ", callback_data: "AbCd1234:1" }]] } } } } as Update;
    expect(telegramToInbound(update, "tdkt_bot")).toMatchObject({ kind: "button", callbackQueryId: "cq1", scope: "AbCd1234", index: 1, label: "Nữ", questionMessageId: 20, questionText: "Giới tính?", messageId: "u5004" });
  });

  it("ignores callback data that is not ours and messages the forms cannot take", () => {
    const forged = { update_id: 5005, callback_query: { id: "cq2", from, chat_instance: "ci", data: "flow:nomination-individual", message: { message_id: 1, date: 1, chat, text: "x" } } } as Update;
    expect(telegramToInbound(forged, "tdkt_bot").kind).toBe("ignored");
    const sticker = { update_id: 5006, message: { message_id: 13, date: 1, chat, from, sticker: { file_id: "st" } } } as unknown as Update;
    expect(telegramToInbound(sticker, "tdkt_bot").kind).toBe("ignored");
  });

  it("in groups, answers only when addressed", () => {
    const group = { id: -100123, type: "supergroup" as const, title: "Cán bộ xã Hà Trung" };
    const talk = { update_id: 5007, message: { message_id: 1, date: 1, chat: group, from, text: "Chào cả nhà" } } as Update;
    const cmd = { update_id: 5008, message: { message_id: 2, date: 1, chat: group, from, text: "/dexuat@tdkt_bot" } } as Update;
    expect(telegramToInbound(talk, "tdkt_bot")).toMatchObject({ kind: "group", addressed: false });
    expect(telegramToInbound(cmd, "tdkt_bot")).toMatchObject({ kind: "group", addressed: true });
  });

  it("parses only well-formed callback data", () => {
    expect(parseCallbackData("AbCd1234:12")).toEqual({ scope: "AbCd1234", index: 12 });
    expect(parseCallbackData("AbCd1234:-1")).toBeNull();
    expect(parseCallbackData(undefined)).toBeNull();
  });
});

describe("renderTelegram", () => {
  it("puts choices on an inline keyboard with short callback data", () => {
    const parts = renderTelegram({ text: "Giới tính?", scope: "AbCd1234", choices: [{ value: "NAM", label: "Nam" }, { value: "NU", label: "Nữ" }, { value: "X", label: "Lãnh đạo, quản lý từ cấp phòng trở lên" }] });
    expect(parts).toHaveLength(1);
    expect(parts[0]!.reply_markup!.inline_keyboard).toEqual([
      [{ text: "Nam", callback_data: "AbCd1234:0" }, { text: "Nữ", callback_data: "AbCd1234:1" }],
      [{ text: "Lãnh đạo, quản lý từ cấp phòng trở lên", callback_data: "AbCd1234:2" }],
    ]);
    for (const b of parts[0]!.reply_markup!.inline_keyboard.flat()) expect(Buffer.byteLength((b as { callback_data: string }).callback_data)).toBeLessThanOrEqual(64);
  });

  it("splits long text within 4,096 characters and keeps the keyboard on the last part", () => {
    const long = Array.from({ length: 300 }, (_, i) => `${i + 1}. Thành tích nổi bật của tập thể trong năm.`).join("\n");
    const parts = renderTelegram({ text: long, scope: "s1234567", choices: [{ value: "A", label: "Gửi" }] });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(4096);
    expect(parts.slice(0, -1).every((p) => !p.reply_markup)).toBe(true);
    expect(parts.at(-1)!.reply_markup).toBeDefined();
    expect(parts.map((p) => p.text).join("\n")).toBe(long);
  });

  it("shows the chosen answer on the question", () => {
    expect(answeredQuestionText("Giới tính?", "Nữ")).toBe("Giới tính?\n\n➡️ Nữ");
  });
});

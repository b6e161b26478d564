import { describe, expect, it } from "vitest";
import { zaloBotChatId, zaloBotToInbound, zaloBotUpdates, type ZaloBotUpdate } from "../../../src/channels/zalo-bot/zalo-bot-to-inbound.ts";
import { renderZaloBot, ZALO_BOT_CAPABILITIES } from "../../../src/channels/zalo-bot/render-zalo-bot.ts";

// Shapes as the Zalo Bot Platform documents them (ids are 20 hex digits, dates in milliseconds).
const CHAT = "e4ea2cd5189df1c3a88c";
const from = { id: CHAT, display_name: "Nguyễn Thị Lan", is_bot: false };
const chat = { id: CHAT, chat_type: "PRIVATE" };

const text: ZaloBotUpdate = {
  event_name: "message.text.received",
  message: { from, chat, text: "Chi hội Phụ nữ thôn Tân Lập", message_id: "16f6366b3f02645a3d15", date: 1766619597466 },
};
const image: ZaloBotUpdate = {
  event_name: "message.image.received",
  message: { from, chat, photo_url: "https://f21-zpc.zdn.vn/jpg/1234567890/anh-cuu-nguoi.jpg", caption: "Ảnh anh Hùng cứu người", message_id: "26f6366b3f02645a3d16", date: 1766619598000 },
};
const sticker: ZaloBotUpdate = {
  event_name: "message.sticker.received",
  message: { from, chat, sticker: "0e078a2fb66a5f34067b", url: "https://zalo-api.zadn.vn/api/emoticon/sticker/webpc?eid=1", message_id: "36f6366b3f02645a3d17", date: 1766619599000 },
};
const unsupported: ZaloBotUpdate = {
  event_name: "message.unsupported.received",
  message: { from, chat, message_id: "46f6366b3f02645a3d18", date: 1766619600000 },
};

describe("zaloBotToInbound", () => {
  it("maps a text message with a message-based id, the sender's display name and string ids", () => {
    expect(zaloBotToInbound(text)).toEqual({
      kind: "message", chatId: CHAT, senderId: CHAT, senderName: "Nguyễn Thị Lan", messageId: "z16f6366b3f02645a3d15", text: "Chi hội Phụ nữ thôn Tân Lập",
    });
  });

  it("maps a picture to its URL with the caption as text", () => {
    expect(zaloBotToInbound(image)).toEqual({
      kind: "message", chatId: CHAT, senderId: CHAT, senderName: "Nguyễn Thị Lan", messageId: "z26f6366b3f02645a3d16",
      imageUrl: "https://f21-zpc.zdn.vn/jpg/1234567890/anh-cuu-nguoi.jpg", text: "Ảnh anh Hùng cứu người",
    });
    const noCaption = { ...image, message: { ...image.message!, caption: undefined } };
    expect(zaloBotToInbound(noCaption)).not.toHaveProperty("text");
  });

  it("answers stickers, unsupported messages and unknown message events as unsupported", () => {
    expect(zaloBotToInbound(sticker)).toEqual({ kind: "unsupported", chatId: CHAT, messageId: "z36f6366b3f02645a3d17", eventName: "message.sticker.received" });
    expect(zaloBotToInbound(unsupported)).toMatchObject({ kind: "unsupported", chatId: CHAT });
    const voice = { event_name: "message.voice.received", message: { from, chat, message_id: "56f6366b3f02645a3d19", date: 1 } };
    expect(zaloBotToInbound(voice)).toMatchObject({ kind: "unsupported", eventName: "message.voice.received" });
    // An image event without a readable URL cannot be downloaded either.
    const badUrl = { ...image, message: { ...image.message!, photo_url: "file:///etc/passwd" } };
    expect(zaloBotToInbound(badUrl)).toMatchObject({ kind: "unsupported" });
    const emptyText = { ...text, message: { ...text.message!, text: "   " } };
    expect(zaloBotToInbound(emptyText)).toMatchObject({ kind: "unsupported" });
  });

  it("tolerates the shapes other samples show: no event name, `photo`, `first_name`, numeric ids, a `{ ok, result }` wrapper", () => {
    // The docs' getUpdates sample: no event_name, sender with first_name.
    const docsSample = { ok: true, result: { message: { chat: { id: CHAT, chat_type: "PRIVATE" }, text: "Xin chào", message_id: "16f6", date: 1766619597466, from: { id: CHAT, first_name: "Nguyen Van A" } } } };
    expect(zaloBotToInbound(docsSample)).toEqual({ kind: "message", chatId: CHAT, senderId: CHAT, senderName: "Nguyen Van A", messageId: "z16f6", text: "Xin chào" });
    const photo = { event_name: "message.image.received", message: { chat: { id: 12345 }, from: { id: 12345 }, photo: "https://example.vn/a.png", message_id: 77, date: 1 } };
    expect(zaloBotToInbound(photo)).toEqual({ kind: "message", chatId: "12345", senderId: "12345", messageId: "z77", imageUrl: "https://example.vn/a.png" });
  });

  it("ignores what is not a direct message from a person", () => {
    expect(zaloBotToInbound({ ...text, message: { ...text.message!, chat: { id: "g1", chat_type: "GROUP" } } })).toMatchObject({ kind: "ignored" });
    expect(zaloBotToInbound({ ...text, message: { ...text.message!, from: { ...from, is_bot: true } } })).toMatchObject({ kind: "ignored" });
    expect(zaloBotToInbound({ event_name: "user.follow" })).toMatchObject({ kind: "ignored" });
    expect(zaloBotToInbound({ message: { text: "no chat, no id" } })).toMatchObject({ kind: "ignored" });
    expect(zaloBotToInbound("garbage")).toMatchObject({ kind: "ignored" });
  });
});

describe("zaloBotUpdates", () => {
  it("reads getUpdates' result as one object, as an array, wrapped, or empty", () => {
    expect(zaloBotUpdates(text)).toEqual([text]);
    expect(zaloBotUpdates([text, image])).toEqual([text, image]);
    expect(zaloBotUpdates({ ok: true, result: [text, image] })).toEqual([text, image]);
    expect(zaloBotUpdates({ ok: true, result: text })).toEqual([text]);
    expect(zaloBotUpdates(null)).toEqual([]);
    expect(zaloBotUpdates(undefined)).toEqual([]);
    expect(zaloBotChatId({ ok: true, result: image })).toBe(CHAT);
    expect(zaloBotChatId({ nothing: 1 })).toBeUndefined();
  });
});


describe("renderZaloBot", () => {
  it("declares no buttons and Zalo's 2,000 characters", () => {
    expect(ZALO_BOT_CAPABILITIES).toEqual({ buttons: false, maxTextLength: 2000 });
  });

  it("shows choices as numbered lines, and summary keywords as words to type", () => {
    expect(renderZaloBot({ text: "Giới tính?", scope: "s1", choices: [{ value: "NAM", label: "Nam" }, { value: "NU", label: "Nữ" }] })).toEqual(["Giới tính?\n1. Nam\n2. Nữ"]);
    expect(renderZaloBot({ text: "Vui lòng kiểm tra lại", scope: "s2", keywordChoices: true, choices: [{ value: "submit", label: "Gửi" }, { value: "cancel", label: "Hủy" }] })).toEqual([
      "Vui lòng kiểm tra lại\n[ Gửi | Hủy ]",
    ]);
  });

  it("splits long text into parts of at most 2,000 characters, losing nothing", () => {
    const long = Array.from({ length: 120 }, (_, i) => `${i + 1}. Thành tích nổi bật của tập thể trong năm.`).join("\n");
    expect(long.length).toBeGreaterThan(4000);
    const parts = renderZaloBot({ text: long });
    expect(parts.length).toBe(3);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    expect(parts.join("\n")).toBe(long);
    expect(renderZaloBot({ text: "" })).toEqual([]);
  });

});

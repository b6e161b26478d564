/**
 * A message seen twice is applied once. The web page resends a message whose answer it lost and
 * gets the same replies again (kept with the message id); bot channels, whose platforms re-deliver
 * while the first answer is still being sent, get nothing the second time.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import type { Assistant } from "../../src/build-assistant.ts";
import { testAssistant } from "../support/test-assistant.ts";

const open: Assistant[] = [];
afterEach(async () => {
  for (const a of open.splice(0)) await a.close();
});

const TO_SUMMARY = ["/baotin", "đồng ý", "mot nguoi", "Đặng Văn Hùng", "bỏ qua", "cuu nguoi",
  "Chiều 20/11, anh Hùng đã nhảy xuống sông Hoạt cứu hai em học sinh bị đuối nước.", "20/11/2026", "tk2, ha trung", "xong", "có", "1"];

describe("a resent message", () => {
  it("gets the same replies again on the web, reference code and menu included, and is applied once", async () => {
    const a = await testAssistant();
    open.push(a);
    const chat = new MemoryChat(a.service, "w-resend", "web");
    for (const line of TO_SUMMARY) await chat.say(line);

    const first = await chat.send({ text: "gửi", messageId: "confirm-1" });
    const again = await chat.send({ text: "gửi", messageId: "confirm-1" });

    expect(first.map((r) => r.text).join("\n")).toMatch(/Mã (?:hồ sơ|tin báo): TDKT-2026-\d{6}/);
    // The code comes after the engine's own replies, from after the transaction's writes: kept too.
    expect(first.length).toBeGreaterThan(1);
    expect(again).toEqual(first);
    expect(await a.db.dossier.count()).toBe(1);
    const stored = await a.db.processedMessage.findUniqueOrThrow({ where: { channel_chatId_messageId: { channel: "web", chatId: "w-resend", messageId: "confirm-1" } } });
    expect(stored.replies).toEqual(first);
  });

  it("gets nothing on a bot channel, whose replies are not kept", async () => {
    const a = await testAssistant();
    open.push(a);
    const chat = new MemoryChat(a.service, "tg-resend", "telegram");
    for (const line of TO_SUMMARY) await chat.say(line);

    const first = await chat.send({ text: "gửi", messageId: "tg-9001" });
    const again = await chat.send({ text: "gửi", messageId: "tg-9001" });

    expect(first.map((r) => r.text).join("\n")).toMatch(/Mã (?:hồ sơ|tin báo): TDKT-2026-\d{6}/);
    expect(again).toEqual([]);
    expect(await a.db.dossier.count()).toBe(1);
    expect((await a.db.processedMessage.findMany({ where: { chatId: "tg-resend" } })).every((m) => m.replies === null)).toBe(true);
  });
});

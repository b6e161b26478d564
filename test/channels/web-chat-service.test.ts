/** The web chat in front of the real conversation service, over real HTTP on 127.0.0.1. */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import { createWebChatApp } from "../../src/channels/web/web-chat-app.ts";
import { WebChatSender } from "../../src/channels/web/web-chat-sender.ts";
import type { OutgoingMessage } from "../../src/channels/channel-port.ts";
import { createLogger } from "../../src/log.ts";
import { testAssistant } from "../support/test-assistant.ts";
import { PNG } from "../support/test-images.ts";


let server: ServerType | undefined;
let assistant: Awaited<ReturnType<typeof testAssistant>> | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await assistant?.close();
  server = undefined;
  assistant = undefined;
});

describe("web chat with the real service", () => {
  it("runs a good-deed report with a photo upload and reminds the session through /api/pending", async () => {
    assistant = await testAssistant();
    const sender = new WebChatSender();
    const app = createWebChatApp({ handler: assistant.service, sender, maxUploadBytes: 1024 * 1024, log: createLogger({ level: "silent", pretty: false }) });
    const base = await new Promise<string>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`));
    });
    const sessionId = "web_session_0001";
    let n = 0;
    const post = async (body: { text?: string; choice?: string }): Promise<OutgoingMessage[]> => {
      const res = await fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sessionId, messageId: `w${++n}`, ...body }) });
      expect(res.status).toBe(200);
      return ((await res.json()) as { replies: OutgoingMessage[] }).replies;
    };

    const menu = await post({ text: "/start" });
    expect(menu[0]?.choices?.map((c) => c.value)).toEqual(["flow:good-deed-report", "flow:nomination-individual", "flow:nomination-collective"]);
    await post({ choice: "flow:good-deed-report" });
    for (const text of ["đồng ý", "mot nguoi", "Đặng Văn Hùng", "bỏ qua", "cuu nguoi", "Anh Hùng cứu hai em học sinh bị đuối nước trên sông Hoạt.", "20/11/2026", "tk2, ha trung"]) await post({ text });

    const form = new FormData();
    form.set("sessionId", sessionId);
    form.set("messageId", `w${++n}`);
    form.append("file", new Blob([PNG], { type: "image/png" }), "anh-cuu-nguoi.png");
    const upload = await fetch(`${base}/api/files`, { method: "POST", body: form });
    expect(upload.status).toBe(200);
    const ack = ((await upload.json()) as { replies: OutgoingMessage[] }).replies;
    expect(ack[0]?.text).toContain("Đã nhận 1 tệp");

    assistant.clock.advance(25 * 3_600_000);
    expect(await assistant.service.remindIdleDrafts(new Map([["web", sender]]))).toBe(1);
    const pending = (await (await fetch(`${base}/api/pending?sessionId=${sessionId}`)).json()) as { messages: OutgoingMessage[] };
    expect(pending.messages[0]?.text).toContain("Bạn còn đang điền dở");

    for (const text of ["xong", "có"]) await post({ text });
    await post({ choice: "DONG_Y" });
    const done = await post({ choice: "SUBMIT" });
    expect(done[0]?.text).toMatch(/Mã hồ sơ: TDKT-2026-\d{6}/);
    const attachment = await assistant.db.attachment.findFirstOrThrow();
    expect(attachment).toMatchObject({ mime: "image/png", fileName: "anh-cuu-nguoi.png" });
    expect(attachment.goodDeedReportId).not.toBeNull();
  });
});

import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import type { ConversationHandler, InboundMessage, OutgoingMessage } from "../../src/channels/channel-port.ts";
import { createWebChatApp } from "../../src/channels/web/web-chat-app.ts";
import { WebChatSender } from "../../src/channels/web/web-chat-sender.ts";

/** Records every inbound message and answers with the scripted replies, or throws when told to. */
class FakeHandler implements ConversationHandler {
  readonly received: InboundMessage[] = [];
  failWith: Error | undefined;

  constructor(private readonly replies: OutgoingMessage[]) {}

  async handle(message: InboundMessage): Promise<OutgoingMessage[]> {
    this.received.push(message);
    if (this.failWith !== undefined) throw this.failWith;
    return this.replies;
  }
}

/** Keeps log entries so a test can assert what reached the server log (and not the client). */
class MemoryLog {
  readonly entries: { level: string; o: object; msg: string | undefined }[] = [];
  info(o: object, msg?: string): void {
    this.entries.push({ level: "info", o, msg });
  }
  warn(o: object, msg?: string): void {
    this.entries.push({ level: "warn", o, msg });
  }
  error(o: object, msg?: string): void {
    this.entries.push({ level: "error", o, msg });
  }
}

const MAX_UPLOAD_BYTES = 1024;
const SESSION_ID = "sess_0123456789abcdef";
const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĐ]/i;
const REPLIES: OutgoingMessage[] = [
  {
    text: "Xin chào!\nBạn muốn làm gì?",
    choices: [
      { value: "nominate", label: "Đề nghị khen thưởng" },
      { value: "good-deed", label: "Báo việc tốt" },
    ],
  },
];
/** The 8-byte PNG signature plus an IHDR chunk header: enough to look like a PNG. */
const PNG_BYTES = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0xff,
]);

let server: ServerType | undefined;

afterEach(async () => {
  const running = server;
  server = undefined;
  if (running === undefined) return;
  await new Promise<void>((resolve, reject) => running.close((err) => (err ? reject(err) : resolve())));
});

/** Serves a fresh app on a free loopback port and returns its base URL and fakes. */
async function start() {
  const handler = new FakeHandler(REPLIES);
  const sender = new WebChatSender();
  const log = new MemoryLog();
  const app = createWebChatApp({ handler, sender, maxUploadBytes: MAX_UPLOAD_BYTES, log });
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => {
      resolve((server!.address() as AddressInfo).port);
    });
  });
  return { base: `http://127.0.0.1:${port}`, handler, sender, log };
}

function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

function uploadForm(files: { bytes: Uint8Array<ArrayBuffer>; name: string; type: string }[], text?: string): FormData {
  const form = new FormData();
  form.append("sessionId", SESSION_ID);
  form.append("messageId", "m-upload-1");
  if (text !== undefined) form.append("text", text);
  for (const f of files) form.append("file", new Blob([f.bytes], { type: f.type }), f.name);
  return form;
}

describe("web chat app", () => {
  it("serves the Vietnamese chat page and its script and stylesheet", async () => {
    const { base } = await start();

    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain("<title>Trợ lý Thi đua – Khen thưởng</title>");
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);

    const js = await fetch(`${base}/chat.js`);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    expect(await js.text()).toContain("/api/messages");
    const css = await fetch(`${base}/chat.css`);
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);

    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true });
  });

  it("serves the UI strings, Vietnamese by default, without the server's own messages", async () => {
    const { base } = await start();

    const vi = (await (await fetch(`${base}/api/strings`)).json()) as Record<string, string>;
    const en = (await (await fetch(`${base}/api/strings?lang=en`)).json()) as Record<string, string>;
    const unknown = (await (await fetch(`${base}/api/strings?lang=xx`)).json()) as Record<string, string>;

    expect(vi["page.title"]).toBe("Trợ lý Thi đua – Khen thưởng");
    expect(en["page.title"]).not.toBe(vi["page.title"]);
    expect(unknown).toEqual(vi);
    expect(Object.keys(vi).some((k) => k.startsWith("server."))).toBe(false);
  });

  it("has the same keys in every locale's web.json", () => {
    const read = (lang: string) =>
      JSON.parse(readFileSync(new URL(`../../locales/${lang}/web.json`, import.meta.url), "utf8")) as object;
    expect(Object.keys(read("en")).sort()).toEqual(Object.keys(read("vi")).sort());
  });

  it("hands a typed message to the handler and returns its replies", async () => {
    const { base, handler } = await start();

    const res = await postJson(`${base}/api/messages`, { sessionId: SESSION_ID, messageId: "m1", text: "Xin chào\nbạn" });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ replies: REPLIES });
    expect(handler.received).toEqual([
      { channel: "web", chatId: SESSION_ID, senderId: SESSION_ID, messageId: "m1", text: "Xin chào\nbạn", clientIp: "127.0.0.1" },
    ]);
  });

  it("hands a pressed choice to the handler", async () => {
    const { base, handler } = await start();

    const res = await postJson(`${base}/api/messages`, { sessionId: SESSION_ID, messageId: "m2", choice: "nominate" });

    expect(res.status).toBe(200);
    expect(handler.received).toEqual([
      { channel: "web", chatId: SESSION_ID, senderId: SESSION_ID, messageId: "m2", choice: "nominate", clientIp: "127.0.0.1" },
    ]);
  });

  it.each([
    ["no text and no choice", { sessionId: SESSION_ID, messageId: "m1" }],
    ["blank text", { sessionId: SESSION_ID, messageId: "m1", text: "   " }],
    ["a short sessionId", { sessionId: "abc", messageId: "m1", text: "hi" }],
    ["a sessionId with other characters", { sessionId: "sess 0123456789", messageId: "m1", text: "hi" }],
    ["an empty messageId", { sessionId: SESSION_ID, messageId: "", text: "hi" }],
    ["a messageId over 64 characters", { sessionId: SESSION_ID, messageId: "x".repeat(65), text: "hi" }],
    ["text over 4000 characters", { sessionId: SESSION_ID, messageId: "m1", text: "a".repeat(4001) }],
    ["not an object", [1, 2, 3]],
  ])("rejects a body with %s with 400 and a Vietnamese message", async (_case, body) => {
    const { base, handler } = await start();

    const res = await postJson(`${base}/api/messages`, body);

    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(VIETNAMESE_LETTERS);
    expect(handler.received).toEqual([]);
  });

  it("rejects a body that is not JSON with 400", async () => {
    const { base, handler } = await start();

    const res = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{not json",
    });

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(VIETNAMESE_LETTERS);
    expect(handler.received).toEqual([]);
  });

  it("accepts text of exactly 4000 characters", async () => {
    const { base, handler } = await start();

    const res = await postJson(`${base}/api/messages`, { sessionId: SESSION_ID, messageId: "m1", text: "ữ".repeat(4000) });

    expect(res.status).toBe(200);
    expect(handler.received[0]?.text).toHaveLength(4000);
  });

  it("hands an uploaded photo to the handler with its exact bytes and file name", async () => {
    const { base, handler } = await start();

    const res = await fetch(`${base}/api/files`, {
      method: "POST",
      body: uploadForm([{ bytes: PNG_BYTES, name: "giấy khen.png", type: "image/png" }], "Ảnh giấy khen"),
    });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ replies: REPLIES });
    expect(handler.received).toHaveLength(1);
    const inbound = handler.received[0]!;
    expect(inbound).toMatchObject({
      channel: "web",
      chatId: SESSION_ID,
      senderId: SESSION_ID,
      messageId: "m-upload-1",
      text: "Ảnh giấy khen",
    });
    expect(inbound.files).toHaveLength(1);
    expect(inbound.files![0]!.fileName).toBe("giấy khen.png");
    expect(Array.from(inbound.files![0]!.bytes)).toEqual(Array.from(PNG_BYTES));
  });

  it("hands several files over in the order they were sent", async () => {
    const { base, handler } = await start();
    const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");

    const res = await fetch(`${base}/api/files`, {
      method: "POST",
      body: uploadForm([
        { bytes: PNG_BYTES, name: "a.png", type: "image/png" },
        { bytes: pdf, name: "b.pdf", type: "application/pdf" },
      ]),
    });

    expect(res.status).toBe(200);
    const inbound = handler.received[0]!;
    expect(inbound.text).toBeUndefined();
    expect(inbound.files?.map((f) => f.fileName)).toEqual(["a.png", "b.pdf"]);
    expect(Array.from(inbound.files![1]!.bytes)).toEqual(Array.from(pdf));
  });

  it("rejects a file one byte over the cap with 413 without calling the handler", async () => {
    const { base, handler } = await start();

    const res = await fetch(`${base}/api/files`, {
      method: "POST",
      body: uploadForm([{ bytes: new Uint8Array(MAX_UPLOAD_BYTES + 1), name: "big.png", type: "image/png" }]),
    });

    expect(res.status).toBe(413);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(VIETNAMESE_LETTERS);
    expect(error).toContain("1 KB");
    expect(handler.received).toEqual([]);
  });

  it("rejects a body far over the cap with 413 from its size alone", async () => {
    const { base, handler } = await start();

    const res = await fetch(`${base}/api/files`, {
      method: "POST",
      body: uploadForm([{ bytes: new Uint8Array(512 * 1024), name: "huge.pdf", type: "application/pdf" }]),
    });

    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(VIETNAMESE_LETTERS);
    expect(handler.received).toEqual([]);
  });

  it("rejects an upload without a file with 400", async () => {
    const { base, handler } = await start();

    const res = await fetch(`${base}/api/files`, { method: "POST", body: uploadForm([], "chỉ có chữ") });

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(VIETNAMESE_LETTERS);
    expect(handler.received).toEqual([]);
  });

  it("returns messages pushed through the sender once, then an empty list", async () => {
    const { base, sender } = await start();
    const reminder: OutgoingMessage = { text: "Nhắc: hồ sơ của bạn còn thiếu ảnh." };
    await sender.send(SESSION_ID, [reminder]);
    await sender.send("someone_else_123", [{ text: "không phải của bạn" }]);

    const first = await fetch(`${base}/api/pending?sessionId=${SESSION_ID}`);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ messages: [reminder] });

    const second = await fetch(`${base}/api/pending?sessionId=${SESSION_ID}`);
    expect(await second.json()).toEqual({ messages: [] });
  });

  it("rejects a pending poll without a valid sessionId with 400", async () => {
    const { base } = await start();

    const res = await fetch(`${base}/api/pending?sessionId=x`);

    expect(res.status).toBe(400);
  });

  it("answers 500 with a polite message and logs the error when the handler throws", async () => {
    const { base, handler, log } = await start();
    const secret = "SQLITE_BUSY: database is locked at /srv/data/app.db";
    handler.failWith = new Error(secret);

    const res = await postJson(`${base}/api/messages`, { sessionId: SESSION_ID, messageId: "m1", text: "hi" });

    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("SQLITE_BUSY");
    expect(text).not.toContain("app.db");
    expect(text).not.toMatch(/Error|\n\s+at /);
    expect((JSON.parse(text) as { error: string }).error).toMatch(VIETNAMESE_LETTERS);
    const logged = log.entries.filter((e) => e.level === "error");
    expect(logged).toHaveLength(1);
    expect(logged[0]!.o).toMatchObject({ err: handler.failWith, chatId: SESSION_ID, messageId: "m1" });
  });
});

describe("WebChatSender", () => {
  it("keeps only the newest 50 messages per chat", async () => {
    const sender = new WebChatSender();
    for (let i = 1; i <= 55; i++) await sender.send("chat_one", [{ text: `m${i}` }]);

    const drained = sender.drain("chat_one");

    expect(drained).toHaveLength(50);
    expect(drained[0]!.text).toBe("m6");
    expect(drained[49]!.text).toBe("m55");
    expect(sender.drain("chat_one")).toEqual([]);
    expect(sender.channel).toBe("web");
  });
});

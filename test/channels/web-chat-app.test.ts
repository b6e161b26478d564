import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConversationHandler, InboundMessage, OutgoingMessage } from "../../src/channels/channel-port.ts";
import { createWebChatApp } from "../../src/channels/web/web-chat-app.ts";
import { WebChatSender } from "../../src/channels/web/web-chat-sender.ts";
import { WebSessions } from "../../src/channels/web/web-sessions.ts";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { sqliteUrl } from "../support/test-databases.ts";
import { WebChatClient } from "../support/web-chat-client.ts";

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
const IDLE_MS = 30 * 86_400_000;
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
let db: Db;

beforeAll(async () => {
  db = (await openDatabase(sqliteUrl())).db;
});
afterAll(async () => {
  await db.$disconnect();
});

afterEach(async () => {
  const running = server;
  server = undefined;
  if (running === undefined) return;
  await new Promise<void>((resolve, reject) => running.close((err) => (err ? reject(err) : resolve())));
});

/**
 * Serves a fresh app on a free loopback port and returns its base URL, fakes, and a client that
 * behaves like the page (Origin, JSON, the session cookie).
 */
async function start(opts: { allowedHosts?: string[]; mount?: (app: ReturnType<typeof createWebChatApp>) => void } = {}) {
  const handler = new FakeHandler(REPLIES);
  const sender = new WebChatSender();
  const log = new MemoryLog();
  const sessions = new WebSessions({ db, now: () => new Date(), idleMs: IDLE_MS, serializeWrites: (work) => work() });
  const app = createWebChatApp({
    handler,
    sender,
    maxUploadBytes: MAX_UPLOAD_BYTES,
    log,
    sessions,
    allowedHosts: opts.allowedHosts ?? ["127.0.0.1", "localhost", "[::1]"],
  });
  opts.mount?.(app);
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => {
      resolve((server!.address() as AddressInfo).port);
    });
  });
  const base = `http://127.0.0.1:${port}`;
  return { base, port, handler, sender, log, client: new WebChatClient(base) };
}

/** A POST the way our page sends it: JSON, with the page's Origin. */
function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: new URL(url).origin, ...headers },
    body: JSON.stringify(body),
  });
}

/** A request over node:http, which, unlike fetch, lets a test choose the Host header. */
function rawRequest(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method, headers: init.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

function uploadForm(files: { bytes: Uint8Array<ArrayBuffer>; name: string; type: string }[], text?: string): FormData {
  const form = new FormData();
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
    const script = await js.text();
    expect(script).toContain("/api/messages");
    // No session id of the page's own any more (only the removal of an old one from localStorage).
    expect(script).not.toMatch(/sessionId\s*[:=]|[?&]sessionId|append\("sessionId"/);
    expect(script).toContain('removeItem(OLD_SESSION_KEY)');
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

  it("hands a typed message to the handler, from the socket's address, and returns its replies", async () => {
    const { base, handler } = await start();

    const res = await postJson(`${base}/api/messages`, { messageId: "m1", text: "Xin chào\nbạn" }, { "X-Forwarded-For": "203.0.113.9" });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ replies: REPLIES });
    expect(handler.received).toHaveLength(1);
    const inbound = handler.received[0]!;
    expect(inbound).toEqual({ channel: "web", chatId: inbound.chatId, senderId: inbound.chatId, messageId: "m1", text: "Xin chào\nbạn", clientIp: "127.0.0.1" });
  });

  it("hands a pressed button to the handler as its scope and position, and drops the free choice field", async () => {
    const { base, handler, client } = await start();

    const pressed = await client.post({ messageId: "m2", button: { scope: "menu", index: 1 } });
    const chosen = await client.post({ messageId: "m3", choice: "nominate" });

    expect(pressed.status).toBe(200);
    expect(handler.received[0]).toMatchObject({ messageId: "m2", button: { scope: "menu", index: 1 } });
    expect(handler.received[0]!.choice).toBeUndefined();
    expect(chosen.status).toBe(400);
    expect(handler.received).toHaveLength(1);
  });

  it.each([
    ["no text and no button", { messageId: "m1" }],
    ["blank text", { messageId: "m1", text: "   " }],
    ["a sessionId chosen by the client", { sessionId: "sess_0123456789abcdef", messageId: "m1", text: "hi" }],
    ["a button without a scope", { messageId: "m1", button: { index: 0 } }],
    ["a button with a negative index", { messageId: "m1", button: { scope: "menu", index: -1 } }],
    ["an empty messageId", { messageId: "", text: "hi" }],
    ["a messageId over 64 characters", { messageId: "x".repeat(65), text: "hi" }],
    ["text over 4000 characters", { messageId: "m1", text: "a".repeat(4001) }],
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
      headers: { "Content-Type": "application/json", Origin: base },
      body: "{not json",
    });

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(VIETNAMESE_LETTERS);
    expect(handler.received).toEqual([]);
  });

  it("accepts text of exactly 4000 characters", async () => {
    const { base, handler } = await start();

    const res = await postJson(`${base}/api/messages`, { messageId: "m1", text: "ữ".repeat(4000) });

    expect(res.status).toBe(200);
    expect(handler.received[0]?.text).toHaveLength(4000);
  });

  it("hands an uploaded photo to the handler with its exact bytes and file name", async () => {
    const { base, handler, client } = await start();

    const res = await fetch(`${base}/api/files`, {
      method: "POST",
      headers: client.headers(),
      body: uploadForm([{ bytes: PNG_BYTES, name: "giấy khen.png", type: "image/png" }], "Ảnh giấy khen"),
    });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ replies: REPLIES });
    expect(handler.received).toHaveLength(1);
    const inbound = handler.received[0]!;
    expect(inbound).toMatchObject({
      channel: "web",
      senderId: inbound.chatId,
      messageId: "m-upload-1",
      text: "Ảnh giấy khen",
      clientIp: "127.0.0.1",
    });
    expect(inbound.files).toHaveLength(1);
    expect(inbound.files![0]!.fileName).toBe("giấy khen.png");
    expect(Array.from(inbound.files![0]!.bytes)).toEqual(Array.from(PNG_BYTES));
  });

  it("hands several files over in the order they were sent", async () => {
    const { base, handler, client } = await start();
    const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");

    const res = await fetch(`${base}/api/files`, {
      method: "POST",
      headers: client.headers(),
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
    const { base, handler, client } = await start();

    const res = await fetch(`${base}/api/files`, {
      method: "POST",
      headers: client.headers(),
      body: uploadForm([{ bytes: new Uint8Array(MAX_UPLOAD_BYTES + 1), name: "big.png", type: "image/png" }]),
    });

    expect(res.status).toBe(413);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(VIETNAMESE_LETTERS);
    expect(error).toContain("1 KB");
    expect(handler.received).toEqual([]);
  });

  it("rejects a body far over the cap with 413 from its size alone", async () => {
    const { base, handler, client } = await start();

    const res = await fetch(`${base}/api/files`, {
      method: "POST",
      headers: client.headers(),
      body: uploadForm([{ bytes: new Uint8Array(512 * 1024), name: "huge.pdf", type: "application/pdf" }]),
    });

    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(VIETNAMESE_LETTERS);
    expect(handler.received).toEqual([]);
  });

  it("rejects an upload without a file with 400", async () => {
    const { base, handler, client } = await start();

    const res = await fetch(`${base}/api/files`, { method: "POST", headers: client.headers(), body: uploadForm([], "chỉ có chữ") });

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(VIETNAMESE_LETTERS);
    expect(handler.received).toEqual([]);
  });

  it("returns messages pushed to the cookie's session once, then an empty list, and nothing without a session", async () => {
    const { base, sender, handler, client } = await start();
    await client.say("/start");
    const chatId = handler.received[0]!.chatId;
    const reminder: OutgoingMessage = { text: "Nhắc: hồ sơ của bạn còn thiếu ảnh.", choices: [{ value: "a", label: "A" }], scope: "abcd1234" };
    await sender.send(chatId, [reminder]);
    await sender.send("someone_else_123", [{ text: "không phải của bạn" }]);

    expect(await (await fetch(`${base}/api/pending?sessionId=${chatId}`)).json()).toEqual({ messages: [] });
    expect(await client.pending()).toEqual([reminder]);
    expect(await client.pending()).toEqual([]);
  });

  it("answers 500 with a polite message and logs the error when the handler throws", async () => {
    const { base, handler, log } = await start();
    const secret = "SQLITE_BUSY: database is locked at /srv/data/app.db";
    handler.failWith = new Error(secret);

    const res = await postJson(`${base}/api/messages`, { messageId: "m1", text: "hi" });

    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("SQLITE_BUSY");
    expect(text).not.toContain("app.db");
    expect(text).not.toMatch(/Error|\n\s+at /);
    expect((JSON.parse(text) as { error: string }).error).toMatch(VIETNAMESE_LETTERS);
    const logged = log.entries.filter((e) => e.level === "error");
    expect(logged).toHaveLength(1);
    expect(logged[0]!.o).toMatchObject({ err: handler.failWith, chatId: handler.received[0]!.chatId, messageId: "m1" });
  });
});

describe("web chat app: cross-site requests", () => {
  it("refuses a text/plain body (what a hostile page can post without asking) with 415", async () => {
    const { base, handler } = await start();

    const res = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "Content-Type": "text/plain", Origin: base },
      body: JSON.stringify({ messageId: "m1", text: "/start" }),
    });

    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: string }).error).toMatch(VIETNAMESE_LETTERS);
    expect(handler.received).toEqual([]);
  });

  it("refuses an upload that is not multipart with 415", async () => {
    const { base, handler } = await start();

    const res = await fetch(`${base}/api/files`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base }, body: "messageId=m1" });

    expect(res.status).toBe(415);
    expect(handler.received).toEqual([]);
  });

  it.each([
    ["another site's Origin", { Origin: "http://evil.example" }],
    ["an Origin on another port", { Origin: "http://127.0.0.1:1" }],
    ["Origin null (a sandboxed frame)", { Origin: "null" }],
    ["Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site" }],
    ["Sec-Fetch-Site: same-site", { "Sec-Fetch-Site": "same-site" }],
    ["our Origin but Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site", Origin: "SELF" }],
    ["neither Origin nor Sec-Fetch-Site", {}],
  ])("refuses a message with %s with 403", async (_case, headers: Record<string, string>) => {
    const { base, handler, log } = await start();
    const resolved = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === "SELF" ? base : v]));

    const res = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...resolved },
      body: JSON.stringify({ messageId: "m1", text: "/start" }),
    });

    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(VIETNAMESE_LETTERS);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(handler.received).toEqual([]);
    expect(log.entries.some((e) => e.msg === "web chat: cross-site request refused")).toBe(true);
  });

  it("refuses a cross-site upload with 403", async () => {
    const { base, handler } = await start();

    const res = await fetch(`${base}/api/files`, {
      method: "POST",
      headers: { Origin: "http://evil.example" },
      body: uploadForm([{ bytes: PNG_BYTES, name: "a.png", type: "image/png" }]),
    });

    expect(res.status).toBe(403);
    expect(handler.received).toEqual([]);
  });

  it("accepts Sec-Fetch-Site: same-origin without an Origin", async () => {
    const { base, handler } = await start();

    const res = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Sec-Fetch-Site": "same-origin" },
      body: JSON.stringify({ messageId: "m1", text: "/start" }),
    });

    expect(res.status).toBe(200);
    expect(handler.received).toHaveLength(1);
  });

  it("refuses a Host name that is not ours on every route of the chat, GET included (DNS rebinding)", async () => {
    const { base, port, handler } = await start();
    const rebound = `evil.example:${port}`;

    for (const path of ["/", "/chat.js", "/chat.css", "/api/strings", "/api/pending"]) {
      const res = await rawRequest(`${base}${path}`, { method: "GET", headers: { Host: rebound } });
      expect(res.status, path).toBe(403);
    }
    const post = await rawRequest(`${base}/api/messages`, {
      method: "POST",
      headers: { Host: rebound, Origin: `http://${rebound}`, "Content-Type": "application/json" },
      body: JSON.stringify({ messageId: "m1", text: "/start" }),
    });
    expect(post.status).toBe(403);
    expect((JSON.parse(post.body) as { error: string }).error).toMatch(VIETNAMESE_LETTERS);
    expect(handler.received).toEqual([]);

    expect((await rawRequest(`${base}/`, { method: "GET", headers: { Host: `localhost:${port}` } })).status).toBe(200);
    expect((await rawRequest(`${base}/healthz`, { method: "GET", headers: { Host: rebound } })).status).toBe(200);
  });

  it("answers only the configured names when ALLOWED_HOSTS is set", async () => {
    const { base, port } = await start({ allowedHosts: ["chat.example.org"] });

    expect((await rawRequest(`${base}/`, { method: "GET", headers: { Host: "chat.example.org" } })).status).toBe(200);
    expect((await rawRequest(`${base}/`, { method: "GET", headers: { Host: `127.0.0.1:${port}` } })).status).toBe(403);
    const post = await rawRequest(`${base}/api/messages`, {
      method: "POST",
      headers: { Host: "chat.example.org", Origin: "https://chat.example.org", "Content-Type": "application/json" },
      body: JSON.stringify({ messageId: "m1", text: "/start" }),
    });
    expect(post.status).toBe(200);
  });

  it("leaves routes mounted later (webhooks with their own secret) out of these checks", async () => {
    let called = 0;
    const { base } = await start({
      mount: (app) =>
        app.post("/telegram/webhook", (c) => {
          called++;
          return c.json({ ok: true });
        }),
    });

    const res = await fetch(`${base}/telegram/webhook`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "{}" });

    expect(res.status).toBe(200);
    expect(called).toBe(1);
  });
});

describe("web chat app: sessions", () => {
  it("issues an HttpOnly, SameSite=Strict session cookie whose value is not the chatId, and keeps the chat with it", async () => {
    const { handler, client } = await start();

    const first = await client.send({ text: "/start" }, "m1");
    expect(first.status).toBe(200);
    const token = client.sessionToken!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await client.say("xin chào", "m2");
    const stranger = new WebChatClient(client.headers().origin!);
    await stranger.say("/start", "m1");

    const [a, b, c] = handler.received;
    expect(a!.chatId).toBe(b!.chatId);
    expect(c!.chatId).not.toBe(a!.chatId);
    expect(a!.chatId).not.toContain(token);
    expect(stranger.sessionToken).not.toBe(token);
    const row = await db.webSession.findUniqueOrThrow({ where: { chatId: a!.chatId } });
    expect(row.tokenHash).toBe(WebSessions.hashToken(token));
    expect(JSON.stringify(await db.webSession.findMany())).not.toContain(token);
  });

  it("sets the cookie's attributes: HttpOnly, SameSite=Strict, Path=/, the idle expiry, Secure only over HTTPS", async () => {
    const { base } = await start();
    const cookieOf = async (origin: string) => {
      const res = await fetch(`${base}/api/messages`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: origin },
        body: JSON.stringify({ messageId: "m1", text: "/start" }),
      });
      expect(res.status).toBe(200);
      return res.headers.getSetCookie().join("\n");
    };

    const plain = await cookieOf(base);
    expect(plain).toMatch(/^tdkt_session=[A-Za-z0-9_-]{43};/);
    expect(plain).toContain("HttpOnly");
    expect(plain).toContain("SameSite=Strict");
    expect(plain).toContain("Path=/");
    expect(plain).toContain(`Max-Age=${IDLE_MS / 1000}`);
    expect(plain).not.toContain("Secure");
    // Behind a TLS proxy the page's Origin is https.
    expect(await cookieOf(base.replace("http:", "https:"))).toContain("Secure");
  });

  it("gives an unknown or forged cookie a fresh session instead of taking it", async () => {
    const { base, handler } = await start();
    const forged = "A".repeat(43);

    const res = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: base, Cookie: `tdkt_session=${forged}` },
      body: JSON.stringify({ messageId: "m1", text: "/start" }),
    });

    expect(res.status).toBe(200);
    const issued = /tdkt_session=([^;]+)/.exec(res.headers.getSetCookie().join("\n"))?.[1];
    expect(issued).toBeDefined();
    expect(issued).not.toBe(forged);
    expect(await db.webSession.findUnique({ where: { tokenHash: WebSessions.hashToken(forged) } })).toBeNull();
    expect(handler.received[0]!.chatId).toBe((await db.webSession.findUniqueOrThrow({ where: { tokenHash: WebSessions.hashToken(issued!) } })).chatId);
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

/**
 * A fake Zalo Bot Platform server on 127.0.0.1, standing in for `bot-api.zaloplatforms.com` in
 * tests.
 *
 * It speaks the wire protocol the third-party docs describe (`POST /bot<token>/<method>` with a
 * JSON body; `{ ok: true, result }` or `{ ok: false, error_code, description }` answers, the HTTP
 * status matching the error code), so the product's adapter is tested exactly as it runs, pointed
 * here with `baseUrl`.
 *
 * It keeps what Zalo keeps and refuses what Zalo refuses, where an adapter could get it wrong:
 * there is no offset, so an update is gone once a `getUpdates` answer carried it; `result` is one
 * update object (as in the docs' sample) or, with {@link FakeZaloBot.resultShape} `"array"`, every
 * queued update; a poll that waited in vain answers 408 "Request timeout" as Zalo does;
 * `getUpdates` is refused while a webhook is set; text must be 1–2,000 characters; a webhook
 * needs an https URL and an 8–256 character secret. Long polls wait at most one second, so tests
 * stay fast. Pictures for `photo_url` are served from the same server.
 *
 * Only the methods the adapter uses are implemented; any other answers 404, so a gap shows up as
 * a failing test instead of a silent success.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { closeNow, listenOnLoopback } from "./loopback-server.ts";

/** One request the bot made, in arrival order. `failed` marks an answer forced by {@link FakeZaloBot.failNext}. */
export interface FakeZaloCall {
  method: string;
  /** Whatever the bot sent, parsed; deliberately untyped so tests can read it freely. */
  params: any;
  /** `Date.now()` when the request arrived. */
  at: number;
  failed?: true;
}

/** An error answer as Zalo sends it, minus `ok: false`. */
export interface ZaloErrorAnswer {
  error_code: number;
  description: string;
}

/** What the bot sent to a chat: a text message or a photo. */
export interface FakeZaloSent {
  message_id: string;
  date: number;
  text?: string;
  photo?: string;
  caption?: string;
}

/** A sender as Zalo describes one in an update. */
export interface FakeZaloSender {
  id: string;
  display_name: string;
  is_bot: boolean;
}

/** An update as the fake queues it (the shape the docs describe). */
export interface FakeZaloUpdate {
  event_name: string;
  message: {
    from: FakeZaloSender;
    chat: { id: string; chat_type: "PRIVATE" | "GROUP" };
    message_id: string;
    date: number;
    text?: string;
    photo_url?: string;
    caption?: string;
    sticker?: string;
  };
}

export interface FakeImageOptions {
  /** Streams the bytes without a content-length header, so only reading tells the size. */
  chunked?: boolean;
  /** Answers this HTTP status instead of the picture (e.g. 404 for an expired link). */
  status?: number;
  /** Last path segment of the URL. */
  fileName?: string;
}

interface StoredImage extends FakeImageOptions {
  bytes: Uint8Array;
}

type Params = Record<string, unknown>;
type Answer = { result: unknown } | { error: ZaloErrorAnswer };

const DEFAULT_TOKEN = "1459232241454765289:FakeZaloBotTokenAbcdefGhijklmnop";
const MAX_LONG_POLL_MS = 1000;
const MAX_TEXT_LENGTH = 2000;

export class FakeZaloBot {
  /** The bot's token; requests carrying another one get 401. */
  readonly token: string;
  /** What `getMe` answers. */
  readonly botInfo = { id: "1459232241454765289", account_name: "bot.TdktThu", account_type: "BASIC", can_join_groups: false };
  /** Every authenticated API request, in order, `getUpdates` polls included. */
  readonly calls: FakeZaloCall[] = [];
  /** Paths of picture requests, in order. */
  readonly downloads: string[] = [];
  /** `"object"`: one update per getUpdates answer (the docs' sample); `"array"`: all queued updates. */
  resultShape: "object" | "array" = "object";
  /** The webhook set with `setWebhook`, until `deleteWebhook`. Updates are not pushed to it. */
  webhook: { url: string; secret_token: string; updated_at: number } | undefined;

  private readonly server: Server;
  private root = "";
  private closed = false;
  private queue: unknown[] = [];
  private nextId = 1;
  private readonly sent = new Map<string, FakeZaloSent[]>();
  private readonly senders = new Map<string, FakeZaloSender>();
  private readonly images = new Map<string, StoredImage>();
  /** For each delivered update's message id, the index in {@link calls} of the poll that carried it. */
  private readonly deliveredBy = new Map<string, number>();
  private readonly failures = new Map<string, ZaloErrorAnswer[]>();
  private readonly waiters = new Set<() => void>();

  private constructor(token: string) {
    this.token = token;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        sendJson(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${err instanceof Error ? err.message : String(err)}` });
      });
    });
  }

  /** Starts a server on 127.0.0.1 on a free port. Close it with {@link close}. */
  static async start(opts: { token?: string } = {}): Promise<FakeZaloBot> {
    const fake = new FakeZaloBot(opts.token ?? DEFAULT_TOKEN);
    fake.root = await listenOnLoopback(fake.server);
    return fake;
  }

  /** The value for the channel's `baseUrl`, e.g. `http://127.0.0.1:54321`. */
  get baseUrl(): string {
    return this.root;
  }

  /** Updates queued and not yet returned by a poll, oldest first. */
  get pendingUpdates(): readonly unknown[] {
    return this.queue;
  }

  /** Stops the server, ends pending long polls and drops keep-alive connections. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const wake of [...this.waiters]) wake();
    await closeNow(this.server);
  }

  // ---------------------------------------------------------------- updates a test pushes

  /** Queues any update (of any shape) for `getUpdates`. */
  pushUpdate(update: unknown): void {
    this.queue.push(structuredClone(update));
    for (const wake of [...this.waiters]) wake();
  }

  /** A `message.text.received` update from the person of this private chat, not queued. */
  textUpdate(chatId: string, text: string): FakeZaloUpdate {
    return this.update(chatId, "message.text.received", { text });
  }

  /** A person writes `text`; returns the message id. */
  sendText(chatId: string, text: string): string {
    return this.queued(this.textUpdate(chatId, text));
  }

  /** A person sends a picture (a URL from {@link addImage}), with an optional caption; returns the message id. */
  sendImage(chatId: string, photoUrl: string, opts: { caption?: string } = {}): string {
    return this.queued(this.update(chatId, "message.image.received", { photo_url: photoUrl, ...(opts.caption !== undefined ? { caption: opts.caption } : {}) }));
  }

  /** A person sends a sticker; returns the message id. */
  sendSticker(chatId: string): string {
    return this.queued(this.update(chatId, "message.sticker.received", { sticker: "0e078a2fb66a5f34067b" }));
  }

  /** A message Zalo itself cannot pass to bots (voice, file, location…); returns the message id. */
  sendUnsupported(chatId: string): string {
    return this.queued(this.update(chatId, "message.unsupported.received", {}));
  }

  /** Sets the person who writes in a private chat (default: display name "Lan"). */
  setSender(chatId: string, sender: Partial<Omit<FakeZaloSender, "id">>): void {
    this.senders.set(chatId, { ...this.senderOf(chatId), ...sender });
  }

  /** Serves `bytes` as a picture and returns its URL, for `photo_url`. */
  addImage(bytes: Uint8Array, opts: FakeImageOptions = {}): string {
    const id = String(this.images.size + 1);
    this.images.set(id, { ...opts, bytes: bytes.slice() });
    return `${this.root}/images/${id}/${encodeURIComponent(opts.fileName ?? "photo.jpg")}`;
  }

  /**
   * Makes the next `times` calls of `method` answer `error` (status = `error_code`) instead of
   * running. Such calls are recorded with `failed: true`.
   */
  failNext(method: string, error: ZaloErrorAnswer, times = 1): void {
    const queued = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queued.push(structuredClone(error));
    this.failures.set(method, queued);
  }

  /** POSTs `body` to a webhook URL as Zalo would, with the secret header when `secret` is given. */
  static postToWebhook(url: string, body: unknown, secret?: string): Promise<Response> {
    return fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret !== undefined ? { "X-Bot-Api-Secret-Token": secret } : {}) },
      body: JSON.stringify(body),
    });
  }

  // ---------------------------------------------------------------- readers for assertions

  /** What the bot sent to a chat, in order. */
  messagesTo(chatId: string): FakeZaloSent[] {
    return structuredClone(this.sent.get(chatId) ?? []);
  }

  /** The texts the bot sent to a chat, in order. */
  textsTo(chatId: string): string[] {
    return (this.sent.get(chatId) ?? []).flatMap((m) => (m.text !== undefined ? [m.text] : []));
  }

  /**
   * Resolves once `predicate(calls)` holds, checking every 20 ms. On timeout it rejects with the
   * methods called so far, which usually says what went wrong.
   */
  async waitForCalls(predicate: (calls: readonly FakeZaloCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (predicate(this.calls)) return;
      if (Date.now() >= deadline) {
        const methods = this.calls.map((c) => (c.failed ? `${c.method}(failed)` : c.method));
        throw new Error(`waitForCalls: condition not met within ${timeoutMs} ms; calls so far: [${methods.slice(-40).join(", ")}]`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Resolves once the update with this message id was returned by a poll and a later poll came
   * in: a bot that asks for more only after handling what it has has then handled it.
   */
  waitForHandled(messageId: string, timeoutMs = 10_000): Promise<void> {
    return this.waitForCalls((calls) => {
      const index = this.deliveredBy.get(messageId);
      return index !== undefined && calls.slice(index + 1).some((c) => c.method === "getUpdates");
    }, timeoutMs);
  }

  // ---------------------------------------------------------------- HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const image = /^\/images\/(\d+)\/[^/]+$/.exec(url.pathname);
    if (image !== null) {
      this.serveImage(req, res, image[1]!, url.pathname);
      return;
    }
    const api = /^\/bot([^/]+)\/([A-Za-z]*)$/.exec(url.pathname);
    if (api === null) {
      sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    if (decodeURIComponent(api[1] ?? "") !== this.token) {
      sendJson(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      return;
    }
    const method = api[2] ?? "";
    let params: Params;
    try {
      params = await readParams(req, url);
    } catch (err) {
      sendJson(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    const call: FakeZaloCall = { method, params, at: Date.now() };
    this.calls.push(call);
    const forced = this.failures.get(method)?.shift();
    const answer: Answer = forced !== undefined ? { error: forced } : await this.dispatch(method, params, res, this.calls.length - 1);
    if (forced !== undefined) call.failed = true;
    if ("error" in answer) sendJson(res, answer.error.error_code, { ok: false, ...answer.error });
    else sendJson(res, 200, { ok: true, result: answer.result });
  }

  private serveImage(req: IncomingMessage, res: ServerResponse, id: string, path: string): void {
    const image = req.method === "GET" ? this.images.get(id) : undefined;
    this.downloads.push(path);
    if (image === undefined) {
      sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    if (image.status !== undefined && image.status !== 200) {
      res.writeHead(image.status, { "content-type": "text/plain" });
      res.end("gone");
      return;
    }
    res.on("error", () => undefined);
    if (!image.chunked) {
      res.writeHead(200, { "content-type": "image/jpeg", "content-length": image.bytes.length });
      res.end(image.bytes);
      return;
    }
    res.writeHead(200, { "content-type": "image/jpeg" });
    const chunk = 64 * 1024;
    let offset = 0;
    const pump = (): void => {
      while (offset < image.bytes.length && !res.destroyed) {
        const piece = image.bytes.subarray(offset, offset + chunk);
        offset += piece.length;
        if (!res.write(piece)) {
          res.once("drain", pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    pump();
  }

  private dispatch(method: string, params: Params, res: ServerResponse, callIndex: number): Answer | Promise<Answer> {
    switch (method) {
      case "getMe": return { result: this.botInfo };
      case "getUpdates": return this.getUpdates(params, res, callIndex);
      case "sendMessage": return this.sendMessage(params);
      case "sendPhoto": return this.sendPhoto(params);
      case "sendChatAction": return this.sendChatAction(params);
      case "setWebhook": return this.setWebhook(params);
      case "deleteWebhook": {
        this.webhook = undefined;
        return { result: { url: "", updated_at: Date.now() } };
      }
      case "getWebhookInfo": return { result: { url: this.webhook?.url ?? "", updated_at: this.webhook?.updated_at ?? 0 } };
      default: return fail(404, "Not Found: method not found");
    }
  }

  // ---------------------------------------------------------------- methods

  private async getUpdates(params: Params, res: ServerResponse, callIndex: number): Promise<Answer> {
    if (this.webhook !== undefined) return fail(409, "Conflict: getUpdates is not available while a webhook is set; use deleteWebhook first");
    const timeout = Math.max(0, Number(params.timeout ?? 30) || 0);
    if (this.queue.length === 0 && timeout > 0 && !this.closed) await this.waitForPush(Math.min(timeout * 1000, MAX_LONG_POLL_MS), res);
    if (this.queue.length === 0) return fail(408, "Request timeout");
    // No offset: what is returned now is gone from the queue.
    const taken = this.resultShape === "array" ? this.queue.splice(0, 100) : this.queue.splice(0, 1);
    for (const u of taken) {
      const id = (u as { message?: { message_id?: unknown } })?.message?.message_id;
      if (id !== undefined) this.deliveredBy.set(String(id), callIndex);
    }
    return { result: this.resultShape === "array" ? taken : taken[0] };
  }

  private waitForPush(ms: number, res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        res.off("close", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
      // The client gave up (the channel aborts its poll on stop()).
      res.once("close", done);
    });
  }

  private sendMessage(params: Params): Answer {
    const chatId = stringParam(params, "chat_id");
    if (chatId === undefined) return fail(400, "Bad Request: chat_id is required");
    const text = params.text;
    if (typeof text !== "string" || text.length === 0 || text.length > MAX_TEXT_LENGTH) {
      return fail(400, `Bad Request: text must be 1–${MAX_TEXT_LENGTH} characters`);
    }
    return { result: this.record(chatId, { text }) };
  }

  private sendPhoto(params: Params): Answer {
    const chatId = stringParam(params, "chat_id");
    if (chatId === undefined) return fail(400, "Bad Request: chat_id is required");
    if (typeof params.photo !== "string" || !/^https?:\/\//.test(params.photo)) return fail(400, "Bad Request: photo must be a URL");
    if (params.caption !== undefined && (typeof params.caption !== "string" || params.caption.length > MAX_TEXT_LENGTH)) {
      return fail(400, `Bad Request: caption must be 1–${MAX_TEXT_LENGTH} characters`);
    }
    return { result: this.record(chatId, { photo: params.photo, ...(typeof params.caption === "string" ? { caption: params.caption } : {}) }) };
  }

  private sendChatAction(params: Params): Answer {
    if (stringParam(params, "chat_id") === undefined) return fail(400, "Bad Request: chat_id is required");
    if (params.action !== "typing" && params.action !== "upload_photo") return fail(400, "Bad Request: unknown action");
    return { result: true };
  }

  private setWebhook(params: Params): Answer {
    const url = params.url;
    const secret = params.secret_token;
    if (typeof url !== "string" || !url.startsWith("https://")) return fail(400, "Bad Request: url must be an https URL");
    if (typeof secret !== "string" || secret.length < 8 || secret.length > 256) return fail(400, "Bad Request: secret_token must be 8–256 characters");
    this.webhook = { url, secret_token: secret, updated_at: Date.now() };
    return { result: { url, updated_at: this.webhook.updated_at } };
  }

  // ---------------------------------------------------------------- state

  private update(chatId: string, eventName: string, content: Partial<FakeZaloUpdate["message"]>): FakeZaloUpdate {
    return {
      event_name: eventName,
      message: { from: this.senderOf(chatId), chat: { id: chatId, chat_type: "PRIVATE" }, message_id: this.newMessageId(), date: Date.now(), ...content },
    };
  }

  private queued(update: FakeZaloUpdate): string {
    this.pushUpdate(update);
    return update.message.message_id;
  }

  private senderOf(chatId: string): FakeZaloSender {
    return this.senders.get(chatId) ?? { id: chatId, display_name: "Lan", is_bot: false };
  }

  /** Zalo's ids are 20 hex digits, e.g. "16f6366b3f02645a3d15". */
  private newMessageId(): string {
    return (0x16f6366b3f02645a0000n + BigInt(this.nextId++)).toString(16).padStart(20, "0");
  }

  private record(chatId: string, content: Omit<FakeZaloSent, "message_id" | "date">): { message_id: string; date: number } {
    const message: FakeZaloSent = { message_id: this.newMessageId(), date: Date.now(), ...content };
    this.sent.set(chatId, [...(this.sent.get(chatId) ?? []), message]);
    return { message_id: message.message_id, date: message.date };
  }
}

// ---------------------------------------------------------------- wire helpers

function fail(errorCode: number, description: string): Answer {
  return { error: { error_code: errorCode, description } };
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function stringParam(params: Params, key: string): string | undefined {
  const value = params[key];
  if (typeof value === "string" && value !== "") return value;
  return undefined;
}

/** Query-string parameters, then a JSON body (the only body the docs show). */
async function readParams(req: IncomingMessage, url: URL): Promise<Params> {
  const params: Params = Object.fromEntries(url.searchParams);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (body.length === 0) return params;
  const mediaType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "application/json") throw new Error(`unsupported content type "${mediaType}"`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new Error("can't parse JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("JSON body must be an object");
  return Object.assign(params, parsed);
}

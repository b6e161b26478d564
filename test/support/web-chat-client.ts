/**
 * Drives the web chat over HTTP the way its page (chat.js) does: JSON bodies, the page's Origin,
 * the session cookie the server sets kept and sent back, and buttons pressed by position with
 * the scope of the message that showed them. Used by tests, the crash test and benchmarks; throws
 * (rather than asserting) so it works outside vitest.
 */
import { randomUUID } from "node:crypto";
import type { OutgoingMessage } from "../../src/channels/channel-port.ts";
import { SESSION_COOKIE } from "../../src/channels/web/web-chat-app.ts";

/** What a POST answered. */
export interface WebAnswer {
  status: number;
  body: { replies?: OutgoingMessage[]; error?: string };
}

export class WebChatClient {
  /** The session cookie's value once the server has set one. */
  sessionToken: string | undefined;
  /** The replies of the last successful message, where {@link press} looks for buttons. */
  lastReplies: OutgoingMessage[] = [];
  /** The id of the last message sent, for a resend. */
  lastMessageId = "";
  readonly #base: string;
  readonly #origin: string;

  /** `base` is the server's root URL, e.g. `http://127.0.0.1:3000`; the page's Origin is derived from it. */
  constructor(base: string) {
    this.#base = base.replace(/\/$/, "");
    this.#origin = new URL(base).origin;
  }

  /** The same browser talking to another server (a restarted process): same cookie, same last replies. */
  at(base: string): WebChatClient {
    const moved = new WebChatClient(base);
    moved.sessionToken = this.sessionToken;
    moved.lastReplies = this.lastReplies;
    moved.lastMessageId = this.lastMessageId;
    return moved;
  }

  /** Headers every request of the page carries: its Origin and the cookie, when there is one. */
  headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      origin: this.#origin,
      ...(this.sessionToken !== undefined ? { cookie: `${SESSION_COOKIE}=${this.sessionToken}` } : {}),
      ...extra,
    };
  }

  /** Posts a JSON body to `/api/messages` as it is; keeps the cookie the answer sets. */
  async post(body: unknown): Promise<WebAnswer> {
    const res = await fetch(`${this.#base}/api/messages`, {
      method: "POST",
      headers: this.headers({ "content-type": "application/json" }),
      body: JSON.stringify(body),
    });
    return this.#read(res);
  }

  /** Sends typed text with a fresh messageId (or the given one) and returns the replies; throws on any other answer. */
  async say(text: string, messageId: string = randomUUID()): Promise<OutgoingMessage[]> {
    return this.#ok(await this.send({ text }, messageId), text);
  }

  /**
   * Presses the button whose value is `value` among the choices of the last replies, sending its
   * position and scope; throws when no such button was offered or the answer is not 200.
   */
  async press(value: string, messageId: string = randomUUID()): Promise<OutgoingMessage[]> {
    return this.#ok(await this.send({ button: this.button(value) }, messageId), `[${value}]`);
  }

  /** The `{ scope, index }` of the button `value` among the last replies' choices. */
  button(value: string): { scope: string; index: number } {
    for (const message of [...this.lastReplies].reverse()) {
      const index = message.choices?.findIndex((c) => c.value === value) ?? -1;
      if (index >= 0 && message.scope !== undefined) return { scope: message.scope, index };
    }
    throw new Error(`no button ${value} in the last replies: ${JSON.stringify(this.lastReplies)}`);
  }

  /** Sends one message (`text` and/or `button`) with `messageId`; returns the raw answer. */
  async send(input: { text?: string; button?: { scope: string; index: number } }, messageId: string = randomUUID()): Promise<WebAnswer> {
    this.lastMessageId = messageId;
    const answer = await this.post({ messageId, ...input });
    if (answer.status === 200 && Array.isArray(answer.body.replies)) this.lastReplies = answer.body.replies;
    return answer;
  }

  /** Uploads files (with optional text) as the page does; returns the raw answer. */
  async upload(files: Array<{ bytes: Uint8Array<ArrayBuffer>; name: string; type: string }>, text?: string, messageId: string = randomUUID()): Promise<WebAnswer> {
    const form = new FormData();
    form.set("messageId", messageId);
    if (text !== undefined) form.set("text", text);
    for (const f of files) form.append("file", new Blob([f.bytes], { type: f.type }), f.name);
    this.lastMessageId = messageId;
    const answer = await this.#read(await fetch(`${this.#base}/api/files`, { method: "POST", headers: this.headers(), body: form }));
    if (answer.status === 200 && Array.isArray(answer.body.replies)) this.lastReplies = answer.body.replies;
    return answer;
  }

  /** Polls `GET /api/pending` and returns the messages waiting for this session. */
  async pending(): Promise<OutgoingMessage[]> {
    const res = await fetch(`${this.#base}/api/pending`, { headers: this.headers() });
    const answer = await this.#read(res);
    const messages = (answer.body as { messages?: OutgoingMessage[] }).messages;
    if (answer.status !== 200 || !Array.isArray(messages)) throw new Error(`GET /api/pending → ${answer.status} ${JSON.stringify(answer.body)}`);
    return messages;
  }

  async #read(res: Response): Promise<WebAnswer> {
    for (const header of res.headers.getSetCookie()) {
      const [pair = ""] = header.split(";");
      const eq = pair.indexOf("=");
      if (pair.slice(0, eq).trim() === SESSION_COOKIE) this.sessionToken = pair.slice(eq + 1).trim();
    }
    const text = await res.text();
    let body: WebAnswer["body"];
    try {
      body = JSON.parse(text) as WebAnswer["body"];
    } catch {
      body = { error: text };
    }
    return { status: res.status, body };
  }

  #ok(answer: WebAnswer, what: string): OutgoingMessage[] {
    if (answer.status !== 200 || !Array.isArray(answer.body.replies)) {
      throw new Error(`${what} → HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer.body.replies;
  }
}

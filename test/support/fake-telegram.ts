/**
 * A fake Telegram Bot API server on 127.0.0.1, standing in for `api.telegram.org` in tests.
 *
 * It speaks the real wire protocol (`POST /bot<token>/<method>` with a JSON, form-urlencoded or
 * multipart body; `{ ok, result }` or `{ ok: false, error_code, description, parameters }` answers
 * with the matching HTTP status; `GET /file/bot<token>/<file_path>` for downloads), so the product's
 * grammY adapter is tested exactly as it runs, pointed here with `client: { apiRoot }`.
 *
 * It keeps what Telegram keeps and refuses what Telegram refuses, where an adapter could get it
 * wrong: updates stay queued until a `getUpdates` offset confirms them, `getUpdates` conflicts with
 * a webhook and with a newer `getUpdates`, `allowed_updates` filters new updates, an edit that
 * changes nothing is refused, an edit without `reply_markup` removes the inline keyboard, a
 * download path exists only after `getFile`, files over 20 MB cannot be fetched, and an unknown
 * callback query cannot be answered. Long polls wait at most one second, so tests stay fast.
 *
 * Only the methods the adapter uses are implemented; any other answers 404 like an unknown method,
 * so a gap shows up as a failing test instead of a silent success.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { closeNow, listenOnLoopback } from "./loopback-server.ts";
import type { BotCommand, Chat, Message, PhotoSize, Update, User, UserFromGetMe } from "grammy/types";

/** One request the bot made, in arrival order. `failed` marks an answer forced by {@link FakeTelegram.failNext}. */
export interface FakeTelegramCall {
  method: string;
  /** Whatever the bot sent, parsed; deliberately untyped so tests can read it freely. */
  params: any;
  /** `Date.now()` when the request arrived. */
  at: number;
  failed?: true;
}

/** An error answer as Telegram sends it, minus `ok: false`. */
export interface TelegramErrorAnswer {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** A bot message as it currently stands in the chat (after any edits). */
export interface FakeSentMessage {
  message_id: number;
  text: string;
  reply_markup?: any;
}

/** A file the bot uploaded with `sendDocument`. */
export interface FakeSentDocument {
  chatId: number;
  message_id: number;
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
  caption?: string;
}

/** The webhook the bot registered with `setWebhook`. */
export interface FakeWebhook {
  url: string;
  secret_token?: string;
  allowed_updates?: string[];
}

/** What a test may pass to {@link FakeTelegram.pushUpdate}: any update, with or without an id. */
export type UpdateInput = Omit<Update, "update_id"> & { update_id?: number };

type Params = Record<string, unknown>;
type Answer = { result: unknown } | { error: TelegramErrorAnswer };
type ChatType = "private" | "group" | "supergroup";
type NonChannelChat = Exclude<Chat, Chat.ChannelChat>;

/** A bot message as stored; `reply_markup` is whatever the bot sent, reply keyboards included. */
type StoredMessage = Omit<Message, "reply_markup"> & { reply_markup?: unknown };

interface ChatState {
  chat: NonChannelChat;
  /** The person who writes in this chat when a helper builds an update. */
  user: User;
  /** Message ids are per chat and shared by both sides, as in a private chat on Telegram. */
  nextMessageId: number;
  botMessages: StoredMessage[];
}

interface StoredFile {
  file_id: string;
  file_unique_id: string;
  bytes: Uint8Array;
  /** What Telegram claims; may exceed `bytes.length` (see {@link FakeTelegram.registerFile}). */
  fileSize: number;
  folder: "photos" | "documents";
  extension: string;
  /** Assigned by the first `getFile`, as Telegram does; only then can the file be downloaded. */
  filePath?: string;
}

interface PendingPoll {
  terminated: boolean;
  wake: () => void;
}

const DEFAULT_TOKEN = "123456:TEST-token";
const FIRST_UPDATE_ID = 1000;
/** Telegram's own cap on a long poll is 50 s; the fake waits at most this long to keep tests fast. */
const MAX_LONG_POLL_MS = 1000;
const MAX_TEXT_LENGTH = 4096;
/** Bots can download files up to 20 MB (platform notes). */
const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
/** Update types Telegram leaves out when `allowed_updates` is unset or empty. */
const OPT_IN_UPDATE_TYPES = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

/** Form fields that Telegram reads as integers, booleans or JSON; every other field stays a string. */
const INTEGER_FIELDS = new Set([
  "chat_id", "message_id", "offset", "limit", "timeout", "cache_time", "max_connections",
  "message_thread_id", "reply_to_message_id", "user_id",
]);
const BOOLEAN_FIELDS = new Set([
  "show_alert", "disable_notification", "protect_content", "drop_pending_updates",
  "disable_web_page_preview", "allow_sending_without_reply",
]);
const JSON_FIELDS = new Set([
  "reply_markup", "entities", "caption_entities", "allowed_updates", "commands", "scope",
  "link_preview_options", "reply_parameters",
]);

const NOT_MODIFIED =
  "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

export class FakeTelegram {
  /** The bot's token; requests carrying another one get 401. */
  readonly token: string;
  /** What `getMe` answers; pass it to `new Bot(token, { botInfo })` to skip that call. */
  readonly botInfo: UserFromGetMe = {
    id: 123456,
    is_bot: true,
    first_name: "TĐKT",
    username: "tdkt_test_bot",
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
  /** Every authenticated API request, in order, `getUpdates` polls included. */
  readonly calls: FakeTelegramCall[] = [];
  /** Files the bot sent with `sendDocument` (uploaded as multipart), in the order sent. */
  readonly documents: FakeSentDocument[] = [];
  /** Commands set with `setMyCommands`, by `language_code` (`""` when none was given). Scopes are not told apart. */
  readonly commands = new Map<string, BotCommand[]>();
  /** Updates refused at push time because the current `allowed_updates` excludes their type. */
  readonly discardedUpdates: Update[] = [];
  /** The highest `offset` a `getUpdates` call has confirmed (0 before any). */
  confirmedOffset = 0;
  /** The last `allowed_updates` sent with `getUpdates` or `setWebhook`; undefined until one is. */
  allowedUpdates: string[] | undefined;
  /** The webhook set with `setWebhook`, until `deleteWebhook`. Updates are not pushed to it. */
  webhook: FakeWebhook | undefined;

  private readonly server: Server;
  private root = "";
  private closed = false;
  private queue: Update[] = [];
  private nextUpdateId = FIRST_UPDATE_ID;
  private readonly chats = new Map<number, ChatState>();
  private readonly files = new Map<string, StoredFile>();
  private readonly filesByPath = new Map<string, StoredFile>();
  private fileCounter = 0;
  private callbackCounter = 0;
  private readonly callbackQueryIds = new Set<string>();
  private readonly failures = new Map<string, TelegramErrorAnswer[]>();
  private readonly waiters = new Set<() => void>();
  private readonly callListeners = new Set<(call: FakeTelegramCall) => void>();
  private pendingPoll: PendingPoll | undefined;

  private constructor(token: string) {
    this.token = token;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        const description = `Internal Server Error: ${err instanceof Error ? err.message : String(err)}`;
        sendJson(res, 500, { ok: false, error_code: 500, description });
      });
    });
  }

  /** Starts a server on 127.0.0.1 on a free port. Close it with {@link close}. */
  static async start(opts: { token?: string } = {}): Promise<FakeTelegram> {
    const fake = new FakeTelegram(opts.token ?? DEFAULT_TOKEN);
    fake.root = await listenOnLoopback(fake.server);
    return fake;
  }

  /** The value for grammY's `client.apiRoot`, e.g. `http://127.0.0.1:54321`. */
  get apiRoot(): string {
    return this.root;
  }

  /** Updates queued and not yet confirmed, oldest first. */
  get pendingUpdates(): readonly Update[] {
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

  /**
   * Queues an update for `getUpdates` and returns its `update_id`: the given one, or the next
   * in sequence (from 1000). If the bot's current `allowed_updates` excludes the update's type,
   * Telegram never creates it: it lands in {@link discardedUpdates} instead of the queue.
   */
  pushUpdate(update: UpdateInput): number {
    const updateId = update.update_id ?? this.nextUpdateId;
    if (updateId < this.confirmedOffset) {
      throw new Error(`pushUpdate: update_id ${updateId} is below the confirmed offset ${this.confirmedOffset} and would never be delivered`);
    }
    this.nextUpdateId = Math.max(this.nextUpdateId, updateId + 1);
    const stored: Update = { ...structuredClone(update), update_id: updateId };
    if (!this.isAllowed(stored)) {
      this.discardedUpdates.push(stored);
      return updateId;
    }
    this.queue.push(stored);
    this.queue.sort((a, b) => a.update_id - b.update_id);
    for (const wake of [...this.waiters]) wake();
    return updateId;
  }

  /**
   * A person writes `text` in the chat. Commands (text starting with "/") carry a `bot_command`
   * entity. In a private chat the sender's id is the chat id; in a group it is `|chatId|` unless
   * `opts.from.id` says otherwise. Returns the update_id.
   */
  sendText(chatId: number, text: string, opts: { from?: Partial<User>; chatType?: ChatType } = {}): number {
    const state = this.chatState(chatId, opts);
    const message: Message & Update.NonChannel = {
      message_id: state.nextMessageId++,
      from: state.user,
      chat: state.chat,
      date: unixNow(),
      text,
    };
    if (text.startsWith("/")) {
      const command = text.split(/\s/, 1)[0] ?? text;
      message.entities = [{ type: "bot_command", offset: 0, length: command.length }];
    }
    return this.pushUpdate({ message });
  }

  /**
   * A person presses an inline button with callback `data` under the bot's message `messageId`.
   * The update carries that message as the fake holds it now (edits and keyboard included).
   * Throws when the bot sent no such message: that is a mistake in the test.
   */
  pressButton(chatId: number, messageId: number, data: string): number {
    const state = this.chats.get(chatId);
    const message = state?.botMessages.find((m) => m.message_id === messageId);
    if (state === undefined || message === undefined) {
      const known = state?.botMessages.map((m) => m.message_id).join(", ") ?? "";
      throw new Error(`pressButton: the bot sent no message ${messageId} to chat ${chatId} (its messages there: [${known}])`);
    }
    this.callbackCounter += 1;
    // Real ids are 64-bit decimal strings: too big for a JS number, which keeps adapters honest.
    const id = (7_000_000_000_000_000_000n + BigInt(this.callbackCounter)).toString();
    this.callbackQueryIds.add(id);
    return this.pushUpdate({
      callback_query: {
        id,
        from: state.user,
        chat_instance: (BigInt(Math.trunc(Math.abs(chatId))) * 1_000_003n).toString(),
        data,
        // The stored reply_markup is what the bot sent, which for a pressed button is an inline keyboard.
        message: structuredClone(message) as Message,
      },
    });
  }

  /**
   * A person sends photos, one message (and update) each, as Telegram delivers an album. Each
   * message has two sizes: a thumbnail that serves only the first quarter of the bytes (so a
   * test can tell which size the adapter downloaded) and the full photo, whose `file_size` is
   * `bytes.length`. The caption rides on the first photo. Returns the update_ids.
   */
  sendPhotos(chatId: number, files: { bytes: Uint8Array }[], opts: { mediaGroupId?: string; caption?: string } = {}): number[] {
    const state = this.chatState(chatId, {});
    return files.map(({ bytes }, index) => {
      const thumbBytes = bytes.length > 1 ? bytes.slice(0, Math.ceil(bytes.length / 4)) : bytes;
      const thumb = this.storeFile(thumbBytes, thumbBytes.length, "photos", ".jpg");
      const full = this.storeFile(bytes, bytes.length, "photos", ".jpg");
      const photo: PhotoSize[] = [
        { file_id: thumb.file_id, file_unique_id: thumb.file_unique_id, width: 90, height: 68, file_size: thumb.fileSize },
        { file_id: full.file_id, file_unique_id: full.file_unique_id, width: 1280, height: 960, file_size: full.fileSize },
      ];
      const message: Message & Update.NonChannel = {
        message_id: state.nextMessageId++,
        from: state.user,
        chat: state.chat,
        date: unixNow(),
        photo,
      };
      if (opts.mediaGroupId !== undefined) message.media_group_id = opts.mediaGroupId;
      if (opts.caption !== undefined && index === 0) message.caption = opts.caption;
      return this.pushUpdate({ message });
    });
  }

  /** A person sends a file as a document. Its download path keeps the file name's extension. Returns the update_id. */
  sendDocument(chatId: number, bytes: Uint8Array, fileName: string, mimeType: string, opts: { caption?: string } = {}): number {
    const state = this.chatState(chatId, {});
    const dot = fileName.lastIndexOf(".");
    const file = this.storeFile(bytes, bytes.length, "documents", dot > 0 ? fileName.slice(dot) : "");
    const message: Message & Update.NonChannel = {
      message_id: state.nextMessageId++,
      from: state.user,
      chat: state.chat,
      date: unixNow(),
      document: {
        file_id: file.file_id,
        file_unique_id: file.file_unique_id,
        file_name: fileName,
        mime_type: mimeType,
        file_size: file.fileSize,
      },
    };
    if (opts.caption !== undefined) message.caption = opts.caption;
    return this.pushUpdate({ message });
  }

  /**
   * Makes bytes available to `getFile` and download and returns their file_id. `fileSize` lets a
   * test claim a bigger file than it holds, to test size caps without huge buffers; over 20 MB,
   * `getFile` refuses it as Telegram does.
   */
  registerFile(bytes: Uint8Array, opts: { fileSize?: number } = {}): string {
    return this.storeFile(bytes, opts.fileSize ?? bytes.length, "photos", ".jpg").file_id;
  }

  /**
   * Makes the next `times` calls of `method` answer `response` (status = `error_code`) instead of
   * running, e.g. `{ error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } }`.
   * Such calls are recorded with `failed: true`.
   */
  failNext(method: string, response: TelegramErrorAnswer, times = 1): void {
    const key = method.toLowerCase();
    const queued = this.failures.get(key) ?? [];
    for (let i = 0; i < times; i += 1) queued.push(structuredClone(response));
    this.failures.set(key, queued);
  }

  // ---------------------------------------------------------------- readers for assertions

  /** The bot's text messages to a chat, in the order sent, as they read now (edits applied). */
  messagesTo(chatId: number): FakeSentMessage[] {
    const state = this.chats.get(chatId);
    if (state === undefined) return [];
    return state.botMessages.flatMap((m) => {
      if (m.text === undefined) return [];
      const view: FakeSentMessage = { message_id: m.message_id, text: m.text };
      if (m.reply_markup !== undefined) view.reply_markup = structuredClone(m.reply_markup);
      return [view];
    });
  }

  /** The bot's latest text message to a chat, or undefined when there is none. */
  lastMessageTo(chatId: number): FakeSentMessage | undefined {
    return this.messagesTo(chatId).at(-1);
  }

  /**
   * Resolves once `predicate(calls)` holds, checking every 20 ms. On timeout it rejects with the
   * methods called so far, which usually says what went wrong.
   */
  async waitForCalls(predicate: (calls: readonly FakeTelegramCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (predicate(this.calls)) return;
      if (Date.now() >= deadline) {
        const methods = this.calls.map((c) => (c.failed ? `${c.method}(failed)` : c.method));
        throw new Error(`waitForCalls: condition not met within ${timeoutMs} ms; calls so far: [${methods.join(", ")}]`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Calls `listener` with every request once it has been answered (a sent message is already in
   * {@link messagesTo}). Returns a function that removes the listener. For drivers that wait on
   * many chats at once, where polling {@link waitForCalls} would not scale.
   */
  onCall(listener: (call: FakeTelegramCall) => void): () => void {
    this.callListeners.add(listener);
    return () => this.callListeners.delete(listener);
  }

  // ---------------------------------------------------------------- HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (download !== null) {
      this.serveFile(req, res, decodeURIComponent(download[1] ?? ""), decodeURIComponent(download[2] ?? ""));
      return;
    }
    const api = /^\/bot([^/]+)\/([A-Za-z0-9_]*)$/.exec(url.pathname);
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
      const description = `Bad Request: ${err instanceof Error ? err.message : String(err)}`;
      sendJson(res, 400, { ok: false, error_code: 400, description });
      return;
    }
    const call: FakeTelegramCall = { method, params, at: Date.now() };
    this.calls.push(call);
    const forced = this.failures.get(method.toLowerCase())?.shift();
    const answer: Answer = forced !== undefined ? { error: forced } : await this.dispatch(method, params, res);
    if (forced !== undefined) call.failed = true;
    for (const listener of this.callListeners) listener(call);
    if ("error" in answer) sendJson(res, answer.error.error_code, { ok: false, ...answer.error });
    else sendJson(res, 200, { ok: true, result: answer.result });
  }

  private serveFile(req: IncomingMessage, res: ServerResponse, token: string, filePath: string): void {
    if (token !== this.token) {
      sendJson(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      return;
    }
    const file = req.method === "GET" || req.method === "HEAD" ? this.filesByPath.get(filePath) : undefined;
    if (file === undefined) {
      sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": file.bytes.length });
    res.end(req.method === "HEAD" ? undefined : file.bytes);
  }

  /** Method names are case-insensitive on Telegram. */
  private dispatch(method: string, params: Params, res: ServerResponse): Answer | Promise<Answer> {
    switch (method.toLowerCase()) {
      case "getme": return { result: this.botInfo };
      case "getupdates": return this.getUpdates(params, res);
      case "sendmessage": return this.sendMessage(params);
      case "senddocument": return this.botSendDocument(params);
      case "editmessagetext": return this.editMessage(params, "text");
      case "editmessagereplymarkup": return this.editMessage(params, "markup");
      case "answercallbackquery": return this.answerCallbackQuery(params);
      case "sendchataction": return this.sendChatAction(params);
      case "setmycommands": return this.setMyCommands(params);
      case "getmycommands": return { result: this.commands.get(languageOf(params)) ?? [] };
      case "deletemycommands": {
        this.commands.delete(languageOf(params));
        return { result: true };
      }
      case "setwebhook": return this.setWebhook(params);
      case "deletewebhook": {
        this.webhook = undefined;
        if (params.drop_pending_updates === true) this.queue = [];
        return { result: true };
      }
      case "getwebhookinfo": return this.getWebhookInfo();
      case "getfile": return this.getFile(params);
      default: return fail(404, "Not Found: method not found");
    }
  }

  // ---------------------------------------------------------------- methods

  private async getUpdates(params: Params, res: ServerResponse): Promise<Answer> {
    if (this.webhook !== undefined) {
      return fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const offset = intParam(params, "offset") ?? 0;
    const limit = Math.min(100, Math.max(1, intParam(params, "limit") ?? 100));
    const timeout = Math.max(0, intParam(params, "timeout") ?? 0);
    const allowedUpdates = params.allowed_updates;
    if (allowedUpdates !== undefined) {
      if (!isStringArray(allowedUpdates)) return fail(400, "Bad Request: can't parse allowed updates");
      this.allowedUpdates = allowedUpdates;
    }
    this.confirm(offset);

    // A newer getUpdates ends the one still waiting, as on Telegram (two pollers are a bug).
    if (this.pendingPoll !== undefined) {
      this.pendingPoll.terminated = true;
      this.pendingPoll.wake();
    }
    if (this.queue.length === 0 && timeout > 0 && !this.closed) {
      const poll: PendingPoll = { terminated: false, wake: () => {} };
      this.pendingPoll = poll;
      await this.waitForPush(Math.min(timeout * 1000, MAX_LONG_POLL_MS), res, poll);
      if (this.pendingPoll === poll) this.pendingPoll = undefined;
      if (poll.terminated) {
        return fail(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
      }
    }
    return { result: structuredClone(this.queue.slice(0, limit)) };
  }

  /** Drops for good every update below `offset`; a negative offset keeps only the last `-offset`. */
  private confirm(offset: number): void {
    if (offset > 0) {
      this.queue = this.queue.filter((u) => u.update_id >= offset);
      this.confirmedOffset = Math.max(this.confirmedOffset, offset);
    } else if (offset < 0) {
      this.queue = this.queue.slice(offset);
      this.confirmedOffset = Math.max(this.confirmedOffset, this.queue[0]?.update_id ?? this.nextUpdateId);
    }
  }

  private waitForPush(ms: number, res: ServerResponse, poll: PendingPoll): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        res.off("close", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      poll.wake = done;
      this.waiters.add(done);
      // The client gave up (grammY aborts its poll on bot.stop()).
      res.once("close", done);
    });
  }

  private sendMessage(params: Params): Answer {
    const state = this.chatFromParams(params);
    if (state === undefined) return fail(400, "Bad Request: chat not found");
    const text = params.text;
    if (typeof text !== "string" || text.trim() === "") return fail(400, "Bad Request: message text is empty");
    // With a parse_mode the limit applies after markup is stripped, which the fake does not do.
    if (params.parse_mode === undefined && text.length > MAX_TEXT_LENGTH) return fail(400, "Bad Request: message is too long");
    const message: StoredMessage = {
      message_id: state.nextMessageId++,
      from: this.botUser(),
      chat: state.chat,
      date: unixNow(),
      text,
    };
    if (Array.isArray(params.entities)) message.entities = params.entities;
    if (params.reply_markup !== undefined) message.reply_markup = params.reply_markup;
    state.botMessages.push(message);
    return { result: structuredClone(message) };
  }

  /**
   * `sendDocument` with an uploaded file: `document` is `attach://<name>` naming a multipart part
   * (as grammY sends an InputFile), or the part itself. A file id or URL is refused: the adapter
   * always uploads, and a test should notice if it stops doing so.
   */
  private botSendDocument(params: Params): Answer {
    const state = this.chatFromParams(params);
    if (state === undefined) return fail(400, "Bad Request: chat not found");
    const ref = params.document;
    const part = typeof ref === "string" && ref.startsWith("attach://") ? params[ref.slice("attach://".length)] : ref;
    if (typeof part !== "object" || part === null || !("bytes" in part)) return fail(400, "Bad Request: there is no document in the request");
    const file = part as { name: string; type: string; bytes: Uint8Array };
    if (file.bytes.length === 0) return fail(400, "Bad Request: file must be non-empty");
    const caption = typeof params.caption === "string" ? params.caption : undefined;
    const message: StoredMessage = {
      message_id: state.nextMessageId++,
      from: this.botUser(),
      chat: state.chat,
      date: unixNow(),
      document: { file_id: `doc-${state.nextMessageId}`, file_unique_id: `udoc-${state.nextMessageId}`, file_name: file.name, mime_type: file.type, file_size: file.bytes.length },
      ...(caption !== undefined ? { caption } : {}),
    };
    this.documents.push({ chatId: state.chat.id, message_id: message.message_id, fileName: file.name, mediaType: file.type, bytes: file.bytes, ...(caption !== undefined ? { caption } : {}) });
    return { result: structuredClone(message) };
  }

  /**
   * `editMessageText` and `editMessageReplyMarkup`. Like Telegram, leaving `reply_markup` out
   * removes the inline keyboard, and an edit that changes nothing is a 400.
   */
  private editMessage(params: Params, what: "text" | "markup"): Answer {
    if (typeof params.inline_message_id === "string") return { result: true };
    const state = this.chatFromParams(params);
    if (state === undefined) return fail(400, "Bad Request: chat not found");
    const messageId = intParam(params, "message_id");
    const message = state.botMessages.find((m) => m.message_id === messageId);
    if (message === undefined) return fail(400, "Bad Request: message to edit not found");
    let text = message.text;
    if (what === "text") {
      if (typeof params.text !== "string" || params.text.trim() === "") return fail(400, "Bad Request: message text is empty");
      if (message.text === undefined) return fail(400, "Bad Request: there is no text in the message to edit");
      text = params.text;
    }
    const markup = params.reply_markup;
    if (text === message.text && JSON.stringify(markup) === JSON.stringify(message.reply_markup)) {
      return fail(400, NOT_MODIFIED);
    }
    if (text !== undefined) message.text = text;
    if (what === "text") {
      if (Array.isArray(params.entities)) message.entities = params.entities;
      else delete message.entities;
    }
    if (markup === undefined) delete message.reply_markup;
    else message.reply_markup = markup;
    message.edit_date = unixNow();
    return { result: structuredClone(message) };
  }

  private answerCallbackQuery(params: Params): Answer {
    const id = params.callback_query_id;
    if (typeof id !== "string" || !this.callbackQueryIds.has(id)) {
      return fail(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
    }
    return { result: true };
  }

  private sendChatAction(params: Params): Answer {
    if (this.chatFromParams(params) === undefined) return fail(400, "Bad Request: chat not found");
    if (typeof params.action !== "string") return fail(400, "Bad Request: wrong parameter action in request");
    return { result: true };
  }

  private setMyCommands(params: Params): Answer {
    const commands = params.commands;
    if (!Array.isArray(commands)) return fail(400, "Bad Request: parameter \"commands\" is required");
    this.commands.set(languageOf(params), structuredClone(commands) as BotCommand[]);
    return { result: true };
  }

  private setWebhook(params: Params): Answer {
    const url = params.url;
    const allowedUpdates = params.allowed_updates;
    if (typeof url !== "string") return fail(400, "Bad Request: parameter \"url\" is required");
    if (allowedUpdates !== undefined && !isStringArray(allowedUpdates)) {
      return fail(400, "Bad Request: can't parse allowed updates");
    }
    if (url === "") {
      this.webhook = undefined;
      return { result: true };
    }
    const webhook: FakeWebhook = { url };
    if (typeof params.secret_token === "string") webhook.secret_token = params.secret_token;
    if (allowedUpdates !== undefined) {
      webhook.allowed_updates = allowedUpdates;
      this.allowedUpdates = allowedUpdates;
    }
    this.webhook = webhook;
    return { result: true };
  }

  private getWebhookInfo(): Answer {
    const info: Record<string, unknown> = {
      url: this.webhook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.queue.length,
    };
    if (this.webhook?.allowed_updates !== undefined) info.allowed_updates = this.webhook.allowed_updates;
    return { result: info };
  }

  private getFile(params: Params): Answer {
    const file = typeof params.file_id === "string" ? this.files.get(params.file_id) : undefined;
    if (file === undefined) return fail(400, "Bad Request: invalid file_id");
    if (file.fileSize > MAX_DOWNLOAD_BYTES) return fail(400, "Bad Request: file is too big");
    if (file.filePath === undefined) {
      this.fileCounter += 1;
      file.filePath = `${file.folder}/file_${this.fileCounter}${file.extension}`;
      this.filesByPath.set(file.filePath, file);
    }
    return {
      result: { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.fileSize, file_path: file.filePath },
    };
  }

  // ---------------------------------------------------------------- state

  private storeFile(bytes: Uint8Array, fileSize: number, folder: StoredFile["folder"], extension: string): StoredFile {
    const n = this.files.size + 1;
    const prefix = folder === "photos" ? "AgACAgIAAxkBAAI" : "BQACAgIAAxkBAAI";
    const file: StoredFile = {
      file_id: `${prefix}-fake-${n}`,
      file_unique_id: `AQAD-fake-${n}`,
      bytes: bytes.slice(),
      fileSize,
      folder,
      extension,
    };
    this.files.set(file.file_id, file);
    return file;
  }

  /** The chat a helper writes in, created on first use; `from` and `chatType` update it. */
  private chatState(chatId: number, opts: { from?: Partial<User>; chatType?: ChatType }): ChatState {
    let state = this.chats.get(chatId);
    const chatType = opts.chatType ?? state?.chat.type ?? "private";
    if (state === undefined) {
      const user: User = {
        id: chatType === "private" ? chatId : Math.abs(chatId),
        is_bot: false,
        first_name: "Lan",
        language_code: "vi",
      };
      state = { chat: chatOf(chatId, chatType, user), user, nextMessageId: 1, botMessages: [] };
      this.chats.set(chatId, state);
    }
    if (opts.from !== undefined) state.user = { ...state.user, ...opts.from };
    if (opts.from !== undefined || opts.chatType !== undefined) state.chat = chatOf(chatId, chatType, state.user);
    return state;
  }

  /**
   * The chat a bot call names. A numeric chat the fake has not seen yet is taken to be a private
   * chat with a person who started the bot; a `@username` is unknown.
   */
  private chatFromParams(params: Params): ChatState | undefined {
    const chatId = intParam(params, "chat_id");
    return chatId === undefined ? undefined : this.chatState(chatId, {});
  }

  private botUser(): User {
    const { id, is_bot, first_name, username } = this.botInfo;
    return { id, is_bot, first_name, username };
  }

  private isAllowed(update: Update): boolean {
    const type = Object.keys(update).find((key) => key !== "update_id");
    if (type === undefined) return true;
    const allowed = this.allowedUpdates;
    if (allowed === undefined || allowed.length === 0) return !OPT_IN_UPDATE_TYPES.has(type);
    return allowed.includes(type);
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

function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

function chatOf(chatId: number, type: ChatType, user: User): NonChannelChat {
  if (type === "private") {
    const chat: Chat.PrivateChat = { id: chatId, type, first_name: user.first_name };
    if (user.last_name !== undefined) chat.last_name = user.last_name;
    if (user.username !== undefined) chat.username = user.username;
    return chat;
  }
  return { id: chatId, type, title: "Nhóm thử nghiệm" };
}

function languageOf(params: Params): string {
  return typeof params.language_code === "string" ? params.language_code : "";
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

/** An integer parameter, sent as a JSON number or (in forms and query strings) as digits. */
function intParam(params: Params, key: string): number | undefined {
  const value = params[key];
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

/** Reads query-string and body parameters the way the Bot API accepts them. */
async function readParams(req: IncomingMessage, url: URL): Promise<Params> {
  const params: Params = {};
  for (const [key, value] of url.searchParams) params[key] = formValue(key, value);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (body.length === 0) return params;

  const contentType = req.headers["content-type"] ?? "";
  const mediaType = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  if (mediaType === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw new Error("can't parse JSON");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("JSON body must be an object");
    return Object.assign(params, parsed);
  }
  if (mediaType === "application/x-www-form-urlencoded") {
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) params[key] = formValue(key, value);
    return params;
  }
  if (mediaType === "multipart/form-data") {
    // grammY writes `name="x";filename=a.docx` (no space, the file name unquoted), which Telegram
    // takes and undici's strict parser refuses: such a body is read leniently, like Telegram does.
    const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData().catch(() => null);
    if (form === null) {
      for (const part of lenientMultipart(body, contentType)) {
        params[part.name] = part.fileName === undefined ? formValue(part.name, part.bytes.toString("utf8")) : { name: part.fileName, type: part.type, bytes: new Uint8Array(part.bytes) };
      }
      return params;
    }
    // The project's lib has DOM without DOM.Iterable, so FormData is walked with forEach.
    const entries: [string, FormDataEntryValue][] = [];
    form.forEach((value, key) => entries.push([key, value]));
    for (const [key, value] of entries) {
      params[key] = typeof value === "string"
        ? formValue(key, value)
        : { name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
    }
    return params;
  }
  throw new Error(`unsupported content type "${mediaType}"`);
}

/** The parts of a multipart body, with header parameters quoted or not. */
function lenientMultipart(body: Buffer, contentType: string): Array<{ name: string; fileName?: string; type: string; bytes: Buffer }> {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new Error("multipart body without a boundary");
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Array<{ name: string; fileName?: string; type: string; bytes: Buffer }> = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString("latin1") === "--") break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) throw new Error("multipart body not closed");
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf("\r\n\r\n");
    if (split === -1) throw new Error("multipart part without headers");
    const headers = part.subarray(0, split).toString("utf8");
    const param = (key: string) => new RegExp(`;\\s*${key}=(?:"([^"]*)"|([^;\\r\\n]*))`, "i").exec(headers);
    const name = param("name");
    const fileName = param("filename");
    if (!name) throw new Error("multipart part without a name");
    parts.push({
      name: name[1] ?? name[2]!,
      ...(fileName ? { fileName: fileName[1] ?? fileName[2]! } : {}),
      type: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? "",
      bytes: part.subarray(split + 4),
    });
    at = next;
  }
  return parts;
}

/** A form field typed as Telegram reads it: integers, booleans and JSON objects where expected. */
function formValue(key: string, value: string): unknown {
  if (INTEGER_FIELDS.has(key) && /^-?\d+$/.test(value)) return Number(value);
  if (BOOLEAN_FIELDS.has(key) && (value === "true" || value === "false")) return value === "true";
  if (JSON_FIELDS.has(key)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

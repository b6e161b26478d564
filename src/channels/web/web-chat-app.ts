import { readFileSync } from "node:fs";
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { ConversationHandler, InboundFile, InboundMessage, OutgoingMessage } from "../channel-port.ts";
import type { WebChatSender } from "./web-chat-sender.ts";

/** The languages the page ships strings for; the first is the default. */
const LANGUAGES = ["vi", "en"] as const;
type Language = (typeof LANGUAGES)[number];

/** At most this many files per upload, so one request buffers at most this many times the cap. */
const MAX_FILES_PER_UPLOAD = 5;
/** Room for multipart boundaries, part headers and the small text fields around the files. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
/** A JSON message is at most 4000 characters of text plus ids; this leaves room for escaping. */
const MAX_JSON_BODY_BYTES = 64 * 1024;
const MAX_TEXT_LENGTH = 4000;

/** What the app logs through; pino's logger satisfies it. */
export interface WebChatLog {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

/** Everything {@link createWebChatApp} needs; the composition root builds the real ones. */
export interface WebChatAppDeps {
  handler: ConversationHandler;
  sender: WebChatSender;
  /** The largest single file accepted by `POST /api/files`, in bytes. */
  maxUploadBytes: number;
  log: WebChatLog;
}

const sessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const messageIdSchema = z.string().min(1).max(64);
const textSchema = z.string().max(MAX_TEXT_LENGTH);

const messageBodySchema = z
  .object({
    sessionId: sessionIdSchema,
    messageId: messageIdSchema,
    text: textSchema.optional(),
    choice: z.string().min(1).max(256).optional(),
  })
  .refine((body) => (body.text ?? "").trim() !== "" || body.choice !== undefined, {
    message: "text or choice is required",
  });

const uploadFieldsSchema = z.object({
  sessionId: sessionIdSchema,
  messageId: messageIdSchema,
  text: textSchema.optional(),
});

const stringsSchema = z.record(z.string(), z.string());
type Strings = Record<string, string>;

/**
 * Builds the browser chat channel: the static chat page (`GET /`, `/chat.js`, `/chat.css`), its UI
 * strings (`GET /api/strings?lang=vi|en`), and the JSON API the page talks to:
 *
 * - `POST /api/messages` `{ sessionId, messageId, text?, choice? }` → `{ replies }`;
 * - `POST /api/files` multipart (`sessionId`, `messageId`, optional `text`, one or more `file`) →
 *   `{ replies }`; 413 when a file is larger than `maxUploadBytes` (or the whole body is larger than
 *   {@link MAX_FILES_PER_UPLOAD} files could be, checked from content-length or while streaming, so
 *   an oversized upload is never buffered whole);
 * - `GET /api/pending?sessionId=` → `{ messages }` pushed through `sender`, each returned once;
 * - `GET /healthz` → `{ ok: true }`.
 *
 * The sessionId is both chatId and senderId of the {@link InboundMessage} (a web chat is private);
 * `clientIp` is the socket's address (never a forwarded header): the service trusts loopback
 * visitors only.
 * Client errors answer `{ error }` with a Vietnamese message from `locales/vi/web.json`
 * (`server.*` keys); a handler that throws is logged and answered 500 with a polite message that
 * never includes the error itself.
 *
 * Static files and locale files are read synchronously once, here, so a missing or malformed file
 * fails at startup rather than on the first visitor; the English strings must have exactly the
 * Vietnamese keys.
 */
export function createWebChatApp(deps: WebChatAppDeps): Hono {
  const { handler, sender, maxUploadBytes, log } = deps;
  if (!Number.isInteger(maxUploadBytes) || maxUploadBytes <= 0) {
    throw new Error(`maxUploadBytes must be a positive integer, got ${maxUploadBytes}`);
  }

  const page = {
    html: readPublicFile("index.html"),
    js: readPublicFile("chat.js"),
    css: readPublicFile("chat.css"),
  };
  const strings = loadStrings();
  const serverText = serverStrings(strings.vi);
  const fileTooLarge = serverText("server.fileTooLarge", {
    maxSize: formatBytes(maxUploadBytes),
    maxFiles: String(MAX_FILES_PER_UPLOAD),
  });

  const app = new Hono();

  app.get("/", (c) => staticFile(c, page.html, "text/html; charset=utf-8"));
  app.get("/chat.js", (c) => staticFile(c, page.js, "text/javascript; charset=utf-8"));
  app.get("/chat.css", (c) => staticFile(c, page.css, "text/css; charset=utf-8"));

  app.get("/healthz", (c) => c.json({ ok: true }));

  app.get("/api/strings", (c) => {
    const requested = c.req.query("lang");
    const lang: Language = LANGUAGES.find((l) => l === requested) ?? LANGUAGES[0];
    c.header("Cache-Control", "no-cache");
    return c.json(strings[lang].page);
  });

  app.post(
    "/api/messages",
    bodyLimit({
      maxSize: MAX_JSON_BODY_BYTES,
      onError: (c) => c.json({ error: serverText("server.invalidMessage") }, 413),
    }),
    async (c) => {
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        raw = undefined;
      }
      const parsed = messageBodySchema.safeParse(raw);
      if (!parsed.success) {
        log.warn({ issues: summarizeIssues(parsed.error) }, "web chat: invalid message body");
        return c.json({ error: serverText("server.invalidMessage") }, 400);
      }
      const { sessionId, messageId, text, choice } = parsed.data;
      return handle(c, {
        channel: "web",
        chatId: sessionId,
        senderId: sessionId,
        messageId,
        ...(text !== undefined ? { text } : {}),
        ...(choice !== undefined ? { choice } : {}),
      });
    },
  );

  app.post(
    "/api/files",
    bodyLimit({
      maxSize: maxUploadBytes * MAX_FILES_PER_UPLOAD + MULTIPART_OVERHEAD_BYTES,
      onError: (c) => {
        log.warn({ contentLength: c.req.header("content-length") }, "web chat: upload body too large");
        return c.json({ error: fileTooLarge }, 413);
      },
    }),
    async (c) => {
      let form: FormData;
      try {
        form = await c.req.formData();
      } catch {
        log.warn({}, "web chat: unreadable multipart body");
        return c.json({ error: serverText("server.invalidMessage") }, 400);
      }
      const fields = uploadFieldsSchema.safeParse({
        sessionId: form.get("sessionId") ?? undefined,
        messageId: form.get("messageId") ?? undefined,
        text: form.get("text") ?? undefined,
      });
      if (!fields.success) {
        log.warn({ issues: summarizeIssues(fields.error) }, "web chat: invalid upload fields");
        return c.json({ error: serverText("server.invalidMessage") }, 400);
      }
      const parts = form.getAll("file");
      const uploads = parts.filter((p): p is File => typeof p !== "string");
      if (uploads.length === 0 || uploads.length !== parts.length) {
        return c.json({ error: serverText("server.noFile") }, 400);
      }
      if (uploads.length > MAX_FILES_PER_UPLOAD || uploads.some((f) => f.size > maxUploadBytes)) {
        log.warn({ sizes: uploads.map((f) => f.size), maxUploadBytes }, "web chat: upload too large");
        return c.json({ error: fileTooLarge }, 413);
      }
      const files: InboundFile[] = await Promise.all(
        uploads.map(async (f) => {
          const bytes = new Uint8Array(await f.arrayBuffer());
          return f.name === "" ? { bytes } : { bytes, fileName: f.name };
        }),
      );
      const { sessionId, messageId, text } = fields.data;
      return handle(c, {
        channel: "web",
        chatId: sessionId,
        senderId: sessionId,
        messageId,
        files,
        ...(text !== undefined && text !== "" ? { text } : {}),
      });
    },
  );

  app.get("/api/pending", (c) => {
    const sessionId = sessionIdSchema.safeParse(c.req.query("sessionId"));
    if (!sessionId.success) return c.json({ error: serverText("server.invalidSession") }, 400);
    c.header("Cache-Control", "no-store");
    return c.json({ messages: sender.drain(sessionId.data) });
  });

  app.notFound((c) => c.json({ error: serverText("server.notFound") }, 404));

  app.onError((err, c) => {
    log.error({ err, method: c.req.method, path: c.req.path }, "web chat: unexpected error");
    return c.json({ error: serverText("server.internalError") }, 500);
  });

  /** Hands one inbound message to the conversation service; its failure is logged, never shown. */
  async function handle(c: Context, message: InboundMessage): Promise<Response> {
    const clientIp = socketAddress(c);
    let replies: OutgoingMessage[];
    try {
      replies = await handler.handle(clientIp !== undefined ? { ...message, clientIp } : message);
    } catch (err) {
      log.error(
        { err, chatId: message.chatId, messageId: message.messageId },
        "web chat: conversation handler failed",
      );
      return c.json({ error: serverText("server.internalError") }, 500);
    }
    c.header("Cache-Control", "no-store");
    return c.json({ replies });
  }

  return app;
}

/** The socket's remote address; undefined when the app is not served by @hono/node-server. */
function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/** The strings of one language, split into what the page shows and what the server answers. */
interface LanguageStrings {
  page: Strings;
  server: Strings;
}

function readPublicFile(name: string): string {
  return readFileSync(new URL(`./public/${name}`, import.meta.url), "utf8");
}

/**
 * Reads `locales/<lang>/web.json` for every language. Keys starting with `server.` are the API's
 * own messages and are not sent to the page. Throws when a file is missing, is not a flat object of
 * strings, or does not have exactly the Vietnamese keys.
 */
function loadStrings(): Record<Language, LanguageStrings> {
  const root = new URL("../../../locales/", import.meta.url);
  const read = (lang: Language): Strings => {
    const url = new URL(`${lang}/web.json`, root);
    const parsed = stringsSchema.safeParse(JSON.parse(readFileSync(url, "utf8")));
    if (!parsed.success) throw new Error(`${url.pathname}: expected a flat object of strings`);
    return parsed.data;
  };
  const vi = read("vi");
  const en = read("en");
  const viKeys = Object.keys(vi).sort().join("\n");
  if (Object.keys(en).sort().join("\n") !== viKeys) {
    throw new Error("locales/en/web.json must have exactly the keys of locales/vi/web.json");
  }
  const split = (all: Strings): LanguageStrings => {
    const page: Strings = {};
    const server: Strings = {};
    for (const [key, value] of Object.entries(all)) {
      (key.startsWith("server.") ? server : page)[key] = value;
    }
    return { page, server };
  };
  return { vi: split(vi), en: split(en) };
}

/**
 * Looks up a `server.*` string and fills `{name}` placeholders. Throws on an unknown key, which
 * only a typo in this file can cause, and which the tests would catch.
 */
function serverStrings(strings: LanguageStrings) {
  return (key: `server.${string}`, params: Record<string, string> = {}): string => {
    const template = strings.server[key];
    if (template === undefined) throw new Error(`missing string ${key} in locales/vi/web.json`);
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
  };
}

function staticFile(c: Context, body: string, contentType: string): Response {
  c.header("Content-Type", contentType);
  c.header("Cache-Control", "no-cache");
  c.header("X-Content-Type-Options", "nosniff");
  c.header(
    "Content-Security-Policy",
    "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  );
  return c.body(body);
}

/** A byte count as people read it in Vietnamese: "10 MB", "1,5 MB", "512 KB". */
function formatBytes(bytes: number): string {
  const number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });
  if (bytes >= 1024 * 1024) return `${number.format(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${number.format(bytes / 1024)} KB`;
  return `${bytes} byte`;
}

/** Which fields failed validation, without the values (they may be personal data). */
function summarizeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.code}`);
}

import { readFileSync } from "node:fs";
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import type { ConversationHandler, DocumentFiles, InboundFile, InboundMessage, OutgoingMessage } from "../channel-port.ts";
import type { AppLog } from "../../log.ts";
import { HostAllowList } from "./host-allow-list.ts";
import { isSameOriginRequest } from "./is-same-origin-request.ts";
import type { WebChatSender } from "./web-chat-sender.ts";
import type { WebSessions } from "./web-sessions.ts";

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
/** The session cookie; its value is a random bearer secret, see {@link WebSessions}. */
export const SESSION_COOKIE = "tdkt_session";

/** Everything {@link createWebChatApp} needs; the composition root builds the real ones. */
export interface WebChatAppDeps {
  handler: ConversationHandler;
  sender: WebChatSender;
  /** The largest single file accepted by `POST /api/files`, in bytes. */
  maxUploadBytes: number;
  log: AppLog;
  /** Issues and finds the visitors' sessions (the cookie). */
  sessions: WebSessions;
  /** The Host header values answered (`host` on any port, or `host:port`); see {@link HostAllowList}. */
  allowedHosts: readonly string[];
  /**
   * Signs download links for documents sent with a reply: each gets a `url` the page shows as a
   * download link, made when the reply is sent (a resent answer gets a fresh link). Absent: none.
   */
  documents?: Pick<DocumentFiles, "link">;
}

const messageIdSchema = z.string().min(1).max(64);
const textSchema = z.string().max(MAX_TEXT_LENGTH);

const messageBodySchema = z
  .object({
    messageId: messageIdSchema,
    text: textSchema.optional(),
    /** A pressed button: its position among the choices and the scope of the message that showed it. */
    button: z.object({ scope: z.string().min(1).max(64), index: z.number().int().min(0).max(99) }).strict().optional(),
  })
  .strict()
  .refine((body) => (body.text ?? "").trim() !== "" || body.button !== undefined, {
    message: "text or button is required",
  });

const uploadFieldsSchema = z.object({
  messageId: messageIdSchema,
  text: textSchema.optional(),
});

const stringsSchema = z.record(z.string(), z.string());
type Strings = Record<string, string>;

/**
 * Builds the browser chat channel: the static chat page (`GET /`, `/chat.js`, `/chat.css`), its UI
 * strings (`GET /api/strings?lang=vi|en`), and the JSON API the page talks to:
 *
 * - `POST /api/messages` `{ messageId, text?, button?: { scope, index } }` (application/json, else
 *   415) → `{ replies }`; a reply's `documents` carry a signed download `url` each;
 * - `POST /api/files` multipart (`messageId`, optional `text`, one or more `file`) →
 *   `{ replies }`; 413 when a file is larger than `maxUploadBytes` (or the whole body is larger than
 *   {@link MAX_FILES_PER_UPLOAD} files could be, checked from content-length or while streaming, so
 *   an oversized upload is never buffered whole);
 * - `GET /api/pending` → `{ messages }` pushed through `sender` to the cookie's session, each
 *   returned once (none without a session);
 * - `GET /healthz` → `{ ok: true }`, for health checks, under any Host name (it tells nothing).
 *
 * Sessions are issued by the server: the first accepted message without a valid cookie gets a new
 * session and a `tdkt_session` cookie (HttpOnly, SameSite=Strict, Secure when the page is served
 * over HTTPS, lasting the idle expiry); a client cannot choose its session, and the value never
 * travels in a URL. The session's random chatId is both chatId and senderId of the
 * {@link InboundMessage} (a web chat is private), and `clientIp` is the socket's address (never a
 * forwarded header): the service trusts loopback visitors only.
 *
 * Every route of the chat checks the Host header against `allowedHosts` (403 otherwise: DNS
 * rebinding). The POST routes also require the browser's word that the request comes from our own
 * page (`Sec-Fetch-Site: same-origin` and/or an `Origin` naming the Host, 403 otherwise), so a
 * hostile site cannot post into a visitor's chat. Routes mounted on the app later (Telegram and
 * Zalo webhooks with their secret header, the council API with bearer tokens) authenticate their
 * callers themselves and are not subject to these checks.
 *
 * Client errors answer `{ error }` with a Vietnamese message from `locales/vi/web.json`
 * (`server.*` keys); a handler that throws is logged and answered 500 with a polite message that
 * never includes the error itself.
 *
 * Static files and locale files are read synchronously once, here, so a missing or malformed file
 * fails at startup rather than on the first visitor; the English strings must have exactly the
 * Vietnamese keys.
 */
export function createWebChatApp(deps: WebChatAppDeps): Hono {
  const { handler, sender, maxUploadBytes, log, sessions } = deps;
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

  const hosts = new HostAllowList(deps.allowedHosts);
  const sessionMaxAgeSeconds = Math.floor(sessions.idleMs / 1000);

  /** Refuses a request whose Host is not one of ours (a rebound DNS name). */
  const ourHost: MiddlewareHandler = async (c, next) => {
    const host = c.req.header("host");
    if (!hosts.allows(host)) {
      log.warn({ host, path: c.req.path }, "web chat: Host not allowed (list it in ALLOWED_HOSTS if it is ours)");
      return c.json({ error: serverText("server.forbiddenHost") }, 403);
    }
    await next();
  };
  /** Refuses a state-changing request that the browser does not vouch for as coming from our page. */
  const fromOurPage: MiddlewareHandler = async (c, next) => {
    const headers = { origin: c.req.header("origin"), secFetchSite: c.req.header("sec-fetch-site"), host: c.req.header("host") };
    if (!isSameOriginRequest(headers)) {
      log.warn({ origin: headers.origin, secFetchSite: headers.secFetchSite, path: c.req.path }, "web chat: cross-site request refused");
      return c.json({ error: serverText("server.forbiddenOrigin") }, 403);
    }
    await next();
  };
  /** Refuses a body of another media type than `type` (a cross-site form cannot send JSON). */
  const bodyOfType = (type: string): MiddlewareHandler => async (c, next) => {
    const declared = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (declared !== type) return c.json({ error: serverText("server.unsupportedMediaType") }, 415);
    await next();
  };

  const app = new Hono();
  for (const path of ["/", "/chat.js", "/chat.css", "/api/*"]) app.use(path, ourHost);
  app.post("/api/*", fromOurPage);

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
    bodyOfType("application/json"),
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
      const { messageId, text, button } = parsed.data;
      return handle(c, {
        messageId,
        ...(text !== undefined ? { text } : {}),
        ...(button !== undefined ? { button } : {}),
      });
    },
  );

  app.post(
    "/api/files",
    bodyOfType("multipart/form-data"),
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
      const { messageId, text } = fields.data;
      return handle(c, {
        messageId,
        files,
        ...(text !== undefined && text !== "" ? { text } : {}),
      });
    },
  );

  app.get("/api/pending", async (c) => {
    const session = await sessions.find(getCookie(c, SESSION_COOKIE));
    c.header("Cache-Control", "no-store");
    if (session === null) return c.json({ messages: [] });
    if (session.setCookie !== undefined) sendSessionCookie(c, session.setCookie);
    return c.json({ messages: withLinks(sender.drain(session.chatId)) });
  });

  app.notFound((c) => c.json({ error: serverText("server.notFound") }, 404));

  app.onError((err, c) => {
    log.error({ err, method: c.req.method, path: c.req.path }, "web chat: unexpected error");
    return c.json({ error: serverText("server.internalError") }, 500);
  });

  /**
   * Hands one inbound message, from the cookie's session (a new one when it has none), to the
   * conversation service; its failure is logged, never shown.
   */
  async function handle(c: Context, fields: Pick<InboundMessage, "messageId" | "text" | "button" | "files">): Promise<Response> {
    const session = await sessions.findOrCreate(getCookie(c, SESSION_COOKIE));
    if (session.setCookie !== undefined) sendSessionCookie(c, session.setCookie);
    const clientIp = socketAddress(c);
    const message: InboundMessage = {
      channel: "web",
      chatId: session.chatId,
      senderId: session.chatId,
      ...fields,
      ...(clientIp !== undefined ? { clientIp } : {}),
    };
    let replies: OutgoingMessage[];
    try {
      replies = await handler.handle(message);
    } catch (err) {
      log.error(
        { err, chatId: message.chatId, messageId: message.messageId },
        "web chat: conversation handler failed",
      );
      return c.json({ error: serverText("server.internalError") }, 500);
    }
    c.header("Cache-Control", "no-store");
    return c.json({ replies: withLinks(replies) });
  }

  /** The messages with a signed `url` on each document (documents dropped when links cannot be made). */
  function withLinks(messages: OutgoingMessage[]): Array<OutgoingMessage & { documents?: Array<{ url: string }> }> {
    const links = deps.documents;
    return messages.map(({ documents, ...m }) =>
      documents?.length && links ? { ...m, documents: documents.map((d) => ({ ...d, url: links.link(d.id) })) } : m,
    );
  }

  /**
   * Sets the session cookie. Secure when the page is on HTTPS: the request itself, or (behind a
   * TLS proxy, which speaks plain HTTP to us) the page's Origin, which the browser sets.
   */
  function sendSessionCookie(c: Context, value: string): void {
    const secure = new URL(c.req.url).protocol === "https:" || (c.req.header("origin") ?? "").toLowerCase().startsWith("https:");
    setCookie(c, SESSION_COOKIE, value, { path: "/", httpOnly: true, sameSite: "Strict", secure, maxAge: sessionMaxAgeSeconds });
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

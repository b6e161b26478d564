/**
 * Server-issued web chat sessions. The browser holds a random value in an HttpOnly cookie; the
 * database keeps only its SHA-256, so a copy of the database does not let anyone act as a visitor.
 * Each session has its own random `chatId`, which the conversation service sees as chatId and
 * senderId of the web channel's messages: the cookie value itself never leaves this module and
 * the HTTP layer. A session unused for the idle time is gone: its cookie then gets a fresh session
 * (a new person to the service), and {@link WebSessions.sweep} deletes the expired rows.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "../../db/open-database.ts";
import { hashSessionToken, isSessionToken, newSessionToken, sessionUse } from "../../security/session-token.ts";

/** Random bytes in a chatId: 128 bits. */
const CHAT_ID_BYTES = 16;
/** lastSeenAt is written at most this often per session, not on every message. */
export const TOUCH_INTERVAL_MS = 3_600_000;

export interface WebSessionsDeps {
  db: Db;
  now: () => Date;
  /** A session unused this long expires. */
  idleMs: number;
  /** Runs a write under the process-wide writer lock (SQLite allows one writer at a time). */
  serializeWrites: <T>(work: () => Promise<T>) => Promise<T>;
}

/** The session behind a request. */
export interface WebSession {
  chatId: string;
  /**
   * The cookie value to (re)send: set for a new session, and when lastSeenAt was just moved on so
   * the cookie's own expiry moves with it; undefined when the browser's cookie stays as it is.
   */
  setCookie?: string;
}

export class WebSessions {
  constructor(private readonly deps: WebSessionsDeps) {}

  /** How long an unused session lives; the cookie's Max-Age. */
  get idleMs(): number {
    return this.deps.idleMs;
  }

  /** The SHA-256 (hex) of a cookie value: the only form in which the database holds it. */
  static hashToken(token: string): string {
    return hashSessionToken(token);
  }

  /** The cookie's session when it is known and not expired, else null. Never creates one. */
  async find(token: string | undefined): Promise<WebSession | null> {
    if (!isSessionToken(token)) return null;
    const now = this.deps.now();
    const tokenHash = WebSessions.hashToken(token);
    const row = await this.deps.db.webSession.findUnique({ where: { tokenHash } });
    const use = row ? sessionUse(row.lastSeenAt, now, { idleMs: this.deps.idleMs, touchMs: TOUCH_INTERVAL_MS }) : "expired";
    if (row === null || use === "expired") return null;
    if (use === "fresh") return { chatId: row.chatId };
    await this.deps.serializeWrites(() => this.deps.db.webSession.updateMany({ where: { tokenHash }, data: { lastSeenAt: now } }));
    return { chatId: row.chatId, setCookie: token };
  }

  /** The cookie's session, or a fresh one (with its cookie value to send) when it has none. */
  async findOrCreate(token: string | undefined): Promise<WebSession & { created: boolean }> {
    const found = await this.find(token);
    if (found !== null) return { ...found, created: false };
    const fresh = newSessionToken();
    const chatId = `w${randomBytes(CHAT_ID_BYTES).toString("base64url")}`;
    const now = this.deps.now();
    await this.deps.serializeWrites(() =>
      this.deps.db.webSession.create({ data: { tokenHash: WebSessions.hashToken(fresh), chatId, createdAt: now, lastSeenAt: now } }),
    );
    return { chatId, setCookie: fresh, created: true };
  }

  /** Deletes sessions unused for the idle time; returns how many. For the periodic housekeeping. */
  async sweep(): Promise<number> {
    const before = new Date(this.deps.now().getTime() - this.deps.idleMs);
    const { count } = await this.deps.serializeWrites(() => this.deps.db.webSession.deleteMany({ where: { lastSeenAt: { lte: before } } }));
    return count;
  }
}

/**
 * Console sessions: made when a one-time link is redeemed, held by the browser in an HttpOnly
 * cookie, kept in the database only as the SHA-256 of the cookie's value. A session unused for the
 * idle time is gone (the person asks for a new link); signing out deletes it. The session names a
 * person only: what they may see is read from their roles on every request (console-viewer.ts).
 */
import type { Db } from "../db/open-database.ts";
import { hashSessionToken, isSessionToken, newSessionToken, sessionUse } from "../security/session-token.ts";

/** lastSeenAt is written at most this often per session, not on every page. */
export const CONSOLE_TOUCH_INTERVAL_MS = 5 * 60_000;

export interface ConsoleSessionsDeps {
  db: Db;
  now: () => Date;
  /** A session unused this long expires. */
  idleMs: number;
  serializeWrites: <T>(work: () => Promise<T>) => Promise<T>;
}

export class ConsoleSessions {
  constructor(private readonly deps: ConsoleSessionsDeps) {}

  /** How long an unused session lives; the cookie's Max-Age. */
  get idleMs(): number {
    return this.deps.idleMs;
  }

  /** A new session for the person; returns the cookie value. */
  async open(userId: string): Promise<string> {
    const token = newSessionToken();
    const now = this.deps.now();
    await this.deps.serializeWrites(() => this.deps.db.consoleSession.create({ data: { tokenHash: hashSessionToken(token), userId, createdAt: now, lastSeenAt: now } }));
    return token;
  }

  /**
   * The person behind the cookie, or null when it names no live session. `renewed` is true when
   * lastSeenAt was just moved on, so the caller sends the cookie again and its expiry moves too.
   */
  async find(token: string | undefined): Promise<{ userId: string; renewed: boolean } | null> {
    if (!isSessionToken(token)) return null;
    const tokenHash = hashSessionToken(token);
    const row = await this.deps.db.consoleSession.findUnique({ where: { tokenHash } });
    const now = this.deps.now();
    const use = row ? sessionUse(row.lastSeenAt, now, { idleMs: this.deps.idleMs, touchMs: CONSOLE_TOUCH_INTERVAL_MS }) : "expired";
    if (!row || use === "expired") return null;
    if (use === "fresh") return { userId: row.userId, renewed: false };
    await this.deps.serializeWrites(() => this.deps.db.consoleSession.updateMany({ where: { tokenHash }, data: { lastSeenAt: now } }));
    return { userId: row.userId, renewed: true };
  }

  /** Ends the cookie's session (signing out). */
  async close(token: string | undefined): Promise<void> {
    if (!isSessionToken(token)) return;
    await this.deps.serializeWrites(() => this.deps.db.consoleSession.deleteMany({ where: { tokenHash: hashSessionToken(token) } }));
  }

  /** Deletes sessions unused for the idle time; returns how many. */
  async sweep(): Promise<number> {
    const before = new Date(this.deps.now().getTime() - this.deps.idleMs);
    const { count } = await this.deps.serializeWrites(() => this.deps.db.consoleSession.deleteMany({ where: { lastSeenAt: { lte: before } } }));
    return count;
  }
}

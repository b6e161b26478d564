/**
 * One-time links that sign a secretary or an administrator in to the console, so the console
 * needs no password: the person asks in a chat they already hold (`đăng nhập web`) or an
 * administrator prints one (`npm run admin -- console-link`). A link carries 256 random bits; the
 * database keeps only their SHA-256. It is valid {@link CONSOLE_LINK_MINUTES} minutes and can be
 * redeemed once: the claim is one conditional update, so two browsers racing with the same link
 * get one session between them.
 */
import type { Db } from "../db/open-database.ts";
import { hashSessionToken, isSessionToken, newSessionToken } from "../security/session-token.ts";
import { CONSOLE_PATH } from "./console-paths.ts";

/** How long a link can be redeemed. */
export const CONSOLE_LINK_MINUTES = 10;
/** Used and expired links are deleted by {@link ConsoleLinks.sweep} after this long. */
const KEEP_MS = 24 * 3_600_000;

export interface ConsoleLinksDeps {
  db: Db;
  /** "https://tdkt.example.gov.vn": where people reach this service (PUBLIC_BASE_URL). */
  baseUrl: string;
  now: () => Date;
  /** Runs a write under the process-wide writer lock (SQLite allows one writer at a time). */
  serializeWrites: <T>(work: () => Promise<T>) => Promise<T>;
}

/** Why a link did not sign anyone in; the console answers all of them the same way. */
export type LinkRefusal = "malformed" | "unknown" | "used" | "expired";

export class ConsoleLinks {
  constructor(private readonly deps: ConsoleLinksDeps) {}

  /** A fresh link for the person, and when it stops working. Whether they may use the console is the caller's check. */
  async issue(userId: string): Promise<{ url: string; expiresAt: Date }> {
    const token = newSessionToken();
    const now = this.deps.now();
    const expiresAt = new Date(now.getTime() + CONSOLE_LINK_MINUTES * 60_000);
    await this.deps.serializeWrites(() => this.deps.db.consoleLink.create({ data: { tokenHash: hashSessionToken(token), userId, createdAt: now, expiresAt } }));
    return { url: `${this.deps.baseUrl.replace(/\/+$/, "")}${CONSOLE_PATH}/login?t=${token}`, expiresAt };
  }

  /** Claims the link: the person it was issued to, or why not. A claimed link never works again. */
  async redeem(token: string | undefined): Promise<{ ok: true; userId: string } | { ok: false; reason: LinkRefusal }> {
    if (!isSessionToken(token)) return { ok: false, reason: "malformed" };
    const tokenHash = hashSessionToken(token);
    const now = this.deps.now();
    const claimed = await this.deps.serializeWrites(() =>
      this.deps.db.consoleLink.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } }),
    );
    const row = await this.deps.db.consoleLink.findUnique({ where: { tokenHash } });
    if (claimed.count === 1 && row) return { ok: true, userId: row.userId };
    return { ok: false, reason: !row ? "unknown" : row.usedAt ? "used" : "expired" };
  }

  /** Deletes links that expired more than a day ago; returns how many. For the periodic housekeeping. */
  async sweep(): Promise<number> {
    const before = new Date(this.deps.now().getTime() - KEEP_MS);
    const { count } = await this.deps.serializeWrites(() => this.deps.db.consoleLink.deleteMany({ where: { expiresAt: { lt: before } } }));
    return count;
  }
}

/**
 * Counts failed redemptions of single-use codes (invitations and identity links) so that nobody
 * can guess codes at machine speed. Each failure is a row of `FailedAttempt` under several keys
 * at once — the person (`user:<id>`), the chat (`chat:<channel>:<chatId>`) and, when the channel
 * sees one, the client's address (`ip:<addr>`) — so the limit holds across restarts and across
 * processes sharing the database. A key with {@link FAILED_ATTEMPT_LIMIT} failures within
 * {@link FAILED_ATTEMPT_WINDOW_MS} is blocked until the oldest of them leaves the window; the
 * caller checks BEFORE it looks the code up, so a blocked guesser learns nothing.
 */
import type { Db } from "../db/open-database.ts";

/** Failures allowed per key within the window. */
export const FAILED_ATTEMPT_LIMIT = 5;
/** The window the failures are counted in. */
export const FAILED_ATTEMPT_WINDOW_MS = 10 * 60_000;
/** Rows older than this are deleted by {@link FailedAttempts.sweep}; well past any window. */
export const FAILED_ATTEMPT_KEEP_MS = 24 * 3_600_000;

export type AttemptBlock = { blocked: false } | { blocked: true; key: string; retryAt: Date };

export interface FailedAttemptsDeps {
  db: Db;
  /** Runs a writing statement under the process's writer lock (see `ConversationDeps`). */
  serializeWrites: <T>(work: () => Promise<T>) => Promise<T>;
  limit?: number;
  windowMs?: number;
}

/** The keys an inbound message is counted under. */
export function attemptKeys(who: { userId: string; channel: string; chatId: string; clientIp?: string | undefined }): string[] {
  const keys = [`user:${who.userId}`, `chat:${who.channel}:${who.chatId}`];
  if (who.clientIp) keys.push(`ip:${who.clientIp}`);
  return keys;
}

export class FailedAttempts {
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(private readonly deps: FailedAttemptsDeps) {
    this.limit = deps.limit ?? FAILED_ATTEMPT_LIMIT;
    this.windowMs = deps.windowMs ?? FAILED_ATTEMPT_WINDOW_MS;
  }

  /**
   * Whether any of `keys` has used up its failures of `kind` at `now`, and when the block lifts:
   * when the failure that made the count reach the limit leaves the window (with exactly the
   * limit counted, the oldest one).
   */
  async check(kind: string, keys: readonly string[], now: Date): Promise<AttemptBlock> {
    let worst: { key: string; retryAt: Date } | null = null;
    for (const key of keys) {
      const recent = await this.deps.db.failedAttempt.findMany({
        where: { key, kind, at: { gt: new Date(now.getTime() - this.windowMs) } },
        orderBy: { at: "desc" },
        take: this.limit,
        select: { at: true },
      });
      if (recent.length < this.limit) continue;
      const retryAt = new Date(recent[this.limit - 1]!.at.getTime() + this.windowMs);
      if (!worst || retryAt > worst.retryAt) worst = { key, retryAt };
    }
    return worst ? { blocked: true, ...worst } : { blocked: false };
  }

  /** Records one failure of `kind` under every key. */
  async record(kind: string, keys: readonly string[], now: Date): Promise<void> {
    await this.deps.serializeWrites(() => this.deps.db.failedAttempt.createMany({ data: keys.map((key) => ({ key, kind, at: now })) }));
  }

  /** Deletes failures older than `keepMs` (a day by default); returns how many. */
  async sweep(now: Date, keepMs = FAILED_ATTEMPT_KEEP_MS): Promise<number> {
    const { count } = await this.deps.serializeWrites(() => this.deps.db.failedAttempt.deleteMany({ where: { at: { lt: new Date(now.getTime() - keepMs) } } }));
    return count;
  }
}

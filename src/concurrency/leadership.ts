/**
 * Work that must run in exactly one instance at a time: long polling a bot platform (two callers
 * of getUpdates with one token conflict, and updates are lost or doubled) and the Zalo personal
 * account's listener (two listeners on one account kick each other off). Each such work has a
 * name, and an instance does it only while it leads that name.
 *
 * - {@link SoleLeadership}: one process (SQLite): always the leader, at once.
 * - PostgresLeadership (src/db/postgres-leadership.ts): several instances on one PostgreSQL database. The leader holds a
 *   session-level advisory lock on `tdkt-leader:<name>`, on a connection of its own kept for it;
 *   the others try for the lock every `retryMs`. A leader that dies, or whose connection drops,
 *   loses the lock with its session, so another takes over within about `retryMs` (no lease to
 *   expire). The old leader learns it at once from its connection's error, or at the latest at its
 *   next check (`SELECT 1` every `checkMs`), stops the work, and tries again after `retryMs` on a
 *   new connection.
 *
 * The work is started only once the lock is won and stopped before the lock is released, so an
 * instance that stops leading (shutdown) no longer does it when the next one starts. A start that
 * fails gives the lock up (a leader that does not serve would leave the work undone everywhere)
 * and is tried again after `retryMs`.
 */
import { abortableSleep } from "./abortable-sleep.ts";

/** The work one instance at a time does, as the leadership starts and stops it. */
export interface LeaderRole {
  /** Begins the work; resolves once it runs. A rejection gives leadership up; it is tried again later. */
  start(): Promise<void>;
  /** Ends the work; called when leadership is lost (the connection broke) or given up (shutdown). */
  stop(): Promise<void>;
}

/** One name being led, or tried for, by this instance. */
export interface Lead {
  /** Whether this instance leads the name now (its role started and not stopped). */
  isLeader(): boolean;
  /** Whether another instance holds the name now: this one waits for it (false while this one starts its role). */
  standingBy(): boolean;
  /** Stops trying; when leading, stops the role, then releases leadership so another instance takes over at once. */
  stop(): Promise<void>;
}

/** Who does the work of a name: exactly one instance at a time. */
export interface Leadership {
  /** Starts trying to lead `name`; `role` is started each time leadership is won and stopped each time it ends. */
  lead(name: string, role: LeaderRole): Lead;
}

/** Where leadership changes are told; the app's logger fits (this low-level home imports nothing above it). */
export interface LeadershipLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface LeadershipOptions {
  log: LeadershipLog;
  /** The wait between two tries for leadership, and after a start that failed. */
  retryMs?: number;
}

export const DEFAULT_LEADER_RETRY_MS = 2000;

/** One process (SQLite, or a single instance): always the leader, at once. */
export class SoleLeadership implements Leadership {
  constructor(private readonly opts: LeadershipOptions) {}

  lead(name: string, role: LeaderRole): Lead {
    const held: HeldLock = { lost: new Promise<void>(() => undefined), release: async () => undefined };
    return new LeadLoop(name, role, async (signal) => (signal.aborted ? null : held), this.opts.retryMs ?? DEFAULT_LEADER_RETRY_MS, this.opts.log);
  }
}

/** Leadership won; `lost` resolves when it is gone without being released (the connection broke). */
export interface HeldLock {
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/** How a leadership wins its lock: resolves with it, or null once `signal` aborts. */
export type Acquire = (signal: AbortSignal) => Promise<HeldLock | null>;

/** One name: win the lock, start the role, hold until lost or stopped, stop the role, release; again. */
export class LeadLoop implements Lead {
  private leading = false;
  private holding = false;
  private readonly stopping = new AbortController();
  private readonly done: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly role: LeaderRole,
    private readonly acquire: Acquire,
    private readonly retryMs: number,
    private readonly log: LeadershipLog,
  ) {
    this.done = this.run();
  }

  isLeader(): boolean {
    return this.leading;
  }

  standingBy(): boolean {
    return !this.holding && !this.stopping.signal.aborted;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.done;
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    const stopped = new Promise<"stopped">((resolve) => signal.addEventListener("abort", () => resolve("stopped"), { once: true }));
    while (!signal.aborted) {
      const lock = await this.acquire(signal);
      if (!lock) return;
      this.holding = true;
      try {
        await this.role.start();
      } catch (err) {
        this.log.error({ leadership: this.name, error: String((err as Error)?.message ?? err) }, `could not start ${this.name} polling; leadership given up, trying again`);
        await lock.release();
        this.holding = false;
        await abortableSleep(this.retryMs, signal);
        continue;
      }
      this.leading = true;
      this.log.info({ leadership: this.name }, `leader for ${this.name} polling`);
      const ended = await Promise.race([lock.lost.then(() => "lost" as const), stopped]);
      this.leading = false;
      if (ended === "lost") this.log.warn({ leadership: this.name }, `lost leadership: ${this.name} polling stops here, another instance takes over`);
      await this.role.stop().catch((err: unknown) => this.log.error({ leadership: this.name, error: String((err as Error)?.message ?? err) }, `stopping ${this.name} polling failed`));
      await lock.release();
      this.holding = false;
      // An instance still connected takes over first, rather than the one whose connection just broke.
      if (ended === "lost") await abortableSleep(this.retryMs, signal);
    }
  }
}

/**
 * Work that must run in exactly one instance at a time: long polling a bot platform (two callers
 * of getUpdates with one token conflict, and updates are lost or doubled) and the Zalo personal
 * account's listener (two listeners on one account kick each other off). Each such work has a
 * name, and an instance does it only while it leads that name.
 *
 * - {@link SoleLeadership}: one process (SQLite): always the leader, at once.
 * - {@link PostgresLeadership}: several instances on one PostgreSQL database. The leader holds a
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
import pg from "pg";

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

export interface PostgresLeadershipOptions extends LeadershipOptions {
  connectionString: string;
  /** How often the leader's connection is checked; a check that fails or takes longer loses leadership. */
  checkMs?: number;
}

/** Several instances on one PostgreSQL database: a session-level advisory lock per name. */
export class PostgresLeadership implements Leadership {
  private readonly retryMs: number;
  private readonly checkMs: number;

  constructor(private readonly opts: PostgresLeadershipOptions) {
    this.retryMs = opts.retryMs ?? DEFAULT_LEADER_RETRY_MS;
    this.checkMs = opts.checkMs ?? 2000;
  }

  lead(name: string, role: LeaderRole): Lead {
    return new LeadLoop(name, role, (signal) => this.acquire(name, signal), this.retryMs, this.opts.log);
  }

  /** Tries for the name's lock every `retryMs` on one connection (a new one when it breaks); null once `signal` aborts. */
  private async acquire(name: string, signal: AbortSignal): Promise<HeldLock | null> {
    const key = `tdkt-leader:${name}`;
    let session: LockSession | null = null;
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (!session || session.isLost) {
          await session?.close();
          session = await LockSession.open(this.opts.connectionString, Math.max(this.checkMs, 1000));
        }
        if (await session.tryLock(key)) {
          if (signal.aborted) break;
          return session.hold(key, this.checkMs);
        }
        failures = 0;
      } catch (err) {
        // Once per outage: the web chat and the other channels go on meanwhile.
        if (failures++ === 0) this.opts.log.warn({ leadership: name, error: String((err as Error)?.message ?? err) }, "cannot reach PostgreSQL to take leadership; trying again");
        await session?.close();
        session = null;
      }
      await abortableWait(this.retryMs, signal);
    }
    await session?.close();
    return null;
  }
}

/** Leadership won; `lost` resolves when it is gone without being released (the connection broke). */
interface HeldLock {
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/** A connection kept for one name's lock; `lost` resolves once it errors, ends or fails a check. */
class LockSession {
  readonly lost: Promise<void>;
  private markLost!: () => void;
  private lostAlready = false;

  private constructor(private readonly client: pg.Client) {
    this.lost = new Promise<void>((resolve) => {
      this.markLost = () => {
        this.lostAlready = true;
        resolve();
      };
    });
    // Without a listener an error on an idle connection (pg_terminate_backend, a restart) would crash the process.
    client.on("error", () => this.markLost());
    client.on("end", () => this.markLost());
  }

  static async open(connectionString: string, timeoutMs: number): Promise<LockSession> {
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, keepAlive: true });
    const session = new LockSession(client);
    try {
      await client.connect();
    } catch (err) {
      await session.close();
      throw err;
    }
    return session;
  }

  get isLost(): boolean {
    return this.lostAlready;
  }

  async tryLock(key: string): Promise<boolean> {
    // hashtextextended: the name as a 64-bit lock id, computed by the server (as chat-order.ts does).
    const result = await this.client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked", [key]);
    return result.rows[0]?.locked === true;
  }

  /** Checks the connection every `checkMs` until released or lost. */
  hold(key: string, checkMs: number): HeldLock {
    const released = new AbortController();
    void (async () => {
      while (!released.signal.aborted && !this.lostAlready) {
        await abortableWait(checkMs, released.signal);
        if (released.signal.aborted) return;
        await this.client.query("SELECT 1").catch(() => this.markLost());
      }
    })();
    return {
      lost: this.lost,
      release: async () => {
        released.abort();
        if (!this.lostAlready) await this.client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]).catch(() => undefined);
        await this.close();
      },
    };
  }

  /** Ends the connection; the server releases whatever lock it still held. */
  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
    this.markLost();
  }
}

/** How a leadership wins its lock: resolves with it, or null once `signal` aborts. */
type Acquire = (signal: AbortSignal) => Promise<HeldLock | null>;

/** One name: win the lock, start the role, hold until lost or stopped, stop the role, release; again. */
class LeadLoop implements Lead {
  private leading = false;
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
      try {
        await this.role.start();
      } catch (err) {
        this.log.error({ leadership: this.name, error: String((err as Error)?.message ?? err) }, `could not start ${this.name} polling; leadership given up, trying again`);
        await lock.release();
        await abortableWait(this.retryMs, signal);
        continue;
      }
      this.leading = true;
      this.log.info({ leadership: this.name }, `leader for ${this.name} polling`);
      const ended = await Promise.race([lock.lost.then(() => "lost" as const), stopped]);
      this.leading = false;
      if (ended === "lost") this.log.warn({ leadership: this.name }, `lost leadership: ${this.name} polling stops here, another instance takes over`);
      await this.role.stop().catch((err: unknown) => this.log.error({ leadership: this.name, error: String((err as Error)?.message ?? err) }, `stopping ${this.name} polling failed`));
      await lock.release();
      // An instance still connected takes over first, rather than the one whose connection just broke.
      if (ended === "lost") await abortableWait(this.retryMs, signal);
    }
  }
}

/** Waits `ms`, or less when `signal` aborts first; never rejects. */
function abortableWait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

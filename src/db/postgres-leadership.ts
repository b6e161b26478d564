/**
 * Leadership through PostgreSQL (see src/concurrency/leadership.ts for the port): the leader of a
 * name holds a session-level advisory lock on `tdkt-leader:<name>`, on a connection of its own.
 */
import pg from "pg";
import { abortableSleep } from "../concurrency/abortable-sleep.ts";
import { DEFAULT_LEADER_RETRY_MS, LeadLoop, type HeldLock, type Lead, type LeaderRole, type Leadership, type LeadershipOptions } from "../concurrency/leadership.ts";

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
      await abortableSleep(this.retryMs, signal);
    }
    await session?.close();
    return null;
  }
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
        await abortableSleep(checkMs, released.signal);
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


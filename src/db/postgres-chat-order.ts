/**
 * One chat's turns across several instances on one PostgreSQL database (behind a load balancer,
 * each receiving webhooks). The messages of a chat may reach two of them at once, and each would
 * read the same draft, apply its answer and save, so one answer would be lost. Each turn therefore
 * also holds a transaction-scoped advisory lock on the chat's key, taken on a connection of a small
 * pool of its own and kept while the turn runs on the main pool:
 *
 * - an instance that dies, or whose connection drops, releases its locks with the connection, so
 *   the others go on at once (no lease to expire);
 * - a turn that cannot get the lock within `lockTimeoutMs` (a stuck turn elsewhere) fails with
 *   {@link ChatBusyError}: nothing of it is stored, and the message is answered "busy, send it
 *   again" or re-delivered by the platform;
 * - turns of other chats never wait for each other: one connection per chat in a turn, and the
 *   turn's own queries use the main pool, so a full lock pool only queues, never deadlocks.
 *
 * The lock is advisory: it orders the turns of this product, which all go through {@link ChatOrder}.
 * If the lock's connection drops while its turn is still running, the turn finishes unprotected
 * (the lock is gone with the connection); the turn's own writes still commit or fail as a whole.
 */
import pg from "pg";
import { ChatBusyError, type ChatOrder } from "../concurrency/chat-order.ts";
import { KeyedMutex } from "../concurrency/keyed-mutex.ts";

export interface PostgresChatOrderOptions {
  connectionString: string;
  /** Connections for locks: turns of different chats in flight at once in this instance, at most. */
  connections?: number;
  /** How long a turn waits for another instance's turn of the same chat. */
  lockTimeoutMs?: number;
}

/** Several instances on one PostgreSQL database: the keyed mutex, then the chat's advisory lock. */
export class PostgresChatOrder implements ChatOrder {
  private readonly mutex = new KeyedMutex();
  private readonly pool: pg.Pool;
  private readonly lockTimeoutMs: number;

  constructor(opts: PostgresChatOrderOptions) {
    this.pool = new pg.Pool({ connectionString: opts.connectionString, max: opts.connections ?? 16 });
    // A connection that dies while idle must not crash the process; the next turn takes another.
    this.pool.on("error", () => undefined);
    this.lockTimeoutMs = opts.lockTimeoutMs ?? 15_000;
  }

  run<T>(chatKey: string, turn: () => Promise<T>): Promise<T> {
    return this.mutex.run(chatKey, () => this.locked(chatKey, turn));
  }

  private async locked<T>(chatKey: string, turn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    const onError = () => {
      broken = true;
    };
    client.on("error", onError);
    try {
      await client.query("BEGIN");
      await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(this.lockTimeoutMs))}`);
      try {
        // hashtextextended: the chat key as a 64-bit lock id, computed by the server.
        await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [chatKey]);
      } catch (err) {
        if ((err as { code?: string }).code === "55P03") throw new ChatBusyError(chatKey);
        throw err;
      }
      return await turn();
    } finally {
      // Ending the transaction releases the lock; a broken connection released it already.
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      client.off("error", onError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

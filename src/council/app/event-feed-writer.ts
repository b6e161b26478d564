/**
 * The council's write transactions. The changes feed is the history table read in `seq` order,
 * with the `seq` as its cursor; for a follower never to skip an event, events must become visible
 * in `seq` order. SQLite has one writer; on PostgreSQL every transaction that writes events first
 * takes one transaction advisory lock ({@link EVENT_FEED_LOCK_KEY}), so sequence values are drawn
 * and committed in the same order.
 */
import type { Db, Tx } from "../../db/open-database.ts";

/** The PostgreSQL advisory lock key every event-writing transaction holds. */
export const EVENT_FEED_LOCK_KEY = 4_207_310_001;

/** Runs one short write transaction; on PostgreSQL it first takes the event feed lock. */
export type WriteTransaction = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

/** The write transactions of the council app over `db`. */
export function eventFeedWriter(db: Db): WriteTransaction {
  let postgresProbe: Promise<boolean> | undefined;
  /**
   * Whether `db` is PostgreSQL, asked once: PostgreSQL answers `SELECT version()`, SQLite has no
   * such function. (The client type is the same for both; see open-database.ts.) Any other
   * failure is not remembered, so the next write asks again.
   */
  function isPostgres(): Promise<boolean> {
    postgresProbe ??= db.$queryRawUnsafe<{ v: string }[]>("SELECT version() AS v").then(
      (rows) => /postgres/i.test(String(rows[0]?.v)),
      (err: unknown) => {
        if (/no such function/i.test(String((err as Error)?.message))) return false;
        postgresProbe = undefined;
        throw err;
      },
    );
    return postgresProbe;
  }

  return async (fn) => {
    const postgres = await isPostgres();
    return db.$transaction(
      async (tx) => {
        if (postgres) await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${EVENT_FEED_LOCK_KEY})`);
        return fn(tx);
      },
      { maxWait: 10_000, timeout: 10_000 },
    );
  };
}

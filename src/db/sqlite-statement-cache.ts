/**
 * Prepared statements kept per SQLite connection. The libsql client (through Prisma's adapter)
 * prepares every statement it runs afresh and throws it away: SQLite parses and plans the turn's
 * snapshot query (four subqueries and joins) on every message. Measured on the bench form through
 * the memory channel, keeping the statements lifts a durable step from about 300 to about 400
 * steps per CPU second. The client offers no such option, so the cache wraps `prepare` of libsql's
 * `Database` (the class the client opens its pooled connections with), once per process.
 *
 * - One cache per connection (statements belong to the connection that prepared them), least
 *   recently used first out, {@link MAX_STATEMENTS} at most: SQL built with a varying number of
 *   parameters cannot grow it without bound.
 * - Reusing a statement is safe here: libsql runs it synchronously to the end (`all`, `run`), and
 *   binding resets it, so no two uses overlap.
 * - A statement whose execution failed is dropped from the cache: a statement left mid-step (say
 *   by SQLITE_BUSY) keeps its connection's transaction open and would make every later COMMIT
 *   there fail. Dropped, it is finalised as before, when collected.
 * - SQLite recompiles a kept statement by itself when a migration changes the schema.
 */
import Database from "libsql";

/** Statements kept per connection; the message path uses about a dozen distinct ones. */
export const MAX_STATEMENTS = 256;

/** A connection, as libsql's constructor makes it. */
type Connection = InstanceType<typeof Database>;
type Statement = ReturnType<Connection["prepare"]>;
type Prepare = (this: Connection, sql: string) => Statement;

const EXECUTING = ["all", "run", "get", "iterate"] as const;
const caches = new WeakMap<Connection, Map<string, Statement>>();
let installed = false;

/** Installs the cache (idempotent). */
export function cacheSqliteStatements(): void {
  if (installed) return;
  installed = true;
  const proto = Database.prototype as unknown as { prepare: Prepare };
  const prepare = proto.prepare;
  proto.prepare = function cachedPrepare(this: Connection, sql: string): Statement {
    let cache = caches.get(this);
    if (!cache) caches.set(this, (cache = new Map()));
    const kept = cache.get(sql);
    if (kept) {
      // Map order is insertion order: moving the statement to the end keeps the least recently used first.
      cache.delete(sql);
      cache.set(sql, kept);
      return kept;
    }
    const statement = prepare.call(this, sql);
    dropOnFailure(statement, () => cache.delete(sql));
    cache.set(sql, statement);
    if (cache.size > MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
    return statement;
  };
}

/** Statements kept for a connection (for tests). */
export function keptStatements(db: Connection): number {
  return caches.get(db)?.size ?? 0;
}

function dropOnFailure(statement: Statement, drop: () => void): void {
  const target = statement as unknown as Record<(typeof EXECUTING)[number], (...args: unknown[]) => unknown>;
  for (const name of EXECUTING) {
    const execute = target[name];
    target[name] = function (this: unknown, ...args: unknown[]) {
      try {
        return execute.apply(this, args);
      } catch (error) {
        drop();
        throw error;
      }
    };
  }
}

/**
 * Group commit: the writes of turns that arrive together are applied in one database transaction,
 * so one commit (one fsync of SQLite's write-ahead log) makes many turns durable. Every turn still
 * gets exactly its own outcome: when one turn of a batch fails, the batch is rolled back and each
 * of its turns runs again in a transaction of its own, so only the failing turn fails (failures
 * are rare: a bug, or a message delivered twice at once; a savepoint per turn would cost two
 * statements on every turn instead). Nothing is confirmed before the commit, so a crash loses no
 * turn that was answered.
 *
 * A batch is what is queued when the previous one finished (at most `maxBatch`); a turn that comes
 * while a batch runs waits for the next. Alone, a turn is committed at once, as before.
 */
import type { Db, Tx } from "./open-database.ts";

interface Pending {
  work: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitOptions {
  db: Db;
  /** The process's writer lock (SQLite has one writer). */
  serializeWrites: <T>(work: () => Promise<T>) => Promise<T>;
  maxBatch?: number;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private running = false;
  private readonly maxBatch: number;

  constructor(private readonly opts: GroupCommitOptions) {
    this.maxBatch = opts.maxBatch ?? 64;
  }

  /** Runs `work` in the next shared transaction; resolves after that transaction committed. */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.commit(batch);
      }
    } finally {
      this.running = false;
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return this.alone(batch[0]!);
    const values: unknown[] = [];
    try {
      await this.transaction(async (tx) => {
        values.length = 0;
        for (const item of batch) values.push(await item.work(tx));
      });
    } catch {
      // One turn failed (or the commit did): nothing of the batch stands. Each turn runs again on
      // its own, as without group commit, so only the failing one fails. Turns are pure functions
      // of the transaction (their side effects outside it come after it), so running again is safe.
      for (const item of batch) await this.alone(item);
      return;
    }
    for (const [i, item] of batch.entries()) item.resolve(values[i]);
  }

  private async alone(item: Pending): Promise<void> {
    let value: unknown;
    try {
      await this.transaction(async (tx) => {
        value = await item.work(tx);
      });
    } catch (error) {
      item.reject(error);
      return;
    }
    item.resolve(value);
  }

  private transaction(work: (tx: Tx) => Promise<void>): Promise<void> {
    return this.opts.serializeWrites(() => this.opts.db.$transaction(work, { timeout: 20_000, maxWait: 20_000 }));
  }
}

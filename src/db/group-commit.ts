/**
 * Group commit: the writes of turns that arrive together are applied in one database transaction,
 * each inside its own savepoint, so one commit (one fsync of SQLite's write-ahead log) makes many
 * turns durable. Every turn still gets exactly its own outcome: its work's value once the shared
 * commit is done, or its own error with its writes rolled back to its savepoint while the others'
 * stand. Nothing is confirmed before the commit, so a crash loses no turn that was answered.
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
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await this.opts.serializeWrites(() =>
        this.opts.db.$transaction(
          async (tx) => {
            outcomes.length = 0;
            for (const [i, item] of batch.entries()) {
              if (batch.length === 1) {
                // Alone: no savepoint, an error rolls the transaction back as before.
                outcomes.push({ ok: true, value: await item.work(tx) });
                continue;
              }
              const name = `turn_${i}`;
              await tx.$executeRawUnsafe(`SAVEPOINT ${name}`);
              try {
                const value = await item.work(tx);
                await tx.$executeRawUnsafe(`RELEASE SAVEPOINT ${name}`);
                outcomes.push({ ok: true, value });
              } catch (error) {
                await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ${name}`);
                await tx.$executeRawUnsafe(`RELEASE SAVEPOINT ${name}`);
                outcomes.push({ ok: false, error });
              }
            }
          },
          { timeout: 20_000, maxWait: 20_000 },
        ),
      );
    } catch (error) {
      // The commit itself failed (or a lone turn threw): nobody's writes stand.
      for (const item of batch) item.reject(error);
      return;
    }
    for (const [i, item] of batch.entries()) {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    }
  }
}

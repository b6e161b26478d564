/**
 * Runs tasks one at a time per key, different keys concurrently: two messages from the same
 * chat are never processed at the same time, and their order is kept.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier task with the same key has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Number of keys with a task queued or running (for tests and metrics). */
  get busyKeys(): number {
    return this.tails.size;
  }
}

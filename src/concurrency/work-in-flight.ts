/**
 * Work started and not finished yet, counted by a label (a channel's name, "http"), so that a
 * shutdown can wait until none is left and say what it gave up on when it cannot wait longer.
 *
 * Unlike the channels' `InFlight` (src/channels/in-flight.ts), which waits for what was started
 * before the call, {@link WorkInFlight.drained} waits until the count is zero, also for work
 * started while it waits, and the count is readable (readiness, the shutdown's log line).
 */
export class WorkInFlight {
  private readonly counts = new Map<string, number>();
  private total = 0;
  private waiters: Array<() => void> = [];

  /** Counts `work` under `label` until it settles; returns it unchanged. */
  track<T>(label: string, work: Promise<T>): Promise<T> {
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
    this.total++;
    const done = () => this.settle(label);
    work.then(done, done);
    return work;
  }

  /** How much work is in flight now. */
  get count(): number {
    return this.total;
  }

  /** The work in flight now, by label (labels with none are left out). */
  byLabel(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** Resolves once nothing is in flight (at once when nothing is). */
  drained(): Promise<void> {
    if (this.total === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private settle(label: string): void {
    const left = (this.counts.get(label) ?? 1) - 1;
    if (left > 0) this.counts.set(label, left);
    else this.counts.delete(label);
    this.total--;
    if (this.total === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}

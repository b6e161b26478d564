/** Work a channel has started and not finished yet, so that stopping can wait for it. */
export class InFlight {
  private readonly pending = new Set<Promise<void>>();

  /** Remembers `work` until it settles; resolves or rejects with it. */
  async track(work: Promise<void>): Promise<void> {
    this.pending.add(work);
    try {
      await work;
    } finally {
      this.pending.delete(work);
    }
  }

  /** Resolves once everything tracked so far has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}

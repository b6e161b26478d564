/**
 * Runs `work` now and then again `intervalMs` after each run ends (never two at once), until
 * stopped; `stop()` waits for the run in hand. Failures are the work's own to report: an error
 * that escapes is logged and the next run happens as planned.
 */
import type { Logger } from "../log.ts";

export class RepeatEvery {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly log: Logger,
    private readonly what: string,
  ) {}

  start(intervalMs: number): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.work().catch((err: unknown) => this.log.warn({ error: String((err as Error)?.message ?? err) }, `${this.what} failed; will retry`));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}

/**
 * Calls to a chat platform that must succeed eventually but must never stop the process: the
 * bot's identity at start (`getMe`), and cosmetic set-up such as the command menu. A failure is
 * logged as a warning with the wait before the next attempt, and retried after a jittered
 * exponential wait, until an attempt succeeds or the process shuts down.
 */
import type { Logger } from "../log.ts";
import { abortableSleep } from "../concurrency/abortable-sleep.ts";

export interface RetryUntilDoneOptions {
  /** One attempt; rejects when it failed. */
  attempt: (signal: AbortSignal) => Promise<void>;
  /** Ends the retries (shutdown); the wait in progress ends at once. */
  signal: AbortSignal;
  log: Logger;
  /** The log line of a failed attempt, e.g. "telegram getMe failed, retrying". */
  message: string;
  /** Turns an error into something safe to log (no token). */
  describe: (err: unknown) => unknown;
  /** The first wait; each next one doubles up to {@link maxDelayMs}. Each wait is jittered ×0.5–1.5. */
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
}

/** Resolves true once an attempt succeeded, false when stopped first. Never rejects. */
export async function retryUntilDone(opts: RetryUntilDoneOptions): Promise<boolean> {
  const random = opts.random ?? Math.random;
  for (let failures = 0; !opts.signal.aborted; ) {
    try {
      await opts.attempt(opts.signal);
      return true;
    } catch (err) {
      if (opts.signal.aborted) break;
      failures++;
      const delay = Math.round(Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.min(failures - 1, 20)) * (0.5 + random()));
      opts.log.warn({ error: opts.describe(err), attempt: failures, retryInMs: delay }, opts.message);
      await abortableSleep(delay, opts.signal);
    }
  }
  return false;
}

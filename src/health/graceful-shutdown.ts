/**
 * The order of a graceful shutdown, written once so it can be tested without a process: stop
 * taking new work, wait for the work in hand for at most the grace period (then say what is
 * abandoned), and only then stop the background work and close the database. The composition
 * root supplies the steps and exits afterwards.
 */
import type { AppLog } from "../log.ts";

export interface GracefulShutdownSteps {
  /**
   * Stops taking new work (readiness answers 503, new requests are refused, channels stop polling)
   * and resolves once the work already taken is finished: messages being handled, requests being
   * answered, replies being sent.
   */
  stopIntake(): Promise<unknown>;
  /** What is still in hand, for the log line when the grace period is over. */
  inHand(): Record<string, unknown>;
  /** Stops the background work (outbox, council feed) and closes the database. */
  close(): Promise<void>;
  /** How long the work in hand may take (SHUTDOWN_GRACE_MS). */
  graceMs: number;
  log: AppLog;
}

/** Runs the steps in order; resolves with whether the work in hand finished within the grace period. */
export async function gracefulShutdown(steps: GracefulShutdownSteps): Promise<{ finished: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), steps.graceMs);
  });
  const inHand = steps.stopIntake().then(
    () => true as const,
    (err: unknown) => {
      steps.log.error({ err }, "finishing the work in hand failed");
      return true as const;
    },
  );
  const finished = await Promise.race([inHand, graceOver]);
  clearTimeout(timer);
  if (!finished) steps.log.warn({ graceMs: steps.graceMs, abandoned: steps.inHand() }, "shutdown grace period over: abandoning the work in hand");
  await steps.close();
  return { finished };
}

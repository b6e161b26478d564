/**
 * Drives simulated people through a bot over the fake Telegram Bot API (test/support/fake-telegram.ts)
 * and measures what they would feel: the time from an update being queued at the API to the bot's
 * last reply message for it, per step of the form, and the steps completed per second.
 *
 * The same driver serves the product's Telegram channel and the @grammyjs/conversations baseline,
 * so both are measured the same way. A step counts as answered when the bot has sent as many
 * messages for it as it does for a lone person (learned first by a calibration run), so a reply
 * that comes in two messages is not mistaken for the answer to the next step.
 */
import type { FakeTelegram, FakeTelegramCall } from "../test/support/fake-telegram.ts";

export interface StepStats {
  p50: number;
  p95: number;
  p99: number;
}

export interface LoadResult {
  people: number;
  steps: number;
  /** People who did not get the expected replies within the timeout, or no reference code. */
  failed: number;
  wallSeconds: number;
  /** CPU of this whole process: bot, fake API and driver. */
  cpuSeconds: number;
  stepsPerSecond: number;
  stepsPerCpuSecond: number;
  /** Latency (ms) of step 1, step 10 and the last step (the submission). */
  latencyMs: { step1: StepStats; step10: StepStats; last: StepStats };
}

export interface LoadOptions {
  people: number;
  turns: readonly string[];
  /** Chat ids are `firstChatId + i`; each run needs its own range on a fake. */
  firstChatId: number;
  /** The last reply must match this (the reference code). */
  done: RegExp;
  stepTimeoutMs?: number;
}

/** Sent messages per chat, with a way to wait for the n-th one. */
class ReplyWatch {
  private readonly counts = new Map<number, number>();
  private readonly texts = new Map<number, string[]>();
  private readonly waiting = new Map<number, { count: number; resolve: () => void }>();
  readonly stop: () => void;

  constructor(fake: FakeTelegram) {
    this.stop = fake.onCall((call: FakeTelegramCall) => {
      if (call.method.toLowerCase() !== "sendmessage" || call.failed) return;
      const chat = Number(call.params.chat_id);
      const count = (this.counts.get(chat) ?? 0) + 1;
      this.counts.set(chat, count);
      this.texts.set(chat, [...(this.texts.get(chat) ?? []), String(call.params.text ?? "")]);
      const w = this.waiting.get(chat);
      if (w && count >= w.count) {
        this.waiting.delete(chat);
        w.resolve();
      }
    });
  }

  count(chat: number): number {
    return this.counts.get(chat) ?? 0;
  }

  /** The messages sent to the chat from the `from`-th on (0-based). */
  textsSince(chat: number, from: number): string[] {
    return (this.texts.get(chat) ?? []).slice(from);
  }

  /** Resolves when the chat has received `count` messages in all; false on timeout. */
  until(chat: number, count: number, timeoutMs: number): Promise<boolean> {
    if (this.count(chat) >= count) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(chat);
        resolve(false);
      }, timeoutMs);
      this.waiting.set(chat, { count, resolve: () => (clearTimeout(timer), resolve(true)) });
    });
  }

  /** Resolves once the chat has been quiet for `quietMs`. */
  async settled(chat: number, quietMs: number): Promise<void> {
    for (let seen = -1; seen !== this.count(chat); ) {
      seen = this.count(chat);
      await new Promise((r) => setTimeout(r, quietMs));
    }
  }
}

/**
 * One person alone, unhurried: how many messages the bot sends for each turn. Throws when the
 * form does not end with the expected reply, so a broken bot never produces figures.
 */
export async function calibrate(fake: FakeTelegram, turns: readonly string[], chat: number, done: RegExp): Promise<number[]> {
  const watch = new ReplyWatch(fake);
  try {
    const perTurn: number[] = [];
    let before = 0;
    for (const turn of turns) {
      before = watch.count(chat);
      fake.sendText(chat, turn);
      if (!(await watch.until(chat, before + 1, 30_000))) throw new Error(`no reply to "${turn}" within 30 s`);
      await watch.settled(chat, 250);
      perTurn.push(watch.count(chat) - before);
    }
    const last = watch.textsSince(chat, before);
    if (!last.some((t) => done.test(t))) throw new Error(`the form did not end with ${done}: last replies ${JSON.stringify(last).slice(0, 300)}`);
    return perTurn;
  } finally {
    watch.stop();
  }
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;

export function stepStats(samples: number[]): StepStats {
  const s = [...samples].sort((x, y) => x - y);
  return { p50: round1(percentile(s, 50)), p95: round1(percentile(s, 95)), p99: round1(percentile(s, 99)) };
}

/** All people at once, each answering as soon as the previous step was answered. */
export async function driveLoad(fake: FakeTelegram, repliesPerTurn: number[], opts: LoadOptions): Promise<LoadResult> {
  const timeout = opts.stepTimeoutMs ?? 120_000;
  const watch = new ReplyWatch(fake);
  const perStep: number[][] = opts.turns.map(() => []);
  let failed = 0;
  let steps = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    await Promise.all(
      Array.from({ length: opts.people }, async (_, p) => {
        const chat = opts.firstChatId + p;
        let before = 0;
        for (const [i, turn] of opts.turns.entries()) {
          before = watch.count(chat);
          const expected = before + (repliesPerTurn[i] ?? 1);
          const sent = performance.now();
          fake.sendText(chat, turn);
          if (!(await watch.until(chat, expected, timeout))) {
            failed++;
            return;
          }
          perStep[i]!.push(performance.now() - sent);
          steps++;
        }
        if (!watch.textsSince(chat, before).some((t) => opts.done.test(t))) failed++;
      }),
    );
  } finally {
    watch.stop();
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    people: opts.people,
    steps,
    failed,
    wallSeconds: round1(wallSeconds),
    cpuSeconds: round1(cpuSeconds),
    stepsPerSecond: round1(steps / wallSeconds),
    stepsPerCpuSecond: round1(steps / cpuSeconds),
    latencyMs: { step1: stepStats(perStep[0]!), step10: stepStats(perStep[9] ?? []), last: stepStats(perStep.at(-1)!) },
  };
}

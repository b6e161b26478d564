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
import { seededRandom } from "../src/cli/seeded-random.ts";

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
  /** Latency (ms) of each turn, in order (turn 0 is the start, the last one the submission). */
  latencyMs: StepStats[];
  /**
   * Open-loop runs only: the arrival rate asked for (steps/s), the think time's mean (ms), and
   * the steps/s actually sent in the steady part of the run (after the first person finished,
   * before the last one started; null when the run is too short to have one).
   */
  arrival?: { rate: number; thinkMs: number; steadyStepsPerSecond: number | null };
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
  const { sentAtMs: _s, finishedAtMs: _f, ...load } = await measure(fake, repliesPerTurn, opts, (person) => Promise.all(Array.from({ length: opts.people }, (_, p) => person(p, () => Promise.resolve()))));
  return load;
}

export interface OpenLoopOptions extends LoadOptions {
  /** Steps per second offered on average: people start at rate / turns.length per second. */
  rate: number;
  /** Mean think time (ms) between a reply and the person's next message. */
  thinkMs: number;
  /** Seed of the arrival and think-time draws, so the product and the baseline get the same schedule. */
  seed?: number;
}

/**
 * Open loop: people arrive one by one at exponential intervals (a Poisson process) and each
 * answers its next step an exponential think time after the reply to the previous one, so the
 * steps reach the bot at `rate` per second on average, independently of how fast it answers,
 * as a steady public load does. The latencies then show what one step costs at that load
 * (queueing included) rather than how long a burst of 200 simultaneous people waits.
 */
export async function driveOpenLoop(fake: FakeTelegram, repliesPerTurn: number[], opts: OpenLoopOptions): Promise<LoadResult> {
  const random = seededRandom(opts.seed ?? 14);
  const exponential = (mean: number) => -Math.log(1 - random()) * mean;
  const personMs = (1000 * opts.turns.length) / opts.rate;
  // The whole schedule is drawn up front, so both sides of a comparison get the same one.
  const starts: number[] = [];
  for (let p = 0, at = 0; p < opts.people; p++) starts.push((at += exponential(personMs)));
  const thinks = starts.map(() => opts.turns.map(() => exponential(opts.thinkMs)));
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const result = await measure(fake, repliesPerTurn, opts, (person, t0) => {
    return Promise.all(
      starts.map(async (start, p) => {
        await sleep(start - (performance.now() - t0));
        await person(p, async (turn) => {
          if (turn > 0) await sleep(thinks[p]![turn]!);
        });
      }),
    );
  });
  const from = Math.min(...result.finishedAtMs);
  const to = starts.at(-1) ?? 0;
  const steady = to - from >= 2000 ? result.sentAtMs.filter((t) => t >= from && t <= to).length / ((to - from) / 1000) : null;
  const { sentAtMs: _s, finishedAtMs: _f, ...load } = result;
  return { ...load, arrival: { rate: opts.rate, thinkMs: opts.thinkMs, steadyStepsPerSecond: steady === null ? null : round1(steady) } };
}


type Person = (p: number, beforeTurn: (turn: number) => Promise<void>) => Promise<void>;

/**
 * Runs `schedule` with a function that walks one person through the turns (and the time it
 * started), and measures; also when each step was sent and each person finished (ms from start).
 */
async function measure(
  fake: FakeTelegram,
  repliesPerTurn: number[],
  opts: LoadOptions,
  schedule: (person: Person, t0: number) => Promise<unknown>,
): Promise<LoadResult & { sentAtMs: number[]; finishedAtMs: number[] }> {
  const timeout = opts.stepTimeoutMs ?? 120_000;
  const watch = new ReplyWatch(fake);
  const perStep: number[][] = opts.turns.map(() => []);
  let failed = 0;
  let steps = 0;
  const sentAtMs: number[] = [];
  const finishedAtMs: number[] = [];
  const t0 = performance.now();
  const person: Person = async (p, beforeTurn) => {
    const chat = opts.firstChatId + p;
    let before = 0;
    for (const [i, turn] of opts.turns.entries()) {
      await beforeTurn(i);
      before = watch.count(chat);
      const expected = before + (repliesPerTurn[i] ?? 1);
      const sent = performance.now();
      sentAtMs.push(sent - t0);
      fake.sendText(chat, turn);
      if (!(await watch.until(chat, expected, timeout))) {
        failed++;
        return;
      }
      perStep[i]!.push(performance.now() - sent);
      steps++;
    }
    finishedAtMs.push(performance.now() - t0);
    if (!watch.textsSince(chat, before).some((t) => opts.done.test(t))) failed++;
  };
  const cpu0 = process.cpuUsage();
  try {
    await schedule(person, t0);
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
    latencyMs: perStep.map(stepStats),
    sentAtMs,
    finishedAtMs,
  };
}

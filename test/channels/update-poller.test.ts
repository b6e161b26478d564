/** The shared long-polling loop of the Telegram and Zalo Bot Platform channels. */
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.ts";
import { UpdatePoller } from "../../src/channels/update-poller.ts";

interface U {
  chat: string;
  n: number;
}

const log = createLogger({ level: "silent", pretty: false });

describe("UpdatePoller", () => {
  it("polls again only after the batch was handled, keeps each chat in order, and limits the chats at once", async () => {
    const batches: U[][] = [
      [{ chat: "a", n: 1 }, { chat: "b", n: 1 }, { chat: "a", n: 2 }, { chat: "c", n: 1 }, { chat: "a", n: 3 }],
      [{ chat: "b", n: 2 }],
    ];
    const events: string[] = [];
    let running = 0;
    let maxRunning = 0;
    let polls = 0;
    let allDone!: () => void;
    const done = new Promise<void>((resolve) => (allDone = resolve));
    const poller = new UpdatePoller<U>({
      poll: async (signal) => {
        events.push(`poll ${++polls}`);
        const batch = batches.shift();
        if (batch) return batch;
        allDone();
        await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
        return [];
      },
      chatOf: (u) => u.chat,
      handle: async (u) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`${u.chat}${u.n}`);
        running--;
        if (u.chat === "c") throw new Error("a failing update does not stop the batch");
      },
      concurrency: 2,
      log,
      name: "test",
      describe: String,
    });
    poller.start();
    await done;
    await poller.stop();
    expect(events.indexOf("poll 2")).toBe(6); // after all five updates of the first batch
    const firstBatch = events.slice(1, 6);
    expect(firstBatch.filter((e) => e.startsWith("a"))).toEqual(["a1", "a2", "a3"]);
    expect(firstBatch).toEqual(expect.arrayContaining(["b1", "c1"]));
    expect(maxRunning).toBe(2);
    expect(events.slice(6)).toEqual(["poll 2", "b2", "poll 3"]);
  });

  it("waits longer after each failed poll and stops at once when asked", async () => {
    const waits: number[] = [];
    let failures = 0;
    let thirdFailure!: () => void;
    const third = new Promise<void>((resolve) => (thirdFailure = resolve));
    const poller = new UpdatePoller<U>({
      poll: async () => {
        if (++failures === 3) thirdFailure();
        throw new Error("502 Bad Gateway");
      },
      chatOf: (u) => u.chat,
      handle: async () => undefined,
      concurrency: 1,
      log: { ...log, warn: (obj: { retryInMs: number }) => void waits.push(obj.retryInMs) } as unknown as typeof log,
      name: "test",
      describe: String,
      random: () => 0, // the shortest wait of each jittered range: half of 1 s, 2 s, 4 s…
    });
    poller.start();
    await third; // after waiting 0.5 s and 1 s
    await new Promise((resolve) => setImmediate(resolve));
    const t0 = Date.now();
    await poller.stop(); // during the 2 s wait
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(waits).toEqual([500, 1000, 2000]);
    expect(failures).toBe(3);
  });
});

import { describe, expect, it } from "vitest";
import { KeyedMutex } from "../../src/concurrency/keyed-mutex.ts";

describe("KeyedMutex", () => {
  it("runs one task at a time per key, in order, different keys side by side, and forgets idle keys", async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a1 = mutex.run("a", async () => {
      log.push("a1 start");
      await gate;
      log.push("a1 end");
    });
    const a2 = mutex.run("a", async () => void log.push("a2"));
    const b1 = mutex.run("b", async () => void log.push("b1"));
    await b1;
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(["a1 start", "b1"]);
    expect(mutex.busyKeys).toBe(1);
    release();
    await Promise.all([a1, a2]);
    expect(log).toEqual(["a1 start", "b1", "a1 end", "a2"]);
    await new Promise((r) => setTimeout(r, 0));
    expect(mutex.busyKeys).toBe(0);
  });

  it("goes on after a task that failed, and hands the failure to its caller only", async () => {
    const mutex = new KeyedMutex();
    const failed = mutex.run("a", async () => {
      throw new Error("boom");
    });
    await expect(failed).rejects.toThrow("boom");
    await expect(mutex.run("a", async () => 42)).resolves.toBe(42);
  });
});

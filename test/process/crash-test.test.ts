/**
 * A short run of `npm run test:crash`: the real server is SIGKILLed three times while three people
 * fill in good-deed reports over HTTP; afterwards every code they were told exists once locally and
 * once at the council, no acknowledged answer is missing, and no outbox job is stuck or dead.
 */
import { describe, expect, it } from "vitest";
import { runCrashTest } from "../../src/cli/crash-test.ts";

describe("crash test (short)", () => {
  it("loses and duplicates nothing across 3 SIGKILLs", async () => {
    const lines: string[] = [];
    const summary = await runCrashTest({ kills: 3, people: 3, seed: 20261125, minDelayMs: 50, maxDelayMs: 800, log: (l) => lines.push(l) });
    expect(summary.violations, `${summary.line}\n${summary.violations.join("\n")}`).toEqual([]);
    expect(summary.confirmed).toBeGreaterThan(0);
    expect(summary.duplicates).toBe(0);
    expect(summary.lostAnswers).toBe(0);
    expect(summary.stuckJobs).toBe(0);
    expect(summary.deadJobs).toBe(0);
  }, 120_000);
});

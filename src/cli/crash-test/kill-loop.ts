/**
 * The crash test's kill loop: start the server on the same data folder, let every person drive it
 * for a random moment, SIGKILL it, wait until every driver has noticed, and again, `kills` times.
 * What the people were told accumulates in their {@link Person}; checking it is left to the caller.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { startServer, stopChild } from "../../../test/support/spawn-app.ts";
import { drivePerson, type Person } from "./simulated-person.ts";

export interface KillLoopOptions {
  dataDir: string;
  /** The server's configuration on top of the test environment. */
  env: Record<string, string>;
  people: readonly Person[];
  kills: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** Draws the moment of each kill (seeded, so a run can be repeated). */
  random: () => number;
  log: (line: string) => void;
  /** When the whole test started, for the progress lines. */
  startedAt: number;
  violations: string[];
}

export async function runKillLoop(opts: KillLoopOptions): Promise<void> {
  const { people, kills } = opts;
  let totalStartMs = 0;
  for (let kill = 1; kill <= kills; kill++) {
    const t0 = Date.now();
    const server = await startServer(opts.dataDir, 60_000, opts.env);
    totalStartMs += Date.now() - t0;
    let alive = true;
    const isAlive = () => alive;
    const drivers = people.map((p) => drivePerson(server, p, isAlive, opts.violations));
    const delay = opts.minDelayMs + Math.floor(opts.random() * (opts.maxDelayMs - opts.minDelayMs + 1));
    await sleep(delay);
    alive = false;
    await stopChild(server.child, "SIGKILL");
    await Promise.all(drivers);
    if (kill % 10 === 0 || kill === kills) {
      const subs = people.reduce((n, p) => n + p.submitted, 0);
      const acked = people.reduce((n, p) => n + p.acked, 0);
      opts.log(
        `crash test: ${kill}/${kills} kills, ${acked} replies, ${subs} submissions, avg start ${Math.round(totalStartMs / kill)} ms, ${Math.round((Date.now() - opts.startedAt) / 1000)} s`,
      );
    }
  }
}

/**
 * `npm run test:crash`: SIGKILLs the real server (`src/main.ts`, web chat + embedded council) at
 * random moments while simulated people fill in good-deed reports over HTTP, restarts it on the
 * same SQLite file, and at the end proves that nothing was lost or duplicated:
 *
 * - every reference code a person was told exists exactly once locally and once at the council;
 * - every acknowledged answer is in that person's draft (open) or led to a submitted dossier;
 * - no draft was submitted twice, no outbox job is stuck or dead.
 *
 * Options: `--kills N` (200), `--seed S` (random), `--people P` (8), `--min-delay MS` (50),
 * `--max-delay MS` (800). Exits 1 on any violation, printing the details.
 */
import { randomBytes } from "node:crypto";
import { rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { openDatabase } from "../db/open-database.ts";
import { appEnv, killAllChildren, startServer, stopChild, waitForExit } from "../../test/support/spawn-app.ts";
import { councilCodeCounts } from "./crash-test/council-codes.ts";
import { runKillLoop } from "./crash-test/kill-loop.ts";
import { finishLastRun } from "./crash-test/last-run.ts";
import { newPerson } from "./crash-test/simulated-person.ts";
import { verifyDossiers, type DossierVerdict } from "./crash-test/verify-dossiers.ts";
import { verifyOutbox, type OutboxVerdict } from "./crash-test/verify-outbox.ts";
import { seededRandom } from "./seeded-random.ts";

export interface CrashTestOptions {
  kills: number;
  seed: number;
  people: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** Progress output; defaults to stderr. */
  log?: (line: string) => void;
  /** Keep the data folder afterwards (its path is in the summary). */
  keepData?: boolean;
}

export interface Summary {
  kills: number;
  seed: number;
  people: number;
  /** Reports whose "gửi" was applied (told a code, or applied on a re-send). */
  submissions: number;
  /** Reference codes people were told. */
  codesTold: number;
  /** Told codes found exactly once locally and at the council. */
  confirmed: number;
  atCouncil: number;
  duplicates: number;
  lostAnswers: number;
  stuckJobs: number;
  deadJobs: number;
  /** Messages re-sent with the same messageId after a kill (answered again with the same replies when already applied). */
  resent: number;
  violations: string[];
  durationMs: number;
  dataDir: string;
  line: string;
}

export async function runCrashTest(opts: CrashTestOptions): Promise<Summary> {
  const started = Date.now();
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dataDir = mkdtempSync(join(tmpdir(), "tdkt-crash-"));
  const token = randomBytes(18).toString("base64url").slice(0, 24);
  const env = {
    COUNCIL_CLIENTS: `auditor:staff:${token}`,
    COUNCIL_FORWARD_INTERVAL_SECONDS: "0.2",
    COUNCIL_FEED_INTERVAL_SECONDS: "0.2",
    // Jobs claimed by a killed process are taken over sooner than in production (60 s), so the
    // final settle is short; the council request timeout stays below it, as the config requires.
    COUNCIL_TIMEOUT_SECONDS: "5",
    OUTBOX_LEASE_SECONDS: "8",
    LOG_LEVEL: "warn",
  };
  const violations: string[] = [];
  const people = Array.from({ length: opts.people }, (_, i) => newPerson(i));

  try {
    const { kills, minDelayMs, maxDelayMs } = opts;
    await runKillLoop({ dataDir, env, people, kills, minDelayMs, maxDelayMs, random: seededRandom(opts.seed), log, startedAt: started, violations });

    const server = await startServer(dataDir, 60_000, env);
    const openLost = await finishLastRun(server, dataDir, people, violations);
    const councilCounts = await councilCodeCounts(server.url, token, violations);
    await stopChild(server.child, "SIGTERM");
    const exit = await waitForExit(server.child);
    if (exit.code !== 0) violations.push(`last run did not stop cleanly on SIGTERM: ${JSON.stringify(exit)}\n${server.stderr().slice(-2000)}`);
    const stoppedAt = Date.now();

    // The database file.
    const { db } = await openDatabase(appEnv(dataDir).DATABASE_URL!);
    let dossiers: DossierVerdict;
    let jobs: OutboxVerdict;
    try {
      dossiers = await verifyDossiers(db, people, councilCounts, violations);
      jobs = await verifyOutbox(db, stoppedAt, violations);
    } finally {
      await db.$disconnect();
    }

    const { confirmed, atCouncil, duplicates } = dossiers;
    const lostAnswers = openLost + dossiers.lostAnswers;
    const { stuckJobs, deadJobs } = jobs;
    const submissions = people.reduce((n, p) => n + p.submitted, 0);
    const codesTold = people.reduce((n, p) => n + p.codes.length, 0);
    const resent = people.reduce((n, p) => n + p.resent, 0);
    const ok = violations.length === 0;
    const line =
      `crash test: ${opts.kills} kills, ${confirmed} submissions confirmed, ${atCouncil} at the council, ${duplicates} duplicates, ` +
      `${lostAnswers} lost answers, ${stuckJobs} stuck jobs, ${deadJobs} dead jobs — ${ok ? "OK" : `FAILED (${violations.length} violations)`}`;
    return {
      kills: opts.kills,
      seed: opts.seed,
      people: opts.people,
      submissions,
      codesTold,
      confirmed,
      atCouncil,
      duplicates,
      lostAnswers,
      stuckJobs,
      deadJobs,
      resent,
      violations,
      durationMs: Date.now() - started,
      dataDir,
      line,
    };
  } finally {
    await killAllChildren();
    if (!opts.keepData && violations.length === 0) rmSync(dataDir, { recursive: true, force: true });
  }
}

function parseArgs(argv: string[]): CrashTestOptions {
  const opts: CrashTestOptions = { kills: 200, seed: Math.floor(Math.random() * 2 ** 31), people: 8, minDelayMs: 50, maxDelayMs: 800 };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    const num = Number(value);
    const set = (key: "kills" | "seed" | "people" | "minDelayMs" | "maxDelayMs") => {
      if (value === undefined || !Number.isInteger(num) || num < 0) throw new Error(`${name} needs a whole number`);
      opts[key] = num;
      i++;
    };
    if (name === "--kills") set("kills");
    else if (name === "--seed") set("seed");
    else if (name === "--people") set("people");
    else if (name === "--min-delay") set("minDelayMs");
    else if (name === "--max-delay") set("maxDelayMs");
    else if (name === "--keep-data") opts.keepData = true;
    else throw new Error(`unknown option ${name}`);
  }
  if (opts.people < 1) throw new Error("--people must be at least 1");
  if (opts.maxDelayMs < opts.minDelayMs) throw new Error("--max-delay must not be below --min-delay");
  return opts;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const onSignal = () => void killAllChildren().then(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let opts: CrashTestOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\nusage: test:crash [--kills N] [--seed S] [--people P] [--min-delay MS] [--max-delay MS] [--keep-data]\n`);
    process.exit(2);
  }
  process.stderr.write(`crash test: seed ${opts.seed}, ${opts.kills} kills, ${opts.people} people\n`);
  runCrashTest(opts).then(
    (s) => {
      for (const v of s.violations) process.stderr.write(`VIOLATION: ${v}\n`);
      if (s.violations.length > 0) process.stderr.write(`data kept in ${s.dataDir}\n`);
      process.stdout.write(
        `${s.line}\n(seed ${s.seed}, ${s.submissions} submissions applied, ${s.codesTold} codes told, ${s.resent} re-sent after a kill, ${Math.round(s.durationMs / 1000)} s)\n`,
      );
      process.exit(s.violations.length === 0 ? 0 : 1);
    },
    async (err) => {
      process.stderr.write(`crash test failed to run: ${(err as Error).stack ?? String(err)}\n`);
      await killAllChildren();
      process.exit(1);
    },
  );
}

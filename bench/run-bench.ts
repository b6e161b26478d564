/**
 * `npm run bench`: the product under load, on SQLite and (when DATABASE_URL_POSTGRES is set) on
 * PostgreSQL, side by side with the same form written with @grammyjs/conversations v2.
 *
 * For each database:
 * 1. N people (default 200) fill in the 20-question bench form (bench/fixtures, loaded by the
 *    product in place of `nomination-individual`: 22 messages each, the start, 20 answers and the
 *    submission) at once through the product's Telegram channel, polling a fake Bot API on
 *    127.0.0.1; then the same load through the baseline bot on another fake, with its
 *    conversation state in the same database. With --rate R, open loop instead: the N people
 *    arrive as a Poisson process so that steps arrive at R per second on average, each thinking
 *    --think ms (mean, exponential) between a reply and its next message;
 * 2. the outbox runner forwards the queued dossiers (topped up to --forward) to the embedded
 *    council service on loopback;
 * 3. resident memory and heap per open draft, with --drafts (10,000) drafts open;
 * 4. a secretary's digest over --dossiers (10,000) submissions;
 * 5. before those, without a database: unit matching as people type, --lookups (2,000) answers
 *    over the national list and synthetic villages (bench/unit-lookup.ts).
 *
 * Prints the machine and a Markdown table, writes bench/results/latest.json. With `--only units`,
 * runs step 5 alone in seconds and writes bench/results/unit-lookup.json instead.
 *
 *   npm run bench -- [--people 200] [--rate R [--think 250]] [--drafts 10000] [--dossiers 10000] [--forward 1000] [--forward-concurrency 8] [--lookups 2000] [--no-pg] [--no-baseline] [--only units]
 */
import { cpus } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { MemoryChat } from "../src/channels/memory/memory-chat.ts";
import { TelegramChannel } from "../src/channels/telegram/telegram-channel.ts";
import { FORWARD_DOSSIER_JOB } from "../src/outbox/jobs.ts";
import { createLogger } from "../src/log.ts";
import { FakeTelegram } from "../test/support/fake-telegram.ts";
import { testAssistant } from "../test/support/test-assistant.ts";
import { createPostgresDatabase, POSTGRES_URL } from "../test/support/test-databases.ts";
import { copyDossiers } from "./copy-dossiers.ts";
import { benchForwarding, type ForwardingResult } from "./forwarding.ts";
import { benchFlowsDir } from "./bench-flows.ts";
import { BENCH_TURNS } from "./nomination-turns.ts";
import { calibrate, driveLoad, driveOpenLoop, round1, type LoadResult, type StepStats } from "./telegram-load.ts";
import { benchUnitLookup, type UnitLookupResult } from "./unit-lookup.ts";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}
const PEOPLE = arg("people", 200);
const DRAFTS = arg("drafts", 10_000);
const DOSSIERS = arg("dossiers", 10_000);
const FORWARD = arg("forward", 1000);
const FORWARD_CONCURRENCY = arg("forward-concurrency", 8);
const RATE = arg("rate", 0);
const THINK_MS = arg("think", 250);
const RUN_PG = !process.argv.includes("--no-pg") && !!POSTGRES_URL;
const RUN_BASELINE = !process.argv.includes("--no-baseline");
const LOOKUPS = arg("lookups", 2000);
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
if (ONLY !== undefined && ONLY !== "units") throw new Error(`--only ${ONLY}: only "units" can run alone`);

/** Both sides answer the same typed turns of the same 20-question form. */
const TURNS = BENCH_TURNS;
const PRODUCT_DONE = /Mã (?:hồ sơ|tin báo): TDKT-\d{4}-\d{6}/;
const BASELINE_DONE = /Mã hồ sơ: BASE-/;
const HA_TRUNG = "thanh-hoa/ha-trung";

function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

/** A full garbage collection, then a turn of the event loop so native finalizers run too. */
async function gcNow(): Promise<void> {
  let g = (globalThis as { gc?: () => void }).gc;
  if (!g) {
    setFlagsFromString("--expose-gc");
    g = runInNewContext("gc") as () => void;
  }
  for (let i = 0; i < 2; i++) {
    g();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface DbResult {
  database: string;
  product: LoadResult;
  baseline: LoadResult | null;
  forwarding: ForwardingResult;
  drafts: { count: number; seconds: number; rssBeforeMb: number; rssAfterMb: number; rssBytesPerDraft: number; heapBytesPerDraft: number };
  digest: { dossiers: number; inScope: number; firstMs: number; medianMs: number; chars: number };
}

/** Calibration by one person, then the load: closed loop, or open loop with --rate. */
async function drive(fake: FakeTelegram, done: RegExp): Promise<LoadResult> {
  const perTurn = await calibrate(fake, TURNS, 1, done);
  const opts = { people: PEOPLE, turns: TURNS, firstChatId: 1000, done };
  return RATE ? await driveOpenLoop(fake, perTurn, { ...opts, rate: RATE, thinkMs: THINK_MS }) : await driveLoad(fake, perTurn, opts);
}

/** The product's Telegram channel on a fresh fake Bot API, the load, then the channel stops. */
async function loadProduct(a: Awaited<ReturnType<typeof testAssistant>>): Promise<LoadResult> {
  const fake = await FakeTelegram.start();
  const channel = new TelegramChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    handler: a.service,
    i18n: a.i18n,
    log: createLogger({ level: "silent", pretty: false }),
    maxFileBytes: 10 * 1024 * 1024,
    // Telegram's own pacing (one message per second per chat) is left out here, as the baseline has none.
    sendIntervalMs: 0,
    botInfo: fake.botInfo,
    pollTimeoutSeconds: 1,
  });
  await channel.init();
  channel.startPolling();
  try {
    return await drive(fake, PRODUCT_DONE);
  } finally {
    await channel.stop();
    await fake.close();
  }
}

async function loadBaseline(databaseUrl: string): Promise<LoadResult> {
  // Loaded only when used: the baseline's dev dependency stays out of the product's runs.
  const { startBaselineBot } = await import("./conversations-baseline.ts");
  const fake = await FakeTelegram.start();
  const bot = await startBaselineBot({ token: fake.token, apiRoot: fake.apiRoot, botInfo: fake.botInfo, databaseUrl });
  try {
    return await drive(fake, BASELINE_DONE);
  } finally {
    await bot.stop();
    await fake.close();
  }
}

async function openDrafts(a: Awaited<ReturnType<typeof testAssistant>>): Promise<DbResult["drafts"]> {
  await gcNow();
  const before = process.memoryUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      for (let i = next++; i < DRAFTS; i = next++) {
        const replies = await new MemoryChat(a.service, `bench-draft-${i}`).say("/dexuat");
        if (replies.length === 0) throw new Error("no reply to /dexuat");
        // Back to the event loop between messages, as a server always is: the SQLite driver frees
        // its native statements there, and without it resident memory would only ever grow.
        await new Promise((resolve) => setImmediate(resolve));
        if (i % 2000 === 1999) progress(`${i + 1} drafts open`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await gcNow();
  const after = process.memoryUsage();
  const open = await a.db.draft.count({ where: { status: "ACTIVE", chatKey: { startsWith: "memory:bench-draft-" } } });
  if (open !== DRAFTS) throw new Error(`${open} drafts open, expected ${DRAFTS}`);
  return {
    count: DRAFTS,
    seconds: round1(seconds),
    rssBeforeMb: Math.round(before.rss / 1e6),
    rssAfterMb: Math.round(after.rss / 1e6),
    rssBytesPerDraft: Math.round((after.rss - before.rss) / DRAFTS),
    heapBytesPerDraft: Math.round((after.heapUsed - before.heapUsed) / DRAFTS),
  };
}

async function digestTime(a: Awaited<ReturnType<typeof testAssistant>>): Promise<DbResult["digest"]> {
  const have = await a.db.dossier.count();
  const statuses = ["QUEUED", "FORWARDED", "IN_REVIEW", "RETURNED", "RECOMMENDED", "GRANTED"];
  await copyDossiers(a.db, { count: Math.max(0, DOSSIERS - have), series: 8, status: (k) => statuses[k % statuses.length]!, forward: false, now: a.clock.now() });
  const dossiers = await a.db.dossier.count();
  const secretary = await a.db.user.create({ data: { fullName: "Thư ký Hà Trung", roles: { create: { role: "secretary", unitId: HA_TRUNG } } } });
  const times: number[] = [];
  let chars = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const digest = await a.digests.compose(secretary.id, a.clock.now());
    times.push(performance.now() - t0);
    if (!digest) throw new Error("no digest for the secretary");
    chars = digest.text.length;
  }
  const inScope = (await a.db.dossier.findMany({ select: { unitId: true } })).filter((d) => a.units.isWithin(d.unitId, HA_TRUNG)).length;
  const sorted = [...times].sort((x, y) => x - y);
  return { dossiers, inScope, firstMs: round1(times[0]!), medianMs: round1(sorted[1]!), chars };
}

async function benchOne(label: string, databaseUrl: string | undefined): Promise<DbResult> {
  const flows = benchFlowsDir();
  const a = await testAssistant({ ...(databaseUrl ? { databaseUrl } : {}), flowsDir: flows.dir, trustedChannels: ["telegram", "memory"] });
  const url = databaseUrl ?? `file:${join(a.dataDir, "test.db")}`;
  try {
    progress(`${label}: ${PEOPLE} people through the product's Telegram channel${RATE ? ` (open loop, ${RATE} steps/s)` : ""}`);
    const product = await loadProduct(a);
    let baseline: LoadResult | null = null;
    if (RUN_BASELINE) {
      progress(`${label}: the same load through the @grammyjs/conversations baseline`);
      baseline = await loadBaseline(url);
    }
    const queued = await a.db.outboxJob.count({ where: { kind: FORWARD_DOSSIER_JOB.kind, status: "PENDING" } });
    await copyDossiers(a.db, { count: Math.max(0, FORWARD - queued), series: 9, status: () => "QUEUED", forward: true, now: a.clock.now() });
    progress(`${label}: forwarding ${Math.max(FORWARD, queued)} dossiers to the council`);
    const forwarding = await benchForwarding(a, FORWARD_CONCURRENCY);
    progress(`${label}: opening ${DRAFTS} drafts`);
    const drafts = await openDrafts(a);
    progress(`${label}: digest over ${DOSSIERS} dossiers`);
    const digest = await digestTime(a);
    return { database: label, product, baseline, forwarding, drafts, digest };
  } finally {
    await a.close();
    flows.remove();
  }
}

/** The unit-lookup figures as rows of a two-column Markdown table. */
function unitLookupTable(u: UnitLookupResult): string {
  const categories = Object.entries(u.byCategory).map(([name, [n, named]]) => `${name} ${named}/${n}`).join(", ");
  return [
    "| Unit lookup | |",
    "| --- | ---: |",
    `| Catalogue (national list + synthetic villages) | ${u.entries} (${u.villages} villages) |`,
    `| First lookup, building the index (ms) | ${u.firstLookupMs} |`,
    `| Lookups timed (after ${u.warmUp} untimed) | ${u.lookups} |`,
    `| Per lookup p50 / p95 / p99 / max (µs) | ${u.p50Us} / ${u.p95Us} / ${u.p99Us} / ${u.maxUs} |`,
    `| Answers naming the unit meant (nonsense: none) | ${round1(u.matchedShare * 100)} % (${categories}) |`,
  ].join("\n");
}

const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", node: process.version, date: new Date().toISOString() };
const started = performance.now();
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), "results");
progress(`unit lookup: ${LOOKUPS} answers over the national list`);
const unitLookup = benchUnitLookup({ lookups: LOOKUPS });
if (ONLY === "units") {
  console.log(`Machine: ${machine.cpus} CPU × ${machine.cpuModel}, Node ${machine.node}, ${machine.date}\n\n${unitLookupTable(unitLookup)}`);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, "unit-lookup.json"), JSON.stringify({ machine, unitLookup }, null, 2) + "\n");
  process.exit(0);
}
const results: DbResult[] = [await benchOne("SQLite", undefined)];
if (RUN_PG) {
  const pg = await createPostgresDatabase();
  try {
    results.push(await benchOne("PostgreSQL", pg.url));
  } finally {
    await pg.drop();
  }
}

const fmt = (s: StepStats) => `${s.p50} / ${s.p95} / ${s.p99}`;
const both = (f: (l: LoadResult) => string) => (r: DbResult) => (r.baseline ? `${f(r.product)} (baseline ${f(r.baseline)})` : f(r.product));
// Open loop, both sides send what the schedule offers: the ratio of steps/s says nothing there.
const ratio = (r: DbResult) => (!r.baseline ? "–" : RATE ? "– (open loop: compare steps / CPU s and latency)" : `${round1(r.product.stepsPerSecond / r.baseline.stepsPerSecond)}×`);
/** Step k is the answer to question k (turn k); turn 0 is /dexuat, the last turn the submission. */
const at = (turn: number) => (l: LoadResult) => fmt(l.latencyMs[turn]!);
const flatness = (l: LoadResult) => `${round1(l.latencyMs[20]!.p50 / l.latencyMs[2]!.p50)}×`;
const rows: Array<[string, (r: DbResult) => string]> = [
  [
    "People × messages completed",
    (r) => {
      const f = (l: LoadResult) => `${l.people} × ${TURNS.length} → ${l.steps}${l.failed ? `, ${l.failed} failed` : ""}`;
      return r.baseline ? `${f(r.product)} (baseline ${f(r.baseline)})` : f(r.product);
    },
  ],
  ...(RATE
    ? ([
        ["Load", () => `open loop, Poisson arrivals at ${RATE} steps/s, mean think time ${THINK_MS} ms`],
        ["Steps / s sent in the steady part", both((l) => String(l.arrival?.steadyStepsPerSecond ?? "– (run too short: more --people)"))],
      ] as Array<[string, (r: DbResult) => string]>)
    : []),
  ["Steps / s", both((l) => String(l.stepsPerSecond))],
  ["Steps / CPU s (whole process)", both((l) => String(l.stepsPerCpuSecond))],
  ["Product ÷ baseline, steps / s", ratio],
  ["Start (/dexuat) p50 / p95 / p99 (ms)", both(at(0))],
  ["Step 2 p50 / p95 / p99 (ms)", both(at(2))],
  ["Step 10 p50 / p95 / p99 (ms)", both(at(10))],
  ["Step 20 p50 / p95 / p99 (ms)", both(at(20))],
  ["Step 20 ÷ step 2, p50", both(flatness)],
  ["Submission p50 / p95 / p99 (ms)", both(at(TURNS.length - 1))],
  ["Dossiers forwarded to the council / s", (r) => `${r.forwarding.perSecond} (${r.forwarding.dossiers} in ${r.forwarding.seconds} s, ${r.forwarding.concurrency} in flight over ${r.forwarding.connections} connections${r.forwarding.notDone ? `, ${r.forwarding.notDone} not done` : ""})`],
  ["Open drafts (time to open, s)", (r) => `${r.drafts.count} (${r.drafts.seconds})`],
  ["Resident memory before → after opening them (MB)", (r) => `${r.drafts.rssBeforeMb} → ${r.drafts.rssAfterMb}`],
  ["RSS / heap growth per open draft (bytes)", (r) => `${r.drafts.rssBytesPerDraft} / ${r.drafts.heapBytesPerDraft}`],
  ["Digest over N dossiers (N in scope): first / median of 3 (ms)", (r) => `${r.digest.dossiers} (${r.digest.inScope}): ${r.digest.firstMs} / ${r.digest.medianMs}`],
];
const md = [
  `Machine: ${machine.cpus} CPU × ${machine.cpuModel}, Node ${machine.node}, ${machine.date}; ${round1((performance.now() - started) / 1000)} s`,
  "",
  `| Metric | ${results.map((r) => r.database).join(" | ")} |`,
  `| --- | ${results.map(() => "---:").join(" | ")} |`,
  ...rows.map(([name, f]) => `| ${name} | ${results.map(f).join(" | ")} |`),
  "",
  unitLookupTable(unitLookup),
].join("\n");
console.log(md);

const out = join(resultsDir, "latest.json");
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ machine, options: { people: PEOPLE, rate: RATE || null, thinkMs: RATE ? THINK_MS : null, drafts: DRAFTS, dossiers: DOSSIERS, forward: FORWARD, forwardConcurrency: FORWARD_CONCURRENCY, lookups: LOOKUPS, postgres: RUN_PG, baseline: RUN_BASELINE }, results, unitLookup }, null, 2) + "\n");
process.exit(results.some((r) => r.product.failed || r.baseline?.failed || r.forwarding.notDone) ? 1 : 0);

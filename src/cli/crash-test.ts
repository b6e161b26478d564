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
import { randomBytes, randomUUID } from "node:crypto";
import { rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { openDatabase, type Db } from "../db/open-database.ts";
import { WebSessions } from "../channels/web/web-sessions.ts";
import { appEnv, killAllChildren, startServer, stopChild, waitForExit, type RunningServer } from "../../test/support/spawn-app.ts";
import { WebChatClient } from "../../test/support/web-chat-client.ts";
import { seededRandom } from "./seeded-random.ts";

/** The good-deed-report script; index 0 starts the flow, the last one submits. */
export const SCRIPT = [
  "/baotin",
  "đồng ý",
  "mot nguoi",
  "Đặng Văn Hùng",
  "bỏ qua",
  "cuu nguoi",
  "Anh Hùng cứu hai em học sinh bị đuối nước trên sông Hoạt.",
  "20/11/2026",
  "tk2, ha trung",
  "xong",
  "có",
  "1",
  "gửi",
] as const;

/** The flow step each script answer (index ≥ 1, before "gửi") fills. */
export const STEP_OF: Record<number, string> = {
  1: "consent",
  2: "subjectKind",
  3: "subjectName",
  4: "subjectPhone",
  5: "category",
  6: "story",
  7: "occurredOn",
  8: "place",
  9: "photos",
  10: "reporterAnonymous",
  11: "subjectConsent",
};

const SUBMIT_INDEX = SCRIPT.length - 1;
const CODE_RE = /Mã (?:hồ sơ|tin báo): (TDKT-\d{4}-\d{6})/;

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


interface Reply {
  text?: string;
  choices?: Array<{ label: string }>;
}

interface Person {
  /** For messages: `crash_<i>`. */
  name: string;
  /** The person's browser: its session cookie, kept across restarts. */
  web: WebChatClient | null;
  /** Index in SCRIPT of the next answer. */
  pos: number;
  /** A message sent whose reply did not arrive: re-sent with the same id. */
  pending: { messageId: string; pos: number } | null;
  /** Number of reports whose "gửi" was applied. */
  submitted: number;
  codes: string[];
  /** Acknowledged answers of the open report: script index → text. */
  openAcked: number[];
  resent: number;
  /** Messages whose reply arrived. */
  acked: number;
}

function replyText(replies: Reply[]): string {
  return replies.map((r) => [r.text ?? "", ...(r.choices ?? []).map((c) => `[${c.label}]`)].join("\n")).join("\n---\n");
}

/**
 * The chatKey of the person's web session, read through the session table as the server does
 * (the cookie's SHA-256); a person who never got an answer has none.
 */
async function chatKeyOf(db: Db, p: Person): Promise<string> {
  const token = p.web?.sessionToken;
  if (token === undefined) return "web:(no session)";
  const session = await db.webSession.findUnique({ where: { tokenHash: WebSessions.hashToken(token) } });
  return `web:${session?.chatId ?? "(unknown session)"}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Dead extends Error {}

export async function runCrashTest(opts: CrashTestOptions): Promise<Summary> {
  const started = Date.now();
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const random = seededRandom(opts.seed);
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
  const people: Person[] = Array.from({ length: opts.people }, (_, i) => ({
    name: `crash_${i}`,
    web: null,
    pos: 0,
    pending: null,
    submitted: 0,
    codes: [],
    openAcked: [],
    resent: 0,
    acked: 0,
  }));

  /** Sends the person's next message (or re-sends the pending one); throws Dead when the server is gone. */
  async function step(server: RunningServer, p: Person, alive: () => boolean): Promise<void> {
    const resend = p.pending !== null;
    const msg = p.pending ?? { messageId: randomUUID(), pos: p.pos };
    p.pending = msg;
    const text = SCRIPT[msg.pos]!;
    let status: number;
    let body: { replies?: Reply[]; error?: string };
    try {
      // The same browser (cookie) talking to whichever process is running now.
      const web = p.web === null ? new WebChatClient(server.url) : p.web.at(server.url);
      p.web = web;
      ({ status, body } = await web.send({ text }, msg.messageId));
    } catch (err) {
      if (!alive()) throw new Dead();
      throw err;
    }
    if (status !== 200 || !Array.isArray(body.replies)) {
      if (!alive()) throw new Dead();
      violations.push(`${p.name}: "${text}" (message ${msg.messageId}) → HTTP ${status} ${JSON.stringify(body)}\nstderr:\n${server.stderr().slice(-2000)}`);
      await sleep(100);
      return; // keep it pending: re-sent with the same id
    }
    p.pending = null;
    p.acked++;
    const replies = body.replies;
    if (resend) p.resent++;
    const all = replyText(replies);
    if (replies.length > 0) {
      // The reply must move the person on; a re-ask means we lost track of where they are.
      const expectNumber = msg.pos + 1;
      if (msg.pos < SUBMIT_INDEX && msg.pos <= 8 && !all.includes(`Câu ${expectNumber}:`)) {
        violations.push(`${p.name}: "${text}" (script step ${msg.pos}) got an unexpected reply: ${all.slice(0, 400)}`);
      }
    }
    if (msg.pos === SUBMIT_INDEX) {
      const code = CODE_RE.exec(all)?.[1];
      if (replies.length > 0 && !code) violations.push(`${p.name}: "gửi" answered without a code: ${all.slice(0, 400)}`);
      if (code) p.codes.push(code);
      p.submitted++;
      p.openAcked = [];
      p.pos = 0;
    } else {
      p.openAcked.push(msg.pos);
      p.pos = msg.pos + 1;
    }
  }

  async function drive(server: RunningServer, p: Person, alive: () => boolean): Promise<void> {
    while (alive()) {
      try {
        await step(server, p, alive);
      } catch (err) {
        if (err instanceof Dead) return;
        violations.push(`${p.name}: unexpected client error ${String(err)}`);
        return;
      }
    }
  }

  let totalStartMs = 0;
  try {
    for (let kill = 1; kill <= opts.kills; kill++) {
      const t0 = Date.now();
      const server = await startServer(dataDir, 60_000, env);
      totalStartMs += Date.now() - t0;
      let alive = true;
      const isAlive = () => alive;
      const drivers = people.map((p) => drive(server, p, isAlive));
      const delay = opts.minDelayMs + Math.floor(random() * (opts.maxDelayMs - opts.minDelayMs + 1));
      await sleep(delay);
      alive = false;
      await stopChild(server.child, "SIGKILL");
      await Promise.all(drivers);
      if (kill % 10 === 0 || kill === opts.kills) {
        const subs = people.reduce((n, p) => n + p.submitted, 0);
        const acked = people.reduce((n, p) => n + p.acked, 0);
        log(`crash test: ${kill}/${opts.kills} kills, ${acked} replies, ${subs} submissions, avg start ${Math.round(totalStartMs / kill)} ms, ${Math.round((Date.now() - started) / 1000)} s`);
      }
    }

    // Last run: resolve pending messages, let the outbox settle, read the council.
    const server = await startServer(dataDir, 60_000, env);
    for (const p of people) {
      for (let tries = 0; p.pending && tries < 5; tries++) await step(server, p, () => true);
      if (p.pending) violations.push(`${p.name}: the message sent before the last kill is still refused`);
    }
    // Before anyone moves on: every acknowledged answer of an open report is in its draft.
    let lostAnswers = 0;
    const { db } = await openDatabase(appEnv(dataDir).DATABASE_URL!);
    try {
      for (const p of people) {
        const chatKey = await chatKeyOf(db, p);
        const active = await db.draft.findMany({ where: { chatKey, status: "ACTIVE" } });
        if (p.pos === 0) {
          if (active.length > 0) violations.push(`${p.name}: no report open, but ${active.length} active draft(s)`);
        } else if (active.length !== 1) {
          lostAnswers += p.openAcked.length;
          violations.push(`${p.name}: a report open at script step ${p.pos}, but ${active.length} active drafts`);
        } else {
          const answers = (active[0]!.answers ?? {}) as Record<string, unknown>;
          for (const i of p.openAcked) {
            const stepId = STEP_OF[i];
            if (stepId && !(stepId in answers)) {
              lostAnswers++;
              violations.push(`${p.name}: acknowledged answer "${SCRIPT[i]}" (${stepId}) missing from draft ${active[0]!.id}: ${JSON.stringify(answers).slice(0, 300)}`);
            }
          }
        }
      }
      // Then everyone finishes the report in hand, on the restarted process.
      await Promise.all(
        people.map(async (p) => {
          for (let tries = 0; p.pos !== 0; tries++) {
            if (tries > 3 * SCRIPT.length) {
              violations.push(`${p.name}: could not finish the open report (stuck at script step ${p.pos})`);
              break;
            }
            await step(server, p, () => true);
          }
        }),
      );
      // A job claimed by a killed process is claimed again only when its lease ends: wait past the
      // latest lease (bounded), not just a fixed time.
      const leases = await db.outboxJob.findMany({ where: { kind: "forward-dossier", status: "RUNNING" }, select: { lockedUntil: true } });
      const latestLease = Math.max(0, ...leases.map((j) => j.lockedUntil?.getTime() ?? 0));
      const settleUntil = Math.min(Date.now() + 180_000, Math.max(Date.now() + 30_000, latestLease + 15_000));
      for (;;) {
        const busy = await db.outboxJob.count({ where: { kind: "forward-dossier", status: { in: ["PENDING", "RUNNING"] } } });
        if (busy === 0 || Date.now() > settleUntil) break;
        await sleep(200);
      }
      // Let the feed follower and notify jobs catch up a little as well.
      const notifyUntil = Date.now() + 10_000;
      for (;;) {
        const busy = await db.outboxJob.count({ where: { status: "RUNNING" } });
        const due = await db.outboxJob.count({ where: { status: "PENDING", nextAttemptAt: { lte: new Date() } } });
        if ((busy === 0 && due === 0) || Date.now() > notifyUntil) break;
        await sleep(200);
      }
    } finally {
      await db.$disconnect();
    }

    // The council, through its API, paging through everything.
    const councilCounts = new Map<string, number>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const u = new URL(`${server.url}/council/v1/dossiers`);
      u.searchParams.set("limit", "100");
      if (cursor) u.searchParams.set("cursor", cursor);
      const res = await fetch(u, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) {
        violations.push(`council list → HTTP ${res.status} ${await res.text()}`);
        break;
      }
      const page = (await res.json()) as { items: Array<{ code: string }>; nextCursor: string | null };
      for (const item of page.items) councilCounts.set(item.code, (councilCounts.get(item.code) ?? 0) + 1);
      cursor = page.nextCursor;
      if (++pages > 10_000) {
        violations.push("council list: paging does not end");
        break;
      }
    } while (cursor);

    await stopChild(server.child, "SIGTERM");
    const exit = await waitForExit(server.child);
    if (exit.code !== 0) violations.push(`last run did not stop cleanly on SIGTERM: ${JSON.stringify(exit)}\n${server.stderr().slice(-2000)}`);
    const stoppedAt = Date.now();

    // The database file.
    const { db: db2 } = await openDatabase(appEnv(dataDir).DATABASE_URL!);
    let confirmed = 0;
    let atCouncil = 0;
    let duplicates = 0;
    let stuckJobs = 0;
    let deadJobs = 0;
    try {
      const dossiers = await db2.dossier.findMany({ include: { goodDeedReport: true } });
      const localByCode = new Map<string, number>();
      for (const d of dossiers) localByCode.set(d.code, (localByCode.get(d.code) ?? 0) + 1);
      const draftsWithDossier = new Map<string, number>();
      for (const d of dossiers) {
        const draftId = d.goodDeedReport?.draftId;
        if (draftId) draftsWithDossier.set(draftId, (draftsWithDossier.get(draftId) ?? 0) + 1);
      }
      for (const [draftId, n] of draftsWithDossier) {
        if (n > 1) {
          duplicates += n - 1;
          violations.push(`draft ${draftId} has ${n} dossiers`);
        }
      }
      // Every local dossier reaches the council exactly once.
      for (const d of dossiers) {
        const n = councilCounts.get(d.code) ?? 0;
        if (n === 1) atCouncil++;
        else if (n > 1) {
          duplicates += n - 1;
          violations.push(`dossier ${d.code} is ${n} times at the council`);
        } else violations.push(`dossier ${d.code} (status ${d.status}) never reached the council`);
      }
      for (const code of councilCounts.keys()) {
        if (!localByCode.has(code)) violations.push(`council has ${code}, which is not a local dossier`);
      }

      for (const p of people) {
        const chatKey = await chatKeyOf(db2, p);
        for (const code of p.codes) {
          const local = localByCode.get(code) ?? 0;
          const council = councilCounts.get(code) ?? 0;
          if (local === 1 && council === 1) confirmed++;
          else violations.push(`${p.name} was told ${code}: ${local} local, ${council} at the council`);
          const mine = dossiers.find((d) => d.code === code);
          if (mine && mine.goodDeedReport?.channel !== undefined) {
            const draft = await db2.draft.findUnique({ where: { id: mine.goodDeedReport.draftId } });
            if (draft?.chatKey !== chatKey) violations.push(`${code} told to ${chatKey} belongs to draft of ${draft?.chatKey}`);
          }
        }
        if (new Set(p.codes).size !== p.codes.length) {
          duplicates++;
          violations.push(`${p.name} was told the same code twice: ${p.codes.join(", ")}`);
        }
        const drafts = await db2.draft.findMany({ where: { chatKey }, orderBy: { createdAt: "asc" } });
        const submittedDrafts = drafts.filter((d) => d.status === "SUBMITTED");
        const withDossier = submittedDrafts.filter((d) => draftsWithDossier.has(d.id)).length;
        if (withDossier < p.submitted || submittedDrafts.length < p.submitted) {
          lostAnswers += p.submitted - Math.min(withDossier, submittedDrafts.length);
          violations.push(`${p.name}: ${p.submitted} reports submitted, but ${submittedDrafts.length} submitted drafts and ${withDossier} dossiers`);
        }
        if (submittedDrafts.length > p.submitted) {
          duplicates += submittedDrafts.length - p.submitted;
          violations.push(`${p.name}: ${p.submitted} reports submitted, but ${submittedDrafts.length} submitted drafts`);
        }
        if (submittedDrafts.length !== withDossier) violations.push(`${p.name}: ${submittedDrafts.length} submitted drafts, ${withDossier} with a dossier`);
        const active = drafts.filter((d) => d.status === "ACTIVE");
        const others = drafts.filter((d) => d.status !== "ACTIVE" && d.status !== "SUBMITTED");
        if (others.length > 0) violations.push(`${p.name}: unexpected drafts ${others.map((d) => `${d.id}:${d.status}`).join(", ")}`);
        if (active.length > 0) violations.push(`${p.name}: every report was finished, but ${active.length} draft(s) are still active`);
      }

      const jobs = await db2.outboxJob.findMany();
      for (const j of jobs) {
        if (j.status === "DEAD") {
          deadJobs++;
          violations.push(`DEAD job ${j.kind} ${j.idempotencyKey}: ${j.lastError}`);
        } else if (j.status === "RUNNING" && (!j.lockedUntil || j.lockedUntil.getTime() < stoppedAt)) {
          stuckJobs++;
          violations.push(`stuck job ${j.kind} ${j.idempotencyKey}: RUNNING, lease ended ${j.lockedUntil?.toISOString()}`);
        } else if (j.status === "PENDING" && j.nextAttemptAt.getTime() < stoppedAt - 5_000) {
          stuckJobs++;
          violations.push(`stuck job ${j.kind} ${j.idempotencyKey}: PENDING, due since ${j.nextAttemptAt.toISOString()} (attempts ${j.attempts}, ${j.lastError ?? "no error"})`);
        }
      }
    } finally {
      await db2.$disconnect();
    }

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

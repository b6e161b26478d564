/**
 * In-process benchmark of the real service (no network): concurrent `nomination-individual`
 * conversations, memory per open draft, and digest composition over many dossiers; on SQLite,
 * and on PostgreSQL when DATABASE_URL_POSTGRES is set.
 *
 *   npm run bench -- [--people 100] [--drafts 500] [--dossiers 2000] [--no-pg]
 */
import { cpus } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { MemoryChat } from "../src/channels/memory/memory-chat.ts";
import { testAssistant } from "../test/support/test-assistant.ts";
import { createPostgresDatabase, POSTGRES_URL } from "../test/support/test-databases.ts";

type Turn = string | { press: string };

/** The inputs of the golden `nomination-individual` transcript (an officer nominates a farmer). */
const NFD = (s: string) => s.normalize("NFD");
const NOMINATION: Turn[] = [
  "/dexuat",
  "binh xet cuoi nam",
  "Cả nước chung sức xây dựng nông thôn mới",
  "chien si thi dua co so",
  NFD("nguyễn thị   hoa"),
  "nu",
  "5/3/85",
  "03818500123",
  "038 085 001 234",
  "Trưởng thôn Tân Lập",
  "thon tan lap, ha trung",
  "lao dong truc tiep",
  "Làm tốt.",
  "Năm 2026 vận động 45 hộ hiến 1.200 m² đất làm đường giao thông nông thôn, thu gom rác thải đạt 100%, thôn đạt chuẩn văn hóa.",
  "bỏ qua",
  "đồng ý",
  "gui",
];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}
const PEOPLE = arg("people", 100);
const DRAFTS = arg("drafts", 500); // 10,000 would take minutes at ~25 drafts/s on 2 cores; per-draft growth is scaled
const DOSSIERS = arg("dossiers", 2000);
const RUN_PG = !process.argv.includes("--no-pg") && !!POSTGRES_URL;

function gcNow(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g();
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as (() => void) | undefined;
  gc?.();
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const r1 = (n: number) => Math.round(n * 10) / 10;
const r2 = (n: number) => Math.round(n * 100) / 100;

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

interface StepStats { p50: number; p95: number; p99: number }
interface DbResult {
  database: string;
  people: number;
  steps: number;
  failedConversations: number;
  latencyMs: { step1: StepStats; step10: StepStats; last: StepStats };
  wallSeconds: number;
  stepsPerSecond: number;
  stepsPerCpuSecond: number;
  drafts: number;
  draftSeconds: number;
  rssBytesPerDraft: number;
  heapBytesPerDraft: number;
  dossiers: number;
  digestInScope: number;
  digestMs: { first: number | null; median: number | null };
  digestChars: number;
  digestError: string | null;
}

async function benchOne(label: string, databaseUrl: string | undefined): Promise<DbResult> {
  const a = await testAssistant(databaseUrl ? { databaseUrl } : {});
  try {
    // 1. N officers run the whole nomination concurrently; each person's messages in order.
    const perStep: number[][] = NOMINATION.map(() => []);
    let failed = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: PEOPLE }, async (_, p) => {
        const chat = new MemoryChat(a.service, `bench-officer-${p}`);
        for (const [i, turn] of NOMINATION.entries()) {
          const s = performance.now();
          const replies = typeof turn === "string" ? await chat.say(turn) : await chat.press(turn.press);
          perStep[i]!.push(performance.now() - s);
          if (i === NOMINATION.length - 1 && !replies.some((r) => r.text.includes("TDKT-"))) failed++;
        }
      }),
    );
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const steps = PEOPLE * NOMINATION.length;
    const stats = (i: number): StepStats => {
      const s = [...(perStep[i] ?? [])].sort((x, y) => x - y);
      return { p50: r1(pct(s, 50)), p95: r1(pct(s, 95)), p99: r1(pct(s, 99)) };
    };

    // 2. Memory: open drafts (start the flow and answer one question) for distinct chats.
    gcNow();
    const mem0 = process.memoryUsage();
    const d0 = performance.now();
    const ids = Array.from({ length: DRAFTS }, (_, i) => `bench-draft-${i}`);
    await pool(ids, 50, async (id) => {
      const chat = new MemoryChat(a.service, id);
      await chat.say("/dexuat");
      await chat.say("binh xet cuoi nam");
    });
    const draftSeconds = (performance.now() - d0) / 1000;
    gcNow();
    const mem1 = process.memoryUsage();

    // 3. Digest: top the real dossiers up to DOSSIERS with copies (new ids and codes).
    const real = await a.db.dossier.findMany({ include: { nomination: true } });
    const template = real.find((d) => d.nomination);
    if (!template?.nomination) throw new Error("no submitted nomination to copy");
    const { id: _n, dossier: _nd, attachments: _na, ...nom } = template.nomination as typeof template.nomination & { dossier?: unknown; attachments?: unknown };
    const { id: _d, nomination: _dn, ...dos } = template;
    const missing = Math.max(0, DOSSIERS - real.length);
    const stamp = Date.now().toString(36);
    for (let start = 0; start < missing; start += 500) {
      const batch = Array.from({ length: Math.min(500, missing - start) }, (_, k) => start + k);
      const noms = batch.map((k) => ({ ...nom, id: `bench-nom-${stamp}-${k}`, draftId: `bench-draft-copy-${stamp}-${k}`, nomineeName: `${nom.nomineeName} ${k}`, nomineeSnapshot: nom.nomineeSnapshot as object }));
      await a.db.nomination.createMany({ data: noms });
      await a.db.dossier.createMany({
        data: batch.map((k) => ({
          ...dos,
          id: `bench-dos-${stamp}-${k}`,
          code: `TDKT-2026-9${String(k).padStart(5, "0")}`,
          nominationId: `bench-nom-${stamp}-${k}`,
          goodDeedReportId: null,
          payload: dos.payload as object,
          returnedFields: undefined,
          submittedAt: new Date(dos.submittedAt.getTime() - (k % 20) * 86_400_000),
          status: k % 3 === 0 ? "FORWARDED" : "QUEUED",
        })),
      });
    }
    const dossiers = await a.db.dossier.count();
    const secretary = await a.db.user.create({ data: { fullName: "Thư ký Hà Trung", roles: { create: { role: "secretary", unitId: "thanh-hoa/ha-trung" } } } });
    const times: number[] = [];
    let digestChars = 0;
    let digestError: string | null = null;
    for (let i = 0; i < 3 && !digestError; i++) {
      const s = performance.now();
      try {
        const digest = await a.digests.compose(secretary.id, a.clock.now());
        times.push(performance.now() - s);
        if (!digest) throw new Error("compose returned null for the secretary");
        digestChars = digest.text.length;
      } catch (err) {
        const e = err as { code?: string; message?: string };
        digestError = `${e.code ?? "error"} after ${Math.round(performance.now() - s)} ms: ${(e.message ?? String(err)).trim().split("\n").at(-1)}`;
      }
    }
    const digestInScope = (await a.db.dossier.findMany({ select: { unitId: true } })).filter((d) => a.units.isWithin(d.unitId, "thanh-hoa/ha-trung")).length;

    return {
      database: label,
      people: PEOPLE,
      steps,
      failedConversations: failed,
      latencyMs: { step1: stats(0), step10: stats(9), last: stats(NOMINATION.length - 1) },
      wallSeconds: r2(wall),
      stepsPerSecond: r1(steps / wall),
      stepsPerCpuSecond: r1(steps / cpuSeconds),
      drafts: DRAFTS,
      draftSeconds: r2(draftSeconds),
      rssBytesPerDraft: Math.round((mem1.rss - mem0.rss) / DRAFTS),
      heapBytesPerDraft: Math.round((mem1.heapUsed - mem0.heapUsed) / DRAFTS),
      dossiers,
      digestInScope,
      digestMs: { first: times.length ? r1(times[0]!) : null, median: times.length ? r1([...times].sort((x, y) => x - y)[Math.floor(times.length / 2)]!) : null },
      digestChars,
      digestError,
    };
  } finally {
    await a.close();
  }
}

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? "unknown",
  node: process.version,
  date: new Date().toISOString(),
};

const results: DbResult[] = [];
results.push(await benchOne("SQLite", undefined));
if (RUN_PG) {
  const pg = await createPostgresDatabase();
  try {
    results.push(await benchOne("PostgreSQL", pg.url));
  } finally {
    await pg.drop();
  }
}

const fmt = (s: StepStats) => `${s.p50} / ${s.p95} / ${s.p99}`;
const rows: Array<[string, (r: DbResult) => string]> = [
  ["People × steps", (r) => `${r.people} × ${NOMINATION.length} = ${r.steps}${r.failedConversations ? ` (${r.failedConversations} failed)` : ""}`],
  ["Step 1 latency p50 / p95 / p99 (ms)", (r) => fmt(r.latencyMs.step1)],
  ["Step 10 latency p50 / p95 / p99 (ms)", (r) => fmt(r.latencyMs.step10)],
  [`Last step (${NOMINATION.length}, submit) p50 / p95 / p99 (ms)`, (r) => fmt(r.latencyMs.last)],
  ["Wall time (s)", (r) => String(r.wallSeconds)],
  ["Steps / s", (r) => String(r.stepsPerSecond)],
  ["Steps / CPU s (this process)", (r) => String(r.stepsPerCpuSecond)],
  ["Open drafts (time, s)", (r) => `${r.drafts} (${r.draftSeconds})`],
  ["RSS growth / open draft (bytes)", (r) => String(r.rssBytesPerDraft)],
  ["Heap growth / open draft (bytes)", (r) => String(r.heapBytesPerDraft)],
  ["Dossiers (in Hà Trung scope)", (r) => `${r.dossiers} (${r.digestInScope})`],
  ["Digest compose first / median of 3 (ms)", (r) => (r.digestError ? `FAILED: ${r.digestError}` : `${r.digestMs.first} / ${r.digestMs.median}`)],
  ["Digest length (chars)", (r) => String(r.digestChars)],
];
const md = [
  `Machine: ${machine.cpus} CPU × ${machine.cpuModel}, Node ${machine.node}, ${machine.date}`,
  "",
  `| Metric | ${results.map((r) => r.database).join(" | ")} |`,
  `| --- | ${results.map(() => "---:").join(" | ")} |`,
  ...rows.map(([name, f]) => `| ${name} | ${results.map(f).join(" | ")} |`),
].join("\n");
console.log(md);

const out = join(dirname(fileURLToPath(import.meta.url)), "results", "latest.json");
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ machine, options: { people: PEOPLE, drafts: DRAFTS, dossiers: DOSSIERS, postgres: RUN_PG }, results }, null, 2) + "\n");
process.exit(0);

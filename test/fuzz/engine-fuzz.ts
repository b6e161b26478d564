/**
 * Fuzzing the flow engine over the real flows (flows/*.yaml) and the real catalogues.
 *
 * A run is a random sequence of "moves". Most moves are resolved against the current state when
 * they are played: a "smart" move gives a (usually) valid answer for the current step, so a good
 * share of runs reach the summary and are submitted; the others are noise (random text, Vietnamese
 * words, numbers, dates, phone-like strings, labels and numbers of the current choices, random
 * choice values, files and the commands back / skip / cancel / help).
 *
 * Checked after every step: nothing throws; the state survives the database round trip
 * (`readRunState(JSON.parse(JSON.stringify(state)))`, unchanged); the phase only moves forward
 * (asking/summary → done/cancelled, never back without `reopenRun`); a finished run ignores input;
 * and every `completed` output makes a record with `parseFlowRecord(flow, answers)` (the schema
 * derived from the flow, then the record schema).
 *
 * Used by test/fuzz/engine-fuzz.test.ts (few runs, inside `npm test`) and src/cli/fuzz.ts
 * (`npm run fuzz`, many runs).
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import {
  advanceRun,
  reopenRun,
  repeatPrompt,
  startRun,
  CANCEL,
  SUBMIT,
  type RunCommand,
  type RunContext,
  type RunInput,
  type RunOutput,
  type RunResult,
} from "../../src/flows/advance-run.ts";
import type { Flow, Step } from "../../src/flows/flow-definition.ts";
import { loadFlowsDir } from "../../src/flows/load-flow.ts";
import { readRunState, type FileRef, type RunState } from "../../src/flows/run-state.ts";
import { loadCatalogues, inForce } from "../../src/catalogues/load-catalogues.ts";
import { UnitDirectory } from "../../src/catalogues/unit-directory.ts";
import { loadI18n, type Lang } from "../../src/i18n/i18n.ts";
import { parseFlowRecord } from "../../src/records/parse-flow-record.ts";

/** The fixed clock of every fuzz run (09:00 in Vietnam). */
export const FUZZ_NOW = new Date("2026-11-25T02:00:00Z");

export interface FuzzSetup {
  flows: Flow[];
  ctx: RunContext;
}

/** The real flows and a context built like build-assistant.ts does (catalogue units and awards). */
export async function loadFuzzSetup(): Promise<FuzzSetup> {
  const [flows, catalogues] = await Promise.all([loadFlowsDir(), loadCatalogues()]);
  const today = FUZZ_NOW.toISOString().slice(0, 10);
  const awards = catalogues.awards
    .filter((a) => inForce(a, today))
    .map((a) => ({ code: a.code, name: a.name, subjectKinds: a.subjectKinds, grantedBy: a.grantedBy }));
  const units = new UnitDirectory(catalogues.units).runUnits(today);
  // A secretary's queue for the dossier step of the council-review and report-verification flows.
  const queue = [1, 2, 3].map((n) => ({ code: `TDKT-2026-00000${n}`, label: `TDKT-2026-00000${n} — Nguyễn Thị Hoa` }));
  return { flows, ctx: { i18n: loadI18n(), units, awards, queue } };
}

// ---------------------------------------------------------------------------------------------
// Moves

type Move =
  /** A usually-valid answer for the current step (or submit / edit on the summary). */
  | { t: "smart"; pick: number }
  /** The label (or its number, as typed on channels without buttons) of one of the current choices. */
  | { t: "current"; pick: number; asNumber: boolean; fold: boolean }
  | { t: "text"; text: string }
  | { t: "choice"; value: string }
  | { t: "files"; files: FileRef[] }
  | { t: "command"; command: RunCommand };

const VI_WORDS = [
  "có", "không", "co", "khong", "đồng ý", "dong y", "xong", "gửi", "gui", "huỷ", "hủy", "huy", "quay lại", "bỏ qua",
  "trợ giúp", "Nguyễn Văn An", "nguyen van an", "Trần Thị Bình", "Hà Trung", "ha trung", "Tân Lập", "tan lap",
  "thôn Tân Lập, xã Hà Trung", "tieu khu 2", "Kon Tum", "một người", "mot nguoi", "tập thể", "cứu người", "lao động tiên tiến",
  "giấy khen", "thường xuyên", "đột xuất", "nam", "nữ", "nu", "Nông dân", "hôm nay", "hôm qua", "sửa 1", "sua 3", "sửa mục 12",
  "số 99", "chưa hỏi", "tôi không rõ", "  ", "", "1", "2", "3", "0", "-1", "99", "1.000", "100000", "100001",
];

const LONG_TEXT =
  "Năm 2025 chi hội đã vận động 45 trên 50 hộ trong thôn hiến đất làm đường bê tông, tổ chức ba đợt ra quân vệ sinh môi trường, " +
  "giúp bốn hộ thoát nghèo và duy trì mô hình năm không ba sạch; anh An lội xuống ao cứu một cháu bé bị đuối nước rồi đưa cháu " +
  "đến trạm y tế kịp thời, được bà con trong thôn và chính quyền địa phương ghi nhận, biểu dương trước toàn dân.";

const pad2 = (n: number): string => String(n).padStart(2, "0");

const dateText = fc
  .tuple(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1890, max: 2035 }), fc.nat(5))
  .map(([d, m, y, f]) => formatDate(d, m, y, f));

function formatDate(d: number, m: number, y: number, f: number): string {
  switch (f % 6) {
    case 0:
      return `${pad2(d)}/${pad2(m)}/${y}`;
    case 1:
      return `${d}-${m}-${y}`;
    case 2:
      return `ngày ${d} tháng ${m} năm ${y}`;
    case 3:
      return `${d}.${m}.${y}`;
    case 4:
      return `${d}/${m}/${pad2(y % 100)}`;
    default:
      return `ngay ${d} thang ${m} nam ${y}`;
  }
}

const phoneText = fc.oneof(
  fc.constantFrom("0912345678", "+84 912 345 678", "091.234.5678", "84912345678", "0123", "02373 852 123", "+1 202 555 0100"),
  fc.stringMatching(/^(\+84|0)?[0-9 .]{6,14}$/),
);

const textArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 80 }), weight: 3 },
  { arbitrary: fc.constantFrom(...VI_WORDS), weight: 4 },
  { arbitrary: fc.array(fc.constantFrom(...VI_WORDS), { minLength: 1, maxLength: 12 }).map((w) => w.join(" ")), weight: 2 },
  { arbitrary: fc.integer({ min: -1000, max: 2_000_000 }).map(String), weight: 2 },
  { arbitrary: dateText, weight: 2 },
  { arbitrary: phoneText, weight: 2 },
  { arbitrary: fc.nat(2100).map((n) => LONG_TEXT.slice(0, n % (LONG_TEXT.length + 1))), weight: 1 },
  { arbitrary: fc.string({ maxLength: 3000 }), weight: 1 },
);

const fileRefArb: fc.Arbitrary<FileRef> = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 12 }),
    mime: fc.constantFrom("image/jpeg", "image/png", "application/pdf", "video/mp4", ""),
    size: fc.nat(20_000_000),
    fileName: fc.string({ unit: "grapheme", maxLength: 20 }),
  },
  { requiredKeys: ["id", "mime", "size"] },
);

function choiceValues(flow: Flow, ctx: RunContext): string[] {
  const values = new Set<string>([SUBMIT, CANCEL, "DONE", "YES", "NO", ...ctx.units.map((u) => u.id), ...ctx.awards.map((a) => a.code)]);
  for (const s of flow.steps) if (s.kind === "choice" || s.kind === "multi-choice") for (const o of s.options) values.add(o.value);
  return [...values];
}

/** The moves of one flow; `smartWeight` (out of ~20) tunes how often the run progresses. */
function moveArb(flow: Flow, ctx: RunContext, smartWeight = 12): fc.Arbitrary<Move> {
  const values = choiceValues(flow, ctx);
  return fc.oneof(
    { arbitrary: fc.record({ t: fc.constant("smart" as const), pick: fc.nat() }), weight: smartWeight },
    { arbitrary: fc.record({ t: fc.constant("current" as const), pick: fc.nat(), asNumber: fc.boolean(), fold: fc.boolean() }), weight: 2 },
    { arbitrary: fc.record({ t: fc.constant("text" as const), text: textArb }), weight: 3 },
    {
      arbitrary: fc.record({ t: fc.constant("choice" as const), value: fc.oneof(fc.constantFrom(...values), fc.string({ maxLength: 12 })) }),
      weight: 1,
    },
    { arbitrary: fc.record({ t: fc.constant("files" as const), files: fc.array(fileRefArb, { maxLength: 12 }) }), weight: 1 },
    {
      arbitrary: fc.record({
        t: fc.constant("command" as const),
        command: fc.constantFrom<RunCommand>("back", "back", "back", "skip", "skip", "skip", "help", "help", "cancel"),
      }),
      weight: 2,
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Resolving a move against the current state

function currentStep(flow: Flow, state: RunState): Step | undefined {
  return state.phase === "asking" ? flow.steps.find((s) => s.id === state.stepId) : undefined;
}

function resolve(move: Move, flow: Flow, state: RunState, ctx: RunContext): RunInput {
  switch (move.t) {
    case "smart":
      return smartInput(flow, state, move.pick, ctx);
    case "current": {
      const said = repeatPrompt(flow, state, ctx);
      const choices = said.flatMap((o) => (o.type === "say" ? (o.choices ?? []) : []));
      if (choices.length === 0) return { type: "text", text: String(1 + (move.pick % 3)) };
      const i = move.pick % choices.length;
      if (move.asNumber) return { type: "text", text: String(i + 1) };
      const label = choices[i]!.label;
      return { type: "text", text: move.fold ? label.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase() : label };
    }
    case "text":
      return { type: "text", text: move.text };
    case "choice":
      return { type: "choice", value: move.value };
    case "files":
      return { type: "files", files: move.files };
    case "command":
      return { type: "command", command: move.command };
  }
}

const NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "le van cuong", "Phạm Thị Thu Hà", "Hoàng Minh"];
const PHONES = ["0912345678", "+84 912 345 678", "091.234.5678", "0387 654 321"];

function daysBefore(now: Date, days: number): { y: number; m: number; d: number } {
  const t = new Date(now.getTime() + 7 * 3_600_000 - days * 86_400_000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** A usually-valid answer for the current step; on the summary, mostly submit, sometimes an edit. */
function smartInput(flow: Flow, state: RunState, pick: number, ctx: RunContext): RunInput {
  const text = (t: string): RunInput => ({ type: "text", text: t });
  const choice = (v: string): RunInput => ({ type: "choice", value: v });
  if (state.phase === "summary") {
    const r = pick % 10;
    if (r < 4) return choice(SUBMIT);
    if (r < 6) return text(["gửi", "Gửi đi", "xác nhận", "ok"][pick % 4]!);
    if (r < 9) return text(`${["sửa ", "sua muc ", "", "đổi "][(pick >> 4) % 4]}${1 + ((pick >> 6) % 16)}`);
    return { type: "command", command: "back" };
  }
  const step = currentStep(flow, state);
  if (!step) return text("gửi");
  const hi = pick >> 3;
  switch (step.kind) {
    case "text": {
      const n = Math.min(step.maxLength, Math.max(step.minLength, 1, 5 + (hi % 200)));
      let s = LONG_TEXT.slice(0, n);
      if (s.endsWith(" ")) s = `${s.slice(0, -1)}x`;
      return text(s);
    }
    case "person-name":
      return text(NAMES[hi % NAMES.length]!);
    case "number": {
      const limit = step.maxFromStep ? state.answers[step.maxFromStep] : undefined;
      const max = typeof limit === "number" ? Math.min(step.max, limit) : step.max;
      const span = Math.max(1, Math.min(60, max - step.min + 1));
      return text(String(step.min + (hi % span)));
    }
    case "date": {
      let y: number, m: number, d: number;
      if (step.minYearsAgo) {
        ({ y, m, d } = daysBefore(FUZZ_NOW, 0));
        y = y - step.minYearsAgo - 1 - (hi % 50);
        m = 1 + (hi % 12);
        d = 1 + (hi % 28);
      } else {
        const span = step.maxYearsAgo ? step.maxYearsAgo * 365 - 5 : 4000;
        if (pick % 8 === 0) return text(pick % 16 === 0 ? "hôm nay" : "hom qua");
        ({ y, m, d } = daysBefore(FUZZ_NOW, hi % span));
      }
      return text(formatDate(d, m, y, (pick >> 1) % 4));
    }
    case "choice": {
      const options = step.options.filter((o) => !state.candidates || state.candidates.includes(o.value));
      const i = hi % Math.max(1, options.length);
      const o = options[i];
      if (!o) return choice(step.options[0]!.value);
      switch (pick % 4) {
        case 0:
        case 1:
          return choice(o.value);
        case 2:
          return text(state.lang === "en" && o.label.en ? o.label.en : o.label.vi);
        default:
          return text(String(i + 1));
      }
    }
    case "multi-choice": {
      const picked = step.options.filter((_, i) => (hi >> i) & 1);
      const labels = (picked.length ? picked : step.options.slice(0, 1)).map((o) => o.label.vi);
      return text(labels.join(", "));
    }
    case "yes-no":
      return pick % 2 ? choice(hi % 2 ? "YES" : "NO") : text(hi % 2 ? "có" : "không");
    case "consent":
      if (pick % 7 === 0) return choice("NO");
      return pick % 2 ? choice("YES") : text(hi % 2 ? "đồng ý" : "dong y");
    case "phone":
      if (step.optional && pick % 5 === 0) return { type: "command", command: "skip" };
      return text(PHONES[hi % PHONES.length]!);
    case "cccd": {
      if (pick % 4 === 0) return { type: "command", command: "skip" };
      const birth = step.birthDateStep ? state.answers[step.birthDateStep] : undefined;
      const gender = step.genderStep ? state.answers[step.genderStep] : undefined;
      const year = typeof birth === "string" ? Number(birth.slice(0, 4)) : 1980 + (hi % 20);
      const digit4 = (year >= 2000 ? 2 : 0) + (gender === "NU" ? 1 : 0);
      return text(`038${digit4}${pad2(year % 100)}${String(hi % 1_000_000).padStart(6, "0")}`);
    }
    case "unit": {
      const pool = ctx.units.filter((u) => step.levels.includes(u.level as never) && (!state.candidates || state.candidates.includes(u.id)));
      const u = pool[hi % Math.max(1, pool.length)];
      if (!u) return text("xã Hà Trung");
      if (pick % 3 !== 0) return choice(u.id);
      return text(pick % 2 ? u.label : `${u.name}${u.parentName ? `, ${u.parentName}` : ""}`);
    }
    case "award": {
      const pool = ctx.awards.filter((a) => a.subjectKinds.includes(step.subjectKind) && (!state.candidates || state.candidates.includes(a.code)));
      const a = pool[hi % Math.max(1, pool.length)];
      if (!a) return text("giấy khen");
      return pick % 3 === 0 ? text(a.name) : choice(a.code);
    }
    case "dossier": {
      const queue = ctx.queue ?? [];
      const d = queue[hi % Math.max(1, queue.length)];
      return d ? (pick % 3 === 0 ? text(d.code) : choice(d.code)) : text("TDKT-2026-000999");
    }
    case "files": {
      const collected = state.answers[step.id];
      const none = !Array.isArray(collected) || collected.length === 0;
      if (pick % 3 === 0 || (none && !step.optional)) {
        const files: FileRef[] = Array.from({ length: 1 + (hi % 3) }, (_, i) => ({ id: `f${hi}-${i}`, mime: "image/jpeg", size: 1000 + i }));
        return { type: "files", files };
      }
      if (step.optional && pick % 5 === 1) return { type: "command", command: "skip" };
      return pick % 2 ? choice("DONE") : text("xong");
    }
  }
  return text("");
}

// ---------------------------------------------------------------------------------------------
// Playing a run and checking the invariants

/** A violated invariant; the message carries the played inputs. */
export class FuzzViolation extends Error {
  override name = "FuzzViolation";
}

interface Played {
  flow: Flow;
  ctx: RunContext;
  state: RunState;
  trace: string[];
  completions: number;
}

function describeInput(input: RunInput): string {
  switch (input.type) {
    case "text":
      return `text ${JSON.stringify(input.text)}`;
    case "choice":
      return `choice ${JSON.stringify(input.value)}`;
    case "files":
      return `files ×${input.files.length}`;
    case "command":
      return `command ${input.command}`;
  }
}

function fail(p: Played, message: string, cause?: unknown): never {
  const detail = cause instanceof Error ? `\n  cause: ${cause.stack ?? cause.message}` : cause !== undefined ? `\n  cause: ${String(cause)}` : "";
  throw new FuzzViolation(`[${p.flow.id}] ${message}${detail}\n  played:\n    ${p.trace.join("\n    ")}`);
}

/** The database round trip: the state must validate and come back unchanged. */
function roundTrip(p: Played, state: RunState): RunState {
  const json = JSON.stringify(state);
  let read: RunState;
  try {
    read = readRunState(JSON.parse(json));
  } catch (err) {
    fail(p, `state does not validate after the round trip: ${json}`, err);
  }
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(read)), JSON.parse(json))) {
    fail(p, `state changed in the round trip:\n  before ${json}\n  after  ${JSON.stringify(read)}`);
  }
  return read;
}

function checkResult(p: Played, before: RunState | null, result: RunResult): void {
  const { state, outputs } = result;
  const finished = (s: RunState) => s.phase === "done" || s.phase === "cancelled";
  if (before && finished(before)) {
    if (outputs.length !== 0) fail(p, `a ${before.phase} run answered: ${JSON.stringify(outputs)}`);
    if (!isDeepStrictEqual(state, before)) fail(p, `a ${before.phase} run changed its state: ${JSON.stringify(state)}`);
  }
  if (state.phase === "asking" && !p.flow.steps.some((s) => s.id === state.stepId)) {
    fail(p, `asking a step the flow does not have: ${JSON.stringify(state.stepId)}`);
  }
  const completed = outputs.filter((o): o is Extract<RunOutput, { type: "completed" }> => o.type === "completed");
  const cancelled = outputs.some((o) => o.type === "cancelled");
  if (completed.length > 0 && state.phase !== "done") fail(p, `completed output but phase ${state.phase}`);
  if (cancelled && state.phase !== "cancelled") fail(p, `cancelled output but phase ${state.phase}`);
  if (before && !finished(before) && state.phase === "done" && completed.length !== 1) fail(p, `phase done without one completed output`);
  for (const c of completed) {
    p.completions++;
    // The engine and the schema derived from the flow must agree on what a valid answer is.
    const checked = parseFlowRecord(p.flow, c.answers);
    if (!checked.ok) {
      fail(p, `completed answers do not make a ${p.flow.record} record:\n  problems ${JSON.stringify(checked.problems)}\n  answers ${JSON.stringify(c.answers)}`);
    }
  }
}

function step(p: Played, label: string, work: () => RunResult, before: RunState | null): void {
  let result: RunResult;
  try {
    result = work();
  } catch (err) {
    fail(p, `${label} threw`, err);
  }
  checkResult(p, before, result);
  p.state = roundTrip(p, result.state);
  p.trace.push(`   → ${p.state.phase}${p.state.stepId ? ` @${p.state.stepId}` : ""}`);
}

function play(p: Played, moves: readonly Move[]): void {
  for (const move of moves) {
    const before = p.state;
    const input = resolve(move, p.flow, before, p.ctx);
    p.trace.push(describeInput(input));
    step(p, "advanceRun", () => advanceRun(p.flow, before, input, FUZZ_NOW, p.ctx), before);
    if (before.phase === "done" || before.phase === "cancelled") return; // checked: finished runs ignore input
  }
}

function begin(flow: Flow, ctx: RunContext, lang: Lang): Played {
  const p: Played = { flow, ctx, state: undefined as unknown as RunState, trace: [`start (${lang})`], completions: 0 };
  step(p, "startRun", () => startRun(flow, lang, ctx), null);
  if (p.state.phase !== "asking" && p.state.phase !== "summary") fail(p, `startRun left the run ${p.state.phase}`);
  return p;
}

// ---------------------------------------------------------------------------------------------
// Properties

export const PROPERTY_NAMES = ["advance", "reopen"] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];

export interface FuzzReport {
  flowId: string;
  property: PropertyName;
  numRuns: number;
  /** Runs that produced at least one `completed` output. */
  completedRuns: number;
  ms: number;
  failed: boolean;
  /** fast-check's report with the shrunk counterexample and the played inputs. */
  message?: string;
}

const langArb = fc.constantFrom<Lang>("vi", "vi", "en");

/**
 * Property "advance": random runs never throw, keep a valid state, move forward only, ignore
 * input once finished, and complete only with answers that parse into the flow's record.
 */
function advanceProperty(flow: Flow, ctx: RunContext, counter: { completed: number }) {
  // Each run has its own level of noise, from mostly garbage to mostly valid answers.
  const moves = fc.constantFrom(4, 12, 30, 60).chain((smart) => fc.array(moveArb(flow, ctx, smart), { maxLength: 60, size: "max" }));
  return fc.property(langArb, moves, (lang, moves) => {
    const p = begin(flow, ctx, lang);
    play(p, moves);
    if (p.completions > 0) counter.completed++;
  });
}

/**
 * Property "reopen": a run that completed is reopened with random step ids (real ones, repeats,
 * unknown ones) and played on; the same invariants hold, and its next completion parses too.
 */
function reopenProperty(flow: Flow, ctx: RunContext, counter: { completed: number }) {
  const ids = flow.steps.map((s) => s.id);
  const idArb = fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 5 }, { arbitrary: fc.string({ maxLength: 8 }), weight: 1 });
  return fc.property(
    langArb,
    fc.array(moveArb(flow, ctx, 40), { minLength: 10, maxLength: 60, size: "max" }),
    fc.array(idArb, { maxLength: 5 }),
    fc.array(moveArb(flow, ctx, 20), { maxLength: 40, size: "max" }),
    (lang, moves, reopenIds, after) => {
      const p = begin(flow, ctx, lang);
      play(p, moves);
      const done: RunState = p.state;
      if (done.phase !== "done") return;
      counter.completed++;
      p.trace.push(`reopenRun ${JSON.stringify(reopenIds)}`);
      step(p, "reopenRun", () => reopenRun(flow, done, reopenIds, ctx), null);
      const reopened: RunState = p.state;
      if (reopened.phase !== "asking" && reopened.phase !== "summary") fail(p, `reopenRun left the run ${reopened.phase}`);
      play(p, after);
    },
  );
}

function describeFailure<Ts>(details: fc.RunDetails<Ts>): string | undefined {
  if (!details.failed) return undefined;
  const error = details.errorInstance;
  return [
    `seed ${details.seed}, path "${details.counterexamplePath ?? ""}", shrunk ${details.numShrinks} times`,
    error instanceof Error ? error.message : String(error),
  ].join("\n");
}

/** Runs one property over one flow; never throws, the failure is in the report. */
export function runEngineFuzz(setup: FuzzSetup, flowId: string, property: PropertyName, numRuns: number, seed?: number): FuzzReport {
  const flow = setup.flows.find((f) => f.id === flowId);
  if (!flow) throw new Error(`no flow ${flowId}`);
  const counter = { completed: 0 };
  const params = { numRuns, ...(seed !== undefined ? { seed } : {}) };
  const started = performance.now();
  const failure =
    property === "advance" ? describeFailure(fc.check(advanceProperty(flow, setup.ctx, counter), params)) : describeFailure(fc.check(reopenProperty(flow, setup.ctx, counter), params));
  const ms = performance.now() - started;
  const report: FuzzReport = { flowId, property, numRuns, completedRuns: counter.completed, ms, failed: failure !== undefined };
  if (failure !== undefined) report.message = failure;
  return report;
}

/** The flows fuzzed: every real flow. */
export function fuzzFlowIds(setup: FuzzSetup): string[] {
  return setup.flows.map((f) => f.id);
}

/**
 * Benchmark baseline: the 20-question bench form (bench/fixtures/nomination-individual.bench.yaml,
 * a frozen copy of flows/nomination-individual.yaml) written the way a competent grammY
 * developer would write it with @grammyjs/conversations v2, run
 * against the same fake Telegram Bot API, the same load and the same database as the product.
 * It exists only so that the benchmark (and the README's comparison) has a fair reference point
 * for the product's own durable flow engine; it is not part of the product and is a dev-only
 * dependency.
 *
 * What is the same as the product: the questions and their order, the Vietnamese texts (prompts,
 * options and help from the yaml, messages from locales/vi), the validators (src/validation:
 * parsePersonName, parseDate, parseCccd, parseInteger, matchChoice, matchUnit, parseYesNo) called the way
 * src/flows/advance-run.ts calls them, the catalogues (flows/catalogues), "bỏ qua" / "quay lại" /
 * "huỷ" / "trợ giúp", a summary before "gửi", one database row per submitted nomination, and the
 * polling shape (getUpdates, group by chat, up to `concurrency` chats at once, in order within
 * a chat, then confirm the batch).
 *
 * How it differs: the product loads one small run state (current step and answers) per message,
 * applies the pure engine and stores the new state. The conversations plugin instead *replays*
 * the conversation function from the top on every update: its state is a serialized replay log
 * of every update received and every Bot API call result (each sent Message) since /dexuat,
 * stored as one JSON value per chat (table `bench_conversation_state`, through the plugin's own
 * `storage` option) and read, replayed and written back whole on each update. Invalid answers
 * are dropped from the log (`conversation.form.build` + `otherwise`, which skips the update);
 * "quay lại" rewinds to a checkpoint. No per-chat send throttling, no update de-duplication
 * (grammY confirms the last batch on stop, as `bot.stop()` does), no attachments download
 * (evidence is kept as Telegram file ids), no editing by item number in the summary.
 */
import { mkdir } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { Bot, type Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { autoRetry } from "@grammyjs/auto-retry";
import {
  conversations,
  createConversation,
  type Checkpoint,
  type Conversation,
  type ConversationData,
  type ConversationFlavor,
  type Result,
  type VersionedState,
  type VersionedStateStorage,
} from "@grammyjs/conversations";
import { createClient, type Client as LibsqlClient, type InValue } from "@libsql/client";
import pg from "pg";
import { inForce, loadCatalogues } from "../src/catalogues/load-catalogues.ts";
import { UnitDirectory } from "../src/catalogues/unit-directory.ts";
import type { Step } from "../src/flows/flow-definition.ts";
import { parseFlow } from "../src/flows/load-flow.ts";
import { loadI18n, type Params } from "../src/i18n/i18n.ts";
import { foldText, normalizeInput } from "../src/text/fold-text.ts";
import { formatLocalDate, isLeapYear, localDateFromIso, toIsoDate, type LocalDate } from "../src/time/local-date.ts";
import { localDateInVietnam } from "../src/time/vietnam-time.ts";
import { matchChoice, type ChoiceOption } from "../src/validation/match-choice.ts";
import { matchUnit, type UnitEntry } from "../src/validation/match-unit.ts";
import { parseCccd } from "../src/validation/parse-cccd.ts";
import { parseDate } from "../src/validation/parse-date.ts";
import { parsePersonName } from "../src/validation/parse-person-name.ts";
import type { ParseResult } from "../src/validation/parse-result.ts";
import { parseYesNo } from "../src/validation/parse-yes-no.ts";
import { parseInteger } from "../src/validation/parse-number.ts";
import { BENCH_FORM_FILE } from "./bench-flows.ts";

export interface BaselineOptions {
  token: string;
  /** FakeTelegram.apiRoot */
  apiRoot: string;
  /** FakeTelegram.botInfo, so no getMe call */
  botInfo: UserFromGetMe;
  /** "file:/abs/path.db" (SQLite) or "postgresql://..." — the same database the product run used */
  databaseUrl: string;
  /** Chats handled in parallel per getUpdates batch, default 8 (as the product). */
  concurrency?: number;
}

export interface BaselineBot {
  stop(): Promise<void>;
}

/** Bump when the conversation code changes in a way that old replay logs would not fit. */
const STATE_VERSION = 1;
const CONVERSATION_ID = "nomination";
const ALLOWED_UPDATES = ["message", "callback_query"] as const;

// -------------------------------------------------------------------------------------------
// Database: a key/value table for the plugin's state and a table for submitted nominations.

interface Sql {
  readonly dialect: "sqlite" | "postgresql";
  /** Runs one statement with `?` placeholders and returns its rows. */
  query(sql: string, args?: InValue[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function openSql(url: string, poolSize: number): Promise<Sql> {
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length).replace(/\?.*$/, "");
    if (path !== ":memory:") await mkdir(dirname(path), { recursive: true });
    const client: LibsqlClient = createClient({ url, timeout: 5000 });
    // WAL, as the product's database file already uses (the mode is stored in the file).
    const mode = await client.execute("PRAGMA journal_mode");
    if (String(Object.values(mode.rows[0] ?? {})[0] ?? "").toLowerCase() !== "wal") await client.execute("PRAGMA journal_mode=WAL");
    return {
      dialect: "sqlite",
      async query(sql, args = []) {
        const rs = await client.execute({ sql, args });
        return rs.rows as unknown as Record<string, unknown>[];
      },
      async close() {
        client.close();
      },
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: Math.max(10, poolSize) });
    return {
      dialect: "postgresql",
      async query(sql, args = []) {
        let n = 0;
        const rs = await pool.query(sql.replace(/\?/g, () => `$${++n}`), args as unknown[]);
        return rs.rows as Record<string, unknown>[];
      },
      async close() {
        await pool.end();
      },
    };
  }
  throw new Error(`unsupported database URL scheme: ${url.split(":")[0]}`);
}

async function createTables(db: Sql): Promise<void> {
  if (db.dialect === "sqlite") {
    await db.query(`CREATE TABLE IF NOT EXISTS bench_conversation_state (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL)`);
    await db.query(
      `CREATE TABLE IF NOT EXISTS bench_nomination (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id TEXT NOT NULL, answers_json TEXT NOT NULL, created_at TEXT NOT NULL)`,
    );
  } else {
    await db.query(`CREATE TABLE IF NOT EXISTS bench_conversation_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL)`);
    await db.query(
      `CREATE TABLE IF NOT EXISTS bench_nomination (id BIGSERIAL PRIMARY KEY, chat_id TEXT NOT NULL, answers_json TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)`,
    );
  }
}

/**
 * The storage adapter handed to `conversations({ storage: { type: "key", adapter } })`: the
 * plugin calls `read(key)` when an update arrives, and `write(key, state)` (or `delete(key)` once
 * no conversation is active) after it was handled. Keys are per chat; values are the plugin's
 * versioned replay state as JSON text.
 */
function sqlStateStorage(db: Sql): VersionedStateStorage<string, ConversationData> {
  return {
    async read(key) {
      const rows = await db.query(`SELECT value FROM bench_conversation_state WHERE key = ?`, [key]);
      const value = rows[0]?.value;
      return typeof value === "string" ? (JSON.parse(value) as VersionedState<ConversationData>) : undefined;
    },
    async write(key, state) {
      await db.query(
        `INSERT INTO bench_conversation_state (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [key, JSON.stringify(state), new Date().toISOString()],
      );
    },
    async delete(key) {
      await db.query(`DELETE FROM bench_conversation_state WHERE key = ?`, [key]);
    },
  };
}

type Answer = string | number | boolean | string[] | null;
type Answers = Record<string, Answer>;

/** Stores a submitted nomination and returns its code, BASE-<year>-<6-digit counter>. */
async function saveNomination(db: Sql, chatId: string, answers: Answers, at: Date): Promise<string> {
  const rows = await db.query(`INSERT INTO bench_nomination (chat_id, answers_json, created_at) VALUES (?, ?, ?) RETURNING id`, [
    chatId,
    JSON.stringify(answers),
    at.toISOString(),
  ]);
  const id = Number(rows[0]?.id);
  return `BASE-${localDateInVietnam(at).year}-${String(id).padStart(6, "0")}`;
}

// -------------------------------------------------------------------------------------------
// The form: texts and options from the yaml, catalogues from flows/catalogues.

type StepOf<K extends Step["kind"]> = Extract<Step, { kind: K }>;

interface Form {
  title: string;
  intro: string;
  steps: readonly Step[];
  step<K extends Step["kind"]>(id: string, kind: K): StepOf<K>;
  t(key: string, params?: Params): string;
  awards: readonly { code: string; name: string; grantedBy: string }[];
  units: readonly (UnitEntry & { label: string })[];
}

async function loadForm(): Promise<Form> {
  // The bench form (a frozen 20-question copy of the product's form): this bot implements its
  // questions by hand, so it must not follow the product's file when the form changes.
  const file = BENCH_FORM_FILE;
  const flow = parseFlow(file, readFileSync(file, "utf8"));
  const catalogues = await loadCatalogues();
  const i18n = loadI18n();
  const today = new Date().toISOString().slice(0, 10);
  const form: Form = {
    title: flow.title.vi,
    intro: flow.intro.vi,
    steps: flow.steps,
    step<K extends Step["kind"]>(id: string, kind: K): StepOf<K> {
      const s = flow.steps.find((x) => x.id === id);
      if (!s || s.kind !== kind) throw new Error(`${file}: expected a ${kind} step "${id}"`);
      return s as StepOf<K>;
    },
    t: (key, params) => i18n.t("vi", key, params),
    awards: [],
    units: [],
  };
  const award = form.step("award", "award");
  const unit = form.step("unit", "unit");
  form.awards = catalogues.awards
    .filter((a) => inForce(a, today) && a.subjectKinds.includes(award.subjectKind))
    .map((a) => ({ code: a.code, name: a.name, grantedBy: a.grantedBy }));
  form.units = new UnitDirectory(catalogues.units).runUnits(today).filter((u) => unit.levels.includes(u.level as never));
  // Fail at start, not in the middle of a conversation, if the yaml no longer fits this code.
  for (const [id, kind] of [
    ["achievementType", "choice"], ["movement", "text"], ["subjectCategory", "choice"], ["award", "award"],
    ["year", "number"], ["taskCompletion", "choice"], ["advancedThisYear", "yes-no"], ["hasInitiative", "yes-no"],
    ["initiative", "text"], ["fullName", "person-name"], ["gender", "choice"], ["birthDate", "date"], ["cccd", "cccd"],
    ["position", "text"], ["unit", "unit"], ["summary", "text"], ["pendingReview", "yes-no"], ["priorAwards", "text"],
    ["evidence", "files"], ["attestation", "consent"],
  ] as const) form.step(id, kind);
  if (flow.steps.length !== 20) throw new Error(`${file}: the bench form has ${flow.steps.length} steps, this bot implements 20`);
  return form;
}

const optionsOf = (step: StepOf<"choice">): ChoiceOption[] =>
  step.options.map((o) => ({ value: o.value, labels: [o.label.vi, ...(o.label.en ? [o.label.en] : []), ...(o.aliases ?? [])] }));

function isVisible(step: Step, answers: Answers): boolean {
  if (!step.when) return true;
  const a = answers[step.when.step];
  return (typeof a === "string" || typeof a === "boolean") && (step.when.in as readonly unknown[]).includes(a);
}

function yearsBefore(d: LocalDate, years: number): LocalDate {
  const year = d.year - years;
  return d.month === 2 && d.day === 29 && !isLeapYear(year) ? { year, month: 2, day: 28 } : { year, month: d.month, day: d.day };
}

const HINTS: Partial<Record<Step["kind"], string>> = {
  date: "bot.hint.date",
  cccd: "bot.hint.cccd",
  unit: "bot.hint.unit",
  files: "bot.hint.files",
  "person-name": "bot.hint.name",
};

// Words that work at any step (as in the product's parse-command, folded).
const COMMANDS: ReadonlyArray<readonly [Command, readonly string[]]> = [
  ["skip", ["bo qua", "skip", "boqua"]],
  ["back", ["quay lai", "back", "lui lai", "tro lai", "quaylai"]],
  ["cancel", ["huy", "huy bo", "cancel", "stop"]],
  ["help", ["tro giup", "trogiup", "help", "huong dan", "huongdan", "giup"]],
];
type Command = "skip" | "back" | "cancel" | "help" | "restart";
const SUBMIT_WORDS = ["gui", "gui di", "xac nhan", "dong y", "ok", "submit", "send", "confirm", "co"];
const DONE_WORDS = ["xong", "xong roi", "done", "het", "hoan tat", "finish"];

function commandOf(text: string): Command | null {
  if (/^\/dexuat(?:@\w+)?$/i.test(text.trim())) return "restart";
  const folded = foldText(text);
  return COMMANDS.find(([, words]) => words.includes(folded))?.[0] ?? null;
}

/** What one message means at a step; a `Result` error is a polite message, followed by a re-ask. */
type Reading<T> =
  | { kind: "answer"; value: T; notes?: string[] }
  | { kind: "narrow"; candidates: { value: string; label: string }[] }
  | { kind: "files"; fileIds: string[] }
  | { kind: "command"; command: Exclude<Command, "help"> };

// -------------------------------------------------------------------------------------------
// The conversation.

type BotContext = ConversationFlavor<Context>;
type Convo = Conversation<BotContext, Context>;

function nominationConversation(form: Form, db: Sql) {
  const t = form.t;

  return async function nomination(conversation: Convo, ctx: Context): Promise<void> {
    const answers: Answers = {};
    const checkpoints: Checkpoint[] = [];

    const question = (step: Step, retry: boolean, candidates?: { label: string }[]): string => {
      const parts = [step.prompt.vi];
      if (step.kind === "consent") parts.push(`«${step.statement.vi}»`);
      const hint = HINTS[step.kind];
      if (hint) parts.push(t(hint, step.kind === "files" ? { max: step.maxFiles } : undefined));
      if (step.kind === "text" && step.minLength > 1) parts.push(t("bot.hint.text_length", { min: step.minLength, max: step.maxLength }));
      if (step.kind === "number") parts.push(t("bot.hint.number", { min: step.min, max: step.max }));
      if (step.optional) parts.push(t("bot.hint.optional"));
      const list =
        candidates ??
        (step.kind === "choice" ? step.options.map((o) => ({ label: o.label.vi })) : step.kind === "award" ? form.awards.map((a) => ({ label: a.name })) : []);
      if (list.length) parts.push(list.map((c, i) => `${i + 1}. ${c.label}`).join("\n"));
      if (retry) return parts.join("\n");
      const visible = form.steps.filter((s) => isVisible(s, answers));
      return `(${visible.indexOf(step) + 1}/${visible.length}) ${parts.join("\n")}`;
    };

    /**
     * Asks one question until it gets a valid answer. Invalid answers, "trợ giúp" and a "bỏ qua"
     * on a required step are answered by `otherwise` and then skipped, so they leave no trace in
     * the replay log; "quay lại" rewinds to the checkpoint before the previous question.
     */
    async function ask<T>(step: Step, read: (text: string, c: Context, candidates?: string[]) => Reading<T> | { error: string }): Promise<T | null> {
      checkpoints.push(conversation.checkpoint());
      const mine = checkpoints.length - 1;
      await ctx.reply(question(step, false));
      let candidates: { value: string; label: string }[] | undefined;
      const collected: string[] = [];
      for (;;) {
        const reading = await conversation.form.build<Reading<T>, string>({
          validate: (c): Result<Reading<T>, string> => {
            const raw = c.message?.text;
            const hasFile = !!(c.message?.photo || c.message?.document);
            if (raw !== undefined) {
              const command = commandOf(raw);
              if (command === "help") return { ok: false, error: step.help?.vi ?? t("bot.run.help") };
              if (command === "skip" && !step.optional) return { ok: false, error: t("bot.run.skip_required") };
              if (command === "back" && mine === 0) return { ok: false, error: t("bot.run.at_first_step") };
              if (command) return { ok: true, value: { kind: "command", command } };
            } else if (hasFile && step.kind !== "files") {
              return { ok: false, error: t("bot.files.not_expected") };
            } else if (!hasFile) {
              return { ok: false, error: t("bot.text.empty") };
            }
            const r = read(normalizeInput(raw ?? ""), c, candidates?.map((x) => x.value));
            return "error" in r ? { ok: false, error: r.error } : { ok: true, value: r };
          },
          otherwise: async (c, error) => {
            await c.reply(error);
            await c.reply(question(step, true, candidates));
          },
        });
        switch (reading.kind) {
          case "answer":
            for (const note of reading.notes ?? []) await ctx.reply(note);
            return reading.value;
          case "narrow":
            candidates = reading.candidates;
            await ctx.reply(`${t("bot.choice.ambiguous")}\n${candidates.map((c, i) => `${i + 1}. ${c.label}`).join("\n")}`);
            continue;
          case "files":
            collected.push(...reading.fileIds.slice(0, Math.max(0, (step.kind === "files" ? step.maxFiles : 0) - collected.length)));
            await ctx.reply(t("bot.files.received", { count: collected.length }));
            continue;
          case "command":
            if (reading.command === "skip") return (step.kind === "files" && collected.length ? collected : null) as T | null;
            if (reading.command === "back") return await conversation.rewind(checkpoints[mine - 1]!);
            if (reading.command === "cancel") {
              await ctx.reply(t("bot.run.cancelled", { title: form.title }));
              return await conversation.halt();
            }
            // "/dexuat" again: leave, and let the /dexuat handler outside start a fresh conversation.
            return await conversation.halt({ next: true });
        }
      }
    }

    /** A choice step: the option's number, value, label or alias (matchChoice), narrowing when several match. */
    const choice = (step: StepOf<"choice">) =>
      ask<string>(step, (text, _c, candidates) => {
        const options = optionsOf(step).filter((o) => !candidates || candidates.includes(o.value));
        const m = matchChoice(text, options);
        if (m.kind === "match") return { kind: "answer", value: m.value };
        if (m.kind === "ambiguous") {
          return { kind: "narrow", candidates: m.values.map((v) => ({ value: v, label: step.options.find((o) => o.value === v)?.label.vi ?? v })) };
        }
        return { error: t("bot.choice.none") };
      });

    const text = (step: StepOf<"text">) =>
      ask<string>(step, (value) => {
        const length = Array.from(value).length;
        if (length < Math.max(1, step.minLength)) {
          return { error: t(length === 0 ? "bot.text.empty" : "bot.text.too_short", { min: step.minLength, count: length }) };
        }
        if (length > step.maxLength) return { error: t("bot.text.too_long", { max: step.maxLength, count: length }) };
        return { kind: "answer", value };
      });

    /** A validator's result: its error or warnings in the product's words (locales/vi/validation.json). */
    const parsed = <T>(r: ParseResult<T>): Reading<T> | { error: string } =>
      r.ok
        ? { kind: "answer", value: r.value, notes: (r.warnings ?? []).map((w) => t(`validation.${w.code}`, w.params)) }
        : { error: t(`validation.${r.error.code}`, r.error.params) };

    const remember = (id: string, value: Answer) => {
      answers[id] = value;
      return value;
    };

    /** A yes/no question: "có"/"không" (parseYesNo), or the number of the offered answer. */
    const yesNo = (step: Step) =>
      ask<boolean>(step, (value) => {
        const p = parseYesNo(value);
        if (p.ok) return { kind: "answer", value: p.value };
        const m = matchChoice(value, [
          { value: "YES", labels: [t("bot.yes")] },
          { value: "NO", labels: [t("bot.no")] },
        ]);
        return m.kind === "match" ? { kind: "answer", value: m.value === "YES" } : { error: t(`validation.${p.error.code}`) };
      });

    /** Asks the step when its `when` holds, and records the answer. */
    const step = async <K extends Step["kind"]>(id: string, kind: K, asker: (s: StepOf<K>) => Promise<Answer>) => {
      const s = form.step(id, kind);
      if (isVisible(s, answers)) remember(s.id, await asker(s));
    };

    // ---- the form, in the yaml's order
    await ctx.reply(form.intro);

    await step("achievementType", "choice", choice);
    await step("movement", "text", text);
    await step("subjectCategory", "choice", choice);
    await step("award", "award", (awardStep) =>
      ask<string>(awardStep, (value, _c, candidates) => {
        const pool = form.awards.filter((a) => !candidates || candidates.includes(a.code));
        const m = matchChoice(value, pool.map((a) => ({ value: a.code, labels: [a.name] })));
        if (m.kind === "ambiguous") return { kind: "narrow", candidates: pool.filter((a) => m.values.includes(a.code)).map((a) => ({ value: a.code, label: a.name })) };
        const award = m.kind === "match" ? pool.find((a) => a.code === m.value) : undefined;
        if (!award) return { error: t("bot.choice.none") };
        return { kind: "answer", value: award.code, notes: [t("bot.award.granted_by", { name: award.name, grantedBy: award.grantedBy })] };
      }),
    );
    await step("year", "number", (yearStep) => ask<number>(yearStep, (value) => parsed(parseInteger(value, { min: yearStep.min, max: yearStep.max }))));
    await step("taskCompletion", "choice", choice);
    await step("advancedThisYear", "yes-no", yesNo);
    await step("hasInitiative", "yes-no", yesNo);
    await step("initiative", "text", text);
    await step("fullName", "person-name", (nameStep) => ask<string>(nameStep, (value) => parsed(parsePersonName(value))));
    await step("gender", "choice", choice);

    const today = localDateInVietnam(new Date(await conversation.now()));
    await step("birthDate", "date", (birth) =>
      ask<string>(birth, (value) => {
        const notAfter = birth.minYearsAgo ? yearsBefore(today, birth.minYearsAgo) : birth.notFuture ? today : undefined;
        const notBefore = birth.maxYearsAgo ? yearsBefore(today, birth.maxYearsAgo) : undefined;
        const r = parseDate(value, { today, ...(notAfter ? { notAfter } : {}), ...(notBefore ? { notBefore } : {}) });
        return r.ok ? { kind: "answer", value: toIsoDate(r.value) } : { error: t(`validation.${r.error.code}`, r.error.params) };
      }),
    );
    await step("cccd", "cccd", (cccd) =>
      ask<string>(cccd, (value) => {
        const b = cccd.birthDateStep ? answers[cccd.birthDateStep] : undefined;
        const g = cccd.genderStep ? answers[cccd.genderStep] : undefined;
        return parsed(parseCccd(value, { ...(typeof b === "string" ? { birthDate: localDateFromIso(b) } : {}), ...(g === "NAM" || g === "NU" ? { gender: g } : {}) }));
      }),
    );
    await step("position", "text", text);
    await step("unit", "unit", (unitStep) =>
      ask<string>(unitStep, (value, _c, candidates) => {
        if (candidates) {
          const byNumber = matchChoice(value, form.units.filter((u) => candidates.includes(u.id)).map((u) => ({ value: u.id, labels: [u.label] })));
          if (byNumber.kind === "match") return { kind: "answer", value: byNumber.value };
        }
        const m = matchUnit(value, form.units);
        if (m.kind === "match") return { kind: "answer", value: m.id };
        if (m.kind === "ambiguous") return { kind: "narrow", candidates: form.units.filter((u) => m.ids.includes(u.id)).map((u) => ({ value: u.id, label: u.label })) };
        return { error: t("bot.unit.none", { input: value.slice(0, 60) }) };
      }),
    );
    await step("summary", "text", text);
    await step("pendingReview", "yes-no", yesNo);
    await step("priorAwards", "text", text);
    await step("evidence", "files", (evidence) =>
      ask<string[]>(evidence, (value, c) => {
        const fileId = c.message?.document?.file_id ?? c.message?.photo?.at(-1)?.file_id;
        if (fileId) return { kind: "files", fileIds: [fileId] };
        if (DONE_WORDS.includes(foldText(value))) return { kind: "command", command: "skip" };
        return { error: t("bot.files.waiting") };
      }),
    );
    const attestation = form.step("attestation", "consent");
    remember(
      attestation.id,
      await ask<string>(attestation, (value) => {
        let yes: boolean | undefined;
        const p = parseYesNo(value);
        if (p.ok) yes = p.value;
        else {
          // Without buttons the two answers are numbered: "1" and "2" answer too.
          const m = matchChoice(value, [
            { value: "YES", labels: [t("bot.consent.agree")] },
            { value: "NO", labels: [t("bot.consent.disagree")] },
          ]);
          if (m.kind !== "match") return { error: t(`validation.${p.error.code}`) };
          yes = m.value === "YES";
        }
        return yes ? { kind: "answer", value: "" } : { error: t("bot.consent.required") };
      }),
    );
    answers[attestation.id] = new Date(await conversation.now()).toISOString();

    // ---- summary, then "gửi"
    const lines = form.steps
      .filter((s) => s.kind !== "consent" && isVisible(s, answers) && answers[s.id] !== undefined)
      .map((s, i) => `${i + 1}. ${(s.label ?? s.prompt).vi}: ${formatAnswer(form, s, answers[s.id] ?? null)}`);
    const summaryText = [t("bot.summary.title", { title: form.title }), ...lines, "", 'Gõ "gửi" để gửi, "quay lại" để sửa câu trả lời trước, hoặc "huỷ" để huỷ.'].join("\n");
    checkpoints.push(conversation.checkpoint());
    await ctx.reply(summaryText);
    for (;;) {
      const decision = await conversation.form.build<"submit" | "back" | "cancel" | "restart", string>({
        validate: (c) => {
          const raw = c.message?.text ?? "";
          const command = commandOf(raw);
          if (command === "back" || command === "cancel" || command === "restart") return { ok: true, value: command };
          if (command === "help") return { ok: false, error: t("bot.run.help") };
          if (SUBMIT_WORDS.includes(foldText(raw))) return { ok: true, value: "submit" };
          return { ok: false, error: t("bot.summary.not_understood") };
        },
        otherwise: async (c, error) => {
          await c.reply(error);
          await c.reply(summaryText);
        },
      });
      if (decision === "back") await conversation.rewind(checkpoints[checkpoints.length - 2]!);
      if (decision === "cancel") {
        await ctx.reply(t("bot.run.cancelled", { title: form.title }));
        return await conversation.halt();
      }
      if (decision === "restart") return await conversation.halt({ next: true });
      if (decision === "submit") break;
    }

    const chatId = String(ctx.chatId);
    const submittedAt = await conversation.now();
    const code = await conversation.external(() => saveNomination(db, chatId, answers, new Date(submittedAt)));
    await ctx.reply(`Cảm ơn bạn! "${form.title}" đã được gửi. Mã hồ sơ: ${code}.`);
  };
}

function formatAnswer(form: Form, step: Step, answer: Answer): string {
  if (answer === null) return form.t("bot.summary.skipped");
  switch (step.kind) {
    case "date":
      return typeof answer === "string" ? formatLocalDate(localDateFromIso(answer)) : String(answer);
    case "yes-no":
      return form.t(answer ? "bot.yes" : "bot.no");
    case "choice":
      return step.options.find((o) => o.value === answer)?.label.vi ?? String(answer);
    case "unit":
      return form.units.find((u) => u.id === answer)?.label ?? String(answer);
    case "award":
      return form.awards.find((a) => a.code === answer)?.name ?? String(answer);
    case "files":
      return form.t("bot.summary.files", { count: Array.isArray(answer) ? answer.length : 0 });
    default:
      return String(answer);
  }
}

// -------------------------------------------------------------------------------------------
// The bot and its polling loop (the product's shape: batch → group by chat → parallel chats).

export async function startBaselineBot(opts: BaselineOptions): Promise<BaselineBot> {
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  const form = await loadForm();
  const db = await openSql(opts.databaseUrl, concurrency);
  try {
    await createTables(db);
  } catch (err) {
    await db.close();
    throw err;
  }

  const bot = new Bot<BotContext>(opts.token, { client: { apiRoot: opts.apiRoot }, botInfo: opts.botInfo });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 600 }));
  bot.use(
    conversations<BotContext, Context>({
      storage: { type: "key", version: STATE_VERSION, getStorageKey: (ctx) => (ctx.chatId === undefined ? undefined : `chat:${ctx.chatId}`), adapter: sqlStateStorage(db) },
      // Conversations build their own Api objects, which bot.api's transformers do not reach.
      plugins: [
        async (ctx, next) => {
          ctx.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 600 }));
          await next();
        },
      ],
    }),
  );
  bot.use(createConversation(nominationConversation(form, db), CONVERSATION_ID));
  bot.command("dexuat", (ctx) => ctx.conversation.enter(CONVERSATION_ID));
  bot.on("message", (ctx) => ctx.reply(`Gõ /dexuat để bắt đầu "${form.title}".`));

  const stopper = new AbortController();
  let offset: number | undefined;
  const inFlight = new Set<Promise<void>>();

  const handle = async (update: Update): Promise<void> => {
    const work = bot.handleUpdate(update).catch((err: unknown) => {
      console.error(`conversations-baseline: update ${update.update_id} failed: ${err instanceof Error ? err.message : String(err)}`);
    });
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  };

  const handleBatch = async (updates: Update[]): Promise<void> => {
    const byChat = new Map<string, Update[]>();
    for (const u of updates) {
      const key = String(u.message?.chat.id ?? u.callback_query?.message?.chat.id ?? u.callback_query?.from.id ?? `update-${u.update_id}`);
      byChat.set(key, [...(byChat.get(key) ?? []), u]);
    }
    const groups = [...byChat.values()];
    let next = 0;
    const worker = async () => {
      for (let g = next++; g < groups.length; g = next++) for (const u of groups[g]!) await handle(u);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, groups.length) }, worker));
  };

  const loop = (async () => {
    let failures = 0;
    while (!stopper.signal.aborted) {
      let updates: Update[];
      try {
        updates = await bot.api.getUpdates(
          { ...(offset !== undefined ? { offset } : {}), timeout: 1, allowed_updates: [...ALLOWED_UPDATES] },
          stopper.signal as unknown as Parameters<typeof bot.api.getUpdates>[1],
        );
        failures = 0;
      } catch (err) {
        if (stopper.signal.aborted) break;
        failures++;
        console.error(`conversations-baseline: getUpdates failed: ${err instanceof Error ? err.message : String(err)}`);
        await new Promise((r) => setTimeout(r, Math.min(30_000, 250 * 2 ** Math.min(failures, 7))));
        continue;
      }
      if (updates.length === 0) continue;
      await handleBatch(updates);
      offset = Math.max(...updates.map((u) => u.update_id)) + 1;
    }
  })();

  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        stopper.abort();
        await loop;
        await Promise.all([...inFlight]);
        // Confirm the last handled batch, as grammY's bot.stop() does.
        if (offset !== undefined) await bot.api.getUpdates({ offset, limit: 1, timeout: 0 }).catch(() => undefined);
        await db.close();
      })();
      return stopped;
    },
  };
}

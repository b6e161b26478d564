/**
 * The flow engine. Pure: it reads no clock, database, network or environment. The caller loads
 * the run state, calls {@link startRun} or {@link advanceRun} with the time and the catalogues,
 * persists the returned state, and only then delivers the outputs.
 *
 * A wrong answer is not an error: it produces a polite re-ask that says what is expected, with
 * an example, and the state keeps every earlier answer.
 */
import type { Choice } from "../channels/channel-port.ts";
import type { I18n, Lang, Params } from "../i18n/i18n.ts";
import { foldText, normalizeInput } from "../text/fold-text.ts";
import { matchChoice, matchChoices, type ChoiceOption as MatchOption } from "../validation/match-choice.ts";
import { matchUnit, type UnitEntry } from "../validation/match-unit.ts";
import { parseCccd } from "../validation/parse-cccd.ts";
import { parseDate } from "../validation/parse-date.ts";
import { parseInteger } from "../validation/parse-number.ts";
import { parsePersonName } from "../validation/parse-person-name.ts";
import { parseVietnamesePhone } from "../validation/parse-phone.ts";
import type { ParseResult, ValidationIssue } from "../validation/parse-result.ts";
import { parseYesNo } from "../validation/parse-yes-no.ts";
import { compareLocalDate, formatLocalDate, isLeapYear, localDateFromIso, toIsoDate, type LocalDate } from "../time/local-date.ts";
import { localDateInVietnam } from "../time/vietnam-time.ts";
import type { Flow, LocalizedText, Step } from "./flow-definition.ts";
import { RUN_STATE_VERSION, type Answer, type Answers, type FileRef, type RunState } from "./run-state.ts";
import { fileRoom } from "./file-room.ts";
import { awardsOffered } from "./award-choices.ts";

/** A unit the person may name, with its level (TINH, XA, THON) and a display label. */
export interface RunUnit extends UnitEntry {
  level: string;
  /** e.g. "Tiểu khu 2, xã Hà Trung". */
  label: string;
}

/** An award of the catalogue, as a choice. */
export interface RunAward {
  code: string;
  name: string;
  subjectKinds: readonly string[];
  grantedBy: string;
  /** Who may hold it (CA_NHAN, CHIEN_SI, HO_GIA_DINH, collective kinds); absent: the whole subject kind. */
  holders?: readonly string[];
  /** The achievement types it is given for; absent: any. */
  achievementTypes?: readonly string[];
}

/**
 * The law's advice inside a run, supplied by the caller (src/law/law-advisor.ts) and pure like the
 * engine: what to say once an award is chosen, and what the summary must warn about.
 */
export interface RunLaw {
  /** Lines shown once the award `code` is chosen: who decides, and its criteria. */
  chosen(flow: Flow, code: string, answers: Answers, lang: Lang): string[];
  /** Criteria the answers fail, explained with their article and the answers used; empty when none fails. */
  findings(flow: Flow, answers: Answers, lang: Lang): string[];
  /**
   * An answer the law already knows for a text step (the nominee's recorded awards for
   * `priorAwards`), with a line presenting it: offered as a button, and typing stays possible.
   */
  suggestion?(stepId: string, lang: Lang): { note: string; answer: string } | undefined;
}

/** A commune office a person may call instead of using the chat (from the unit catalogue). */
export interface RunContact {
  /** "UBND xã Hà Trung" */
  office: string;
  phone: string;
}

/** What the engine may consult besides the flow: strings and catalogues, all plain data. */
export interface RunContext {
  i18n: I18n;
  units: readonly RunUnit[];
  awards: readonly RunAward[];
  /** Offices with a phone number, offered when someone declines consent (none: a general pointer). */
  contacts?: readonly RunContact[];
  /** Advice from the award catalogue's criteria; absent: awards are offered and sent unchecked. */
  law?: RunLaw;
  /** Dossiers waiting for the council that this person may act on (secretaries), for `dossier` steps. */
  queue?: readonly { code: string; label: string; /** The options a step with `optionsAllowedBy` may offer for it; absent: all. */ allows?: readonly string[] }[];
}

export type RunCommand = "back" | "skip" | "cancel" | "help";

export type RunInput =
  | { type: "text"; text: string }
  | { type: "choice"; value: string }
  | { type: "files"; files: FileRef[] }
  | { type: "command"; command: RunCommand };

export type RunOutput =
  | { type: "say"; text: string; choices?: Choice[]; choicesAreKeywords?: boolean }
  /** The person confirmed the summary: these are the answers of every step that applies. */
  | { type: "completed"; answers: Answers }
  | { type: "cancelled" };

export interface RunResult {
  state: RunState;
  outputs: RunOutput[];
}

/** Values of the summary's buttons. */
export const SUBMIT = "SUBMIT";
export const CANCEL = "CANCEL";
const DONE = "DONE";
/** The button that takes a text step's suggested answer ({@link RunLaw.suggestion}). */
const SUGGESTED = "SUGGESTED";
const YES = "YES";
const NO = "NO";

/** Starts a run of `flow`: the intro and the first question. */
export function startRun(flow: Flow, lang: Lang, ctx: RunContext): RunResult {
  const state: RunState = {
    v: RUN_STATE_VERSION,
    flowId: flow.id,
    revision: flow.revision,
    lang,
    phase: "asking",
    stepId: null,
    answers: {},
    trail: [],
    editing: false,
  };
  const first = nextVisible(flow, -1, state.answers, false);
  const outputs: RunOutput[] = [{ type: "say", text: local(flow.intro, lang) }];
  if (!first) return toSummary(flow, state, ctx, outputs);
  return ask(flow, { ...state, stepId: first.id }, first, ctx, outputs);
}

/** Applies one input to a run. A finished or cancelled run ignores further input. */
export function advanceRun(flow: Flow, state: RunState, input: RunInput, now: Date, ctx: RunContext): RunResult {
  if (state.phase === "done" || state.phase === "cancelled") return { state, outputs: [] };
  if (input.type === "command") return command(flow, state, input.command, ctx);
  if (state.phase === "summary") return summaryInput(flow, state, input, ctx);
  const step = flow.steps.find((s) => s.id === state.stepId);
  if (!step) {
    // The pinned flow no longer has this step (should not happen: revisions are immutable).
    return toSummary(flow, state, ctx, []);
  }
  return answerStep(flow, state, step, input, now, ctx);
}

/**
 * Reopens a finished run to change the named steps (the council returned the dossier): the run
 * asks the first of them, then each of the others, then shows the summary again. Steps that no
 * longer exist or do not apply are left out; with none left, the run opens at the summary.
 */
export function reopenRun(flow: Flow, state: RunState, stepIds: readonly string[], ctx: RunContext): RunResult {
  const fixes = stepIds.filter((id, i) => stepIds.indexOf(id) === i && flow.steps.some((s) => s.id === id && isVisible(s, state.answers)));
  const base: RunState = { ...state, phase: "asking", editing: true, candidates: undefined, pendingFixes: fixes.slice(1) };
  const first = flow.steps.find((s) => s.id === fixes[0]);
  if (!first) return toSummary(flow, { ...base, pendingFixes: [] }, ctx, []);
  return ask(flow, { ...base, stepId: first.id }, first, ctx, []);
}

/** Re-renders the current question or summary, e.g. after the language changed or on resume. */
export function repeatPrompt(flow: Flow, state: RunState, ctx: RunContext): RunOutput[] {
  if (state.phase === "summary") return [summaryMessage(flow, state, ctx)];
  const step = flow.steps.find((s) => s.id === state.stepId);
  if (state.phase !== "asking" || !step) return [];
  return [question(flow, state, step, ctx)];
}

// ---------------------------------------------------------------------------------------------
// Navigation

function isVisible(step: Step, answers: Answers): boolean {
  if (!step.when) return true;
  const answer = answers[step.when.step];
  if (Array.isArray(answer)) return answer.some((a) => typeof a === "string" && step.when!.in.includes(a));
  return answer !== undefined && answer !== null && typeof answer !== "number" && step.when.in.includes(answer);
}

function nextVisible(flow: Flow, afterIndex: number, answers: Answers, onlyUnanswered: boolean): Step | undefined {
  return flow.steps.slice(afterIndex + 1).find((s) => isVisible(s, answers) && (!onlyUnanswered || answers[s.id] === undefined));
}

function indexOf(flow: Flow, id: string | null): number {
  return flow.steps.findIndex((s) => s.id === id);
}

/** The answers of every step that applies now; a skipped optional step is null. */
export function visibleAnswers(flow: Flow, answers: Answers): Answers {
  const out: Answers = {};
  for (const step of flow.steps) if (isVisible(step, answers)) out[step.id] = answers[step.id] ?? null;
  return out;
}

function moveOn(flow: Flow, state: RunState, ctx: RunContext, outputs: RunOutput[]): RunResult {
  const at = indexOf(flow, state.stepId);
  if (state.editing && state.pendingFixes?.length) {
    // A step the change made applicable comes first; then the next answer the council named.
    const opened = nextVisible(flow, at, state.answers, true);
    if (opened) return ask(flow, { ...state, stepId: opened.id, candidates: undefined }, opened, ctx, outputs);
    const [fix, ...rest] = state.pendingFixes;
    const step = flow.steps.find((s) => s.id === fix && isVisible(s, state.answers));
    const nextState = { ...state, pendingFixes: rest, candidates: undefined };
    return step ? ask(flow, { ...nextState, stepId: step.id }, step, ctx, outputs) : moveOn(flow, nextState, ctx, outputs);
  }
  const next = nextVisible(flow, at, state.answers, state.editing);
  if (!next) return toSummary(flow, state, ctx, outputs);
  return ask(flow, { ...state, stepId: next.id, candidates: undefined }, next, ctx, outputs);
}

function ask(flow: Flow, state: RunState, step: Step, ctx: RunContext, outputs: RunOutput[]): RunResult {
  const next: RunState = { ...state, phase: "asking", stepId: step.id };
  return { state: next, outputs: [...outputs, question(flow, next, step, ctx)] };
}

/**
 * The first step that applies but has no valid answer: never answered (an edit or a "back" made
 * it applicable), or no longer valid against another answer (members with a title above a
 * lowered member count). The summary is only shown when there is none.
 */
function unsettledStep(flow: Flow, answers: RunState["answers"]): Step | undefined {
  return flow.steps.find((s) => {
    if (!isVisible(s, answers)) return false;
    const answer = answers[s.id];
    if (answer === undefined) return true;
    if (s.kind === "number" && s.maxFromStep && typeof answer === "number") {
      const limit = answers[s.maxFromStep];
      return typeof limit === "number" && answer > limit;
    }
    return false;
  });
}

function toSummary(flow: Flow, state: RunState, ctx: RunContext, outputs: RunOutput[]): RunResult {
  const unsettled = unsettledStep(flow, state.answers);
  if (unsettled) return ask(flow, { ...state, editing: true, candidates: undefined, pendingFixes: undefined }, unsettled, ctx, outputs);
  const next: RunState = { ...state, phase: "summary", stepId: null, editing: false, candidates: undefined, pendingFixes: undefined };
  return { state: next, outputs: [...outputs, summaryMessage(flow, next, ctx)] };
}

function command(flow: Flow, state: RunState, cmd: RunCommand, ctx: RunContext): RunResult {
  const t = translator(ctx, state.lang);
  const step = flow.steps.find((s) => s.id === state.stepId);
  switch (cmd) {
    case "cancel":
      return {
        state: { ...state, phase: "cancelled", stepId: null, candidates: undefined },
        outputs: [{ type: "say", text: t("bot.run.cancelled", { title: local(flow.title, state.lang) }) }, { type: "cancelled" }],
      };
    case "help": {
      const help = step?.help ? local(step.help, state.lang) : t("bot.run.help");
      return { state, outputs: [{ type: "say", text: help }, ...repeatPrompt(flow, state, ctx)] };
    }
    case "skip": {
      if (state.phase !== "asking" || !step) return { state, outputs: [{ type: "say", text: t("bot.run.nothing_to_skip") }, ...repeatPrompt(flow, state, ctx)] };
      if (!step.optional) {
        return { state, outputs: [{ type: "say", text: t("bot.run.skip_required") }, question(flow, state, step, ctx)] };
      }
      // Files already sent are kept: "bỏ qua" on a files step means "no more".
      const collected = step.kind === "files" && Array.isArray(state.answers[step.id]) && (state.answers[step.id] as unknown[]).length > 0;
      return moveOn(flow, record(state, step.id, collected ? state.answers[step.id]! : null), ctx, []);
    }
    case "back": {
      if (state.phase === "summary" || state.editing) {
        const last = [...state.trail].reverse().find((id) => {
          const s = flow.steps.find((x) => x.id === id);
          return s && isVisible(s, state.answers);
        });
        const target = flow.steps.find((s) => s.id === last);
        if (state.phase === "asking" && state.editing) return toSummary(flow, state, ctx, []);
        if (!target) return { state, outputs: repeatPrompt(flow, state, ctx) };
        return ask(flow, { ...state, trail: state.trail.slice(0, state.trail.lastIndexOf(target.id)) }, target, ctx, []);
      }
      const at = state.trail.length;
      if (at === 0) return { state, outputs: [{ type: "say", text: t("bot.run.at_first_step") }, ...repeatPrompt(flow, state, ctx)] };
      const previousId = state.trail[at - 1]!;
      const previous = flow.steps.find((s) => s.id === previousId);
      if (!previous) return { state, outputs: repeatPrompt(flow, state, ctx) };
      return ask(flow, { ...state, trail: state.trail.slice(0, at - 1), candidates: undefined }, previous, ctx, []);
    }
  }
}

function record(state: RunState, stepId: string, value: Answer): RunState {
  const trail = state.trail[state.trail.length - 1] === stepId ? state.trail : [...state.trail, stepId];
  return { ...state, answers: { ...state.answers, [stepId]: value }, trail, candidates: undefined };
}

// ---------------------------------------------------------------------------------------------
// Answers

type StepOutcome =
  | { kind: "accept"; value: Answer; notes?: string[] }
  | { kind: "reject"; issue: ValidationIssue }
  /** Stay on the step with a new state (e.g. collecting files or narrowing an ambiguous unit). */
  | { kind: "stay"; state: RunState; say: RunOutput[] }
  /** End the run here (consent declined): nothing is kept. */
  | { kind: "end"; say: string };

function answerStep(flow: Flow, state: RunState, step: Step, input: RunInput, now: Date, ctx: RunContext): RunResult {
  const t = translator(ctx, state.lang);
  const outcome = interpret(flow, state, step, input, now, ctx);
  switch (outcome.kind) {
    case "stay":
      return { state: outcome.state, outputs: outcome.say };
    case "end":
      return { state: { ...state, phase: "cancelled", stepId: null, candidates: undefined }, outputs: [{ type: "say", text: outcome.say }, { type: "cancelled" }] };
    case "reject": {
      const text = t(issueKey(outcome.issue), outcome.issue.params);
      return { state, outputs: [{ type: "say", text }, question(flow, state, step, ctx, true)] };
    }
    case "accept": {
      const notes: RunOutput[] = (outcome.notes ?? []).map((text) => ({ type: "say", text }));
      return moveOn(flow, record(state, step.id, outcome.value), ctx, notes);
    }
  }
}

/** Consent declined: the form ends, and the person hears where else to go (a few offices at most). */
function declined(ctx: RunContext, lang: Lang): string {
  const contacts = ctx.contacts ?? [];
  if (contacts.length === 0 || contacts.length > MAX_CONTACTS_LISTED) return ctx.i18n.t(lang, "bot.consent.declined");
  const list = contacts.map((c) => ctx.i18n.t(lang, "bot.consent.contact", { office: c.office, phone: c.phone })).join("; ");
  return ctx.i18n.t(lang, "bot.consent.declined_contacts", { contacts: list });
}

/** More offices than this make a list nobody reads: the general pointer is given instead. */
const MAX_CONTACTS_LISTED = 3;

function issueKey(issue: ValidationIssue): string {
  return issue.code.startsWith("bot.") ? issue.code : `validation.${issue.code}`;
}

function fromParse<T extends Answer>(result: ParseResult<T>, ctx: RunContext, lang: Lang): StepOutcome {
  if (!result.ok) return { kind: "reject", issue: result.error };
  const notes = (result.warnings ?? []).map((w) => ctx.i18n.t(lang, issueKey(w), w.params));
  return { kind: "accept", value: result.value, notes };
}

function textOf(input: RunInput): string | undefined {
  if (input.type === "text") return input.text;
  if (input.type === "choice") return input.value;
  return undefined;
}

/** A text step with at least this minimum asks for sentences (a story, a summary), not a name. */
const STORY_MIN_LENGTH = 20;

/** A number step's upper bound now: its own, or an earlier answer when lower (members with a title ≤ members). */
function effectiveMax(step: Extract<Step, { kind: "number" }>, answers: RunState["answers"]): number {
  const limit = step.maxFromStep ? answers[step.maxFromStep] : undefined;
  return typeof limit === "number" ? Math.min(step.max, limit) : step.max;
}

function interpret(flow: Flow, state: RunState, step: Step, input: RunInput, now: Date, ctx: RunContext): StepOutcome {
  const lang = state.lang;
  if (input.type === "files" && step.kind !== "files") return { kind: "reject", issue: { code: "bot.files.not_expected" } };
  const raw = textOf(input);
  const text = raw === undefined ? "" : normalizeInput(raw);

  switch (step.kind) {
    case "text": {
      const suggested = ctx.law?.suggestion?.(step.id, lang);
      // The button, or "1" where a channel shows buttons as a numbered list.
      if (suggested && (input.type === "choice" ? input.value === SUGGESTED : text === "1")) return { kind: "accept", value: suggested.answer };
      // Characters as people (and the record schemas) count them: code points, not UTF-16 units.
      const length = Array.from(text).length;
      if (length < Math.max(1, step.minLength)) {
        // A story or summary is asked for in sentences; a name or a position only needs its letters.
        const tooShort = step.minLength >= STORY_MIN_LENGTH ? "bot.text.too_short" : "bot.text.too_short_name";
        return { kind: "reject", issue: { code: length === 0 ? "bot.text.empty" : tooShort, params: { min: step.minLength, count: length } } };
      }
      if (length > step.maxLength) return { kind: "reject", issue: { code: "bot.text.too_long", params: { max: step.maxLength, count: length } } };
      return { kind: "accept", value: text };
    }
    case "person-name":
      return fromParse(parsePersonName(text), ctx, lang);
    case "number":
      return fromParse(parseInteger(text, { min: step.min, max: effectiveMax(step, state.answers) }), ctx, lang);
    case "date": {
      const today = localDateInVietnam(now);
      // A future date and a date too recent for a minimum age are told apart: each re-ask states
      // its own reason ("Ngày này chưa đến" is wrong for a birth date last year).
      const notAfter = step.notFuture || step.minYearsAgo ? today : undefined;
      const notBefore = step.maxYearsAgo ? yearsBefore(today, step.maxYearsAgo) : undefined;
      const parsed = parseDate(text, { today, ...(notAfter ? { notAfter } : {}), ...(notBefore ? { notBefore } : {}) });
      if (!parsed.ok) return { kind: "reject", issue: parsed.error };
      const latest = step.minYearsAgo ? yearsBefore(today, step.minYearsAgo) : undefined;
      if (latest && compareLocalDate(parsed.value, latest) > 0) {
        return { kind: "reject", issue: { code: "bot.run.date_min_years", params: { years: step.minYearsAgo!, max: formatLocalDate(latest) } } };
      }
      return { kind: "accept", value: toIsoDate(parsed.value) };
    }
    case "choice": {
      const allowed = allowedOptions(step, state, ctx);
      if (input.type === "choice" && allowed.some((o) => o.value === input.value)) return { kind: "accept", value: input.value };
      const options = optionsOf({ ...step, options: allowed }, lang).filter((o) => !state.candidates || state.candidates.includes(o.value));
      const m = matchChoice(text, options);
      if (m.kind === "match") return { kind: "accept", value: m.value };
      if (m.kind === "ambiguous") return narrow(flow, state, step, m.values, ctx);
      return { kind: "reject", issue: { code: "bot.choice.none" } };
    }
    case "multi-choice": {
      const m = matchChoices(text, optionsOf(step, lang));
      if (m.kind === "match") {
        const values = [...new Set(m.values)];
        if (values.length < step.minSelected) return { kind: "reject", issue: { code: "bot.multi.too_few", params: { min: step.minSelected } } };
        return { kind: "accept", value: values };
      }
      return { kind: "reject", issue: { code: "bot.multi.none", params: { token: m.token } } };
    }
    case "yes-no":
    case "consent": {
      let yes: boolean | undefined;
      if (input.type === "choice" && (input.value === YES || input.value === NO)) yes = input.value === YES;
      else {
        const p = parseYesNo(text);
        if (p.ok) yes = p.value;
        else {
          // Channels without buttons show the two answers numbered: "1" and "2" answer too.
          const offered = (choicesOf(step, state, ctx) ?? []).map((c) => ({ value: c.value, labels: [c.label] }));
          const m = matchChoice(text, offered);
          if (m.kind !== "match") return { kind: "reject", issue: p.error };
          yes = m.value === YES;
        }
      }
      if (step.kind === "yes-no") return { kind: "accept", value: yes };
      if (!yes && step.onDecline === "end") return { kind: "end", say: declined(ctx, lang) };
      if (!yes) return { kind: "reject", issue: { code: "bot.consent.required" } };
      return { kind: "accept", value: now.toISOString() };
    }
    case "phone":
      return fromParse(parseVietnamesePhone(text), ctx, lang);
    case "cccd": {
      const birth = step.birthDateStep ? state.answers[step.birthDateStep] : undefined;
      const gender = step.genderStep ? state.answers[step.genderStep] : undefined;
      return fromParse(
        parseCccd(text, {
          ...(typeof birth === "string" ? { birthDate: localDateFromIso(birth) } : {}),
          ...(gender === "NAM" || gender === "NU" ? { gender } : {}),
        }),
        ctx,
        lang,
      );
    }
    case "unit": {
      const units = ctx.units.filter((u) => step.levels.includes(u.level as never));
      const pool = state.candidates ? units.filter((u) => state.candidates!.includes(u.id)) : units;
      if (input.type === "choice" && pool.some((u) => u.id === input.value)) return { kind: "accept", value: input.value };
      if (state.candidates) {
        const byNumber = matchChoice(text, pool.map((u) => ({ value: u.id, labels: [u.label] })));
        if (byNumber.kind === "match") return { kind: "accept", value: byNumber.value };
      }
      const m = matchUnit(text, units);
      if (m.kind === "match") return { kind: "accept", value: m.id };
      if (m.kind === "ambiguous") return narrow(flow, state, step, m.ids, ctx);
      return { kind: "reject", issue: { code: "bot.unit.none", params: { input: text.slice(0, 60) } } };
    }
    case "award": {
      const awards = awardsOffered(step, state.answers, ctx.awards);
      const options = awards.map((a) => ({ value: a.code, labels: [a.name] }));
      let code: string | undefined;
      if (input.type === "choice" && awards.some((a) => a.code === input.value)) code = input.value;
      else {
        const m = matchChoice(text, options);
        if (m.kind === "ambiguous") return narrow(flow, state, step, m.values, ctx);
        if (m.kind === "match") code = m.value;
      }
      const award = awards.find((a) => a.code === code);
      if (!award) return { kind: "reject", issue: { code: "bot.choice.none" } };
      const notes = ctx.law
        ? ctx.law.chosen(flow, award.code, { ...state.answers, [step.id]: award.code }, lang)
        : [ctx.i18n.t(lang, "bot.award.granted_by", { name: award.name, grantedBy: award.grantedBy })];
      return { kind: "accept", value: award.code, notes };
    }
    case "dossier": {
      const queue = ctx.queue ?? [];
      if (input.type === "choice" && queue.some((d) => d.code === input.value)) return { kind: "accept", value: input.value };
      const typed = /TDKT[-\s]*(\d{4})[-\s]*(\d{1,6})/i.exec(text);
      const code = typed ? `TDKT-${typed[1]}-${typed[2]!.padStart(6, "0")}` : null;
      if (code && queue.some((d) => d.code === code)) return { kind: "accept", value: code };
      const m = matchChoice(text, queue.map((d) => ({ value: d.code, labels: [d.label] })));
      if (m.kind === "match") return { kind: "accept", value: m.value };
      return { kind: "reject", issue: { code: queue.length ? "bot.review.not_in_queue" : "bot.review.queue_empty" } };
    }
    case "files": {
      const collected = (Array.isArray(state.answers[step.id]) ? state.answers[step.id] : []) as FileRef[];
      if (input.type === "files") {
        const added = input.files.slice(0, fileRoom(flow, state));
        const files = [...collected, ...added];
        const say: RunOutput[] = [];
        if (added.length < input.files.length) say.push({ type: "say", text: ctx.i18n.t(lang, "bot.files.too_many", { max: step.maxFiles }) });
        say.push({ type: "say", text: ctx.i18n.t(lang, "bot.files.received", { count: files.length }), choices: [{ value: DONE, label: ctx.i18n.t(lang, "bot.files.done_button") }] });
        return { kind: "stay", state: { ...state, answers: { ...state.answers, [step.id]: files } }, say };
      }
      const done =
        (input.type === "choice" && input.value === DONE) ||
        ["xong", "xong roi", "done", "het", "hoan tat", "finish"].includes(foldText(text)) ||
        // "1": the number of the one choice ("1. Xong") on channels without buttons.
        matchChoice(text, [{ value: DONE, labels: [ctx.i18n.t(lang, "bot.files.done_button")] }]).kind === "match";
      if (!done) return { kind: "reject", issue: { code: "bot.files.waiting" } };
      if (collected.length === 0 && !step.optional) return { kind: "reject", issue: { code: "bot.files.none" } };
      return { kind: "accept", value: collected.length === 0 ? null : collected };
    }
  }
}

/** Offers the candidates of an ambiguous answer as choices, staying on the step. */
function narrow(flow: Flow, state: RunState, step: Step, values: string[], ctx: RunContext): StepOutcome {
  const next: RunState = { ...state, candidates: values };
  const t = translator(ctx, state.lang);
  return { kind: "stay", state: next, say: [{ type: "say", text: t("bot.choice.ambiguous"), choices: choicesOf(step, next, ctx) }] };
}

function yearsBefore(d: LocalDate, years: number): LocalDate {
  const year = d.year - years;
  // 29/02 minus a number of years lands on 28/02 when the target year is not a leap year.
  return d.month === 2 && d.day === 29 && !isLeapYear(year) ? { year, month: 2, day: 28 } : { year, month: d.month, day: d.day };
}

/** A choice step's options, narrowed to what the chosen queue entry allows (`optionsAllowedBy`). */
function allowedOptions(step: Extract<Step, { kind: "choice" }>, state: RunState, ctx: RunContext): Extract<Step, { kind: "choice" }>["options"] {
  if (!step.optionsAllowedBy) return step.options;
  const entry = ctx.queue?.find((q) => q.code === state.answers[step.optionsAllowedBy!]);
  return entry?.allows ? step.options.filter((o) => entry.allows!.includes(o.value)) : step.options;
}

function optionsOf(step: Step & { options: Array<{ value: string; label: LocalizedText; aliases?: string[] | undefined }> }, lang: Lang): MatchOption[] {
  return step.options.map((o) => ({
    value: o.value,
    labels: [local(o.label, lang), o.label.vi, ...(o.label.en ? [o.label.en] : []), ...(o.aliases ?? [])],
  }));
}

// ---------------------------------------------------------------------------------------------
// Rendering

function local(text: LocalizedText, lang: Lang): string {
  return lang === "en" && text.en ? text.en : text.vi;
}

function translator(ctx: RunContext, lang: Lang): (key: string, params?: Params) => string {
  return (key, params) => ctx.i18n.t(lang, key, params);
}

const HINTS: Partial<Record<Step["kind"], string>> = {
  date: "bot.hint.date",
  phone: "bot.hint.phone",
  cccd: "bot.hint.cccd",
  unit: "bot.hint.unit",
  files: "bot.hint.files",
  "multi-choice": "bot.hint.multi",
  "person-name": "bot.hint.name",
};

function choicesOf(step: Step, state: RunState, ctx: RunContext): Choice[] | undefined {
  const lang = state.lang;
  const t = translator(ctx, lang);
  switch (step.kind) {
    case "choice":
    case "multi-choice":
      return (step.kind === "choice" ? allowedOptions(step, state, ctx) : step.options)
        .filter((o) => !state.candidates || state.candidates.includes(o.value))
        .map((o) => ({ value: o.value, label: local(o.label, lang) }));
    case "yes-no":
      return [{ value: YES, label: t("bot.yes") }, { value: NO, label: t("bot.no") }];
    case "consent":
      return [{ value: YES, label: t("bot.consent.agree") }, { value: NO, label: t("bot.consent.disagree") }];
    case "award":
      return awardsOffered(step, state.answers, ctx.awards)
        .filter((a) => !state.candidates || state.candidates.includes(a.code))
        .map((a) => ({ value: a.code, label: a.name }));
    case "unit":
      return state.candidates
        ? ctx.units.filter((u) => state.candidates!.includes(u.id)).map((u) => ({ value: u.id, label: u.label }))
        : undefined;
    case "files":
      return [{ value: DONE, label: t("bot.files.done_button") }];
    case "dossier":
      return (ctx.queue ?? []).slice(0, 20).map((d) => ({ value: d.code, label: d.label }));
    case "text":
      return ctx.law?.suggestion?.(step.id, lang) ? [{ value: SUGGESTED, label: t("bot.text.use_suggested") }] : undefined;
    default:
      return undefined;
  }
}

function question(flow: Flow, state: RunState, step: Step, ctx: RunContext, isRetry = false): RunOutput {
  const lang = state.lang;
  const t = translator(ctx, lang);
  const parts = [local(step.prompt, lang)];
  if (step.kind === "consent") parts.push(`“${local(step.statement, lang)}”`);
  const hint = HINTS[step.kind];
  if (hint) parts.push(t(hint, step.kind === "files" ? { max: step.maxFiles } : undefined));
  // People write sentences, not character counts: a story or summary is asked in sentences (its
  // limits are still checked, and a refusal names them); a name needs no hint.
  if (step.kind === "text" && step.minLength >= STORY_MIN_LENGTH) parts.push(t("bot.hint.sentences"));
  const suggested = step.kind === "text" ? ctx.law?.suggestion?.(step.id, lang) : undefined;
  if (suggested) parts.push(suggested.note);
  if (step.kind === "number") parts.push(t("bot.hint.number", { min: step.min, max: effectiveMax(step, state.answers) }));
  if (step.optional) parts.push(t("bot.hint.optional"));
  // "Câu 3:" without a total: the number of questions depends on answers not given yet, and a
  // total that grows under the person ("(1/12)" then "(2/13)") reads as a mistake.
  const position = t("bot.run.position", { n: indexOfVisible(flow, state, step) });
  const text = isRetry ? parts.join("\n") : `${position} ${parts.join("\n")}`;
  const choices = choicesOf(step, state, ctx);
  return choices ? { type: "say", text, choices } : { type: "say", text };
}

function indexOfVisible(flow: Flow, state: RunState, step: Step): number {
  return flow.steps.filter((s) => isVisible(s, state.answers)).findIndex((s) => s.id === step.id) + 1;
}

/** The steps listed in the summary, in order; their 1-based position is the number to edit. */
function summaryItems(flow: Flow, state: RunState): Step[] {
  return flow.steps.filter((s) => s.kind !== "consent" && isVisible(s, state.answers) && state.answers[s.id] !== undefined);
}

function summaryMessage(flow: Flow, state: RunState, ctx: RunContext): RunOutput {
  const lang = state.lang;
  const t = translator(ctx, lang);
  const lines = summaryItems(flow, state).map(
    (s, i) => `${i + 1}. ${local(s.label ?? s.prompt, lang)}: ${formatAnswer(s, state.answers[s.id] ?? null, ctx, lang)}`,
  );
  const findings = ctx.law?.findings(flow, visibleAnswers(flow, state.answers), lang) ?? [];
  const advice = findings.length ? ["", ...findings, "", t("bot.summary.warning_instructions")] : ["", t("bot.summary.instructions")];
  const text = [t("bot.summary.title", { title: local(flow.title, lang) }), ...lines, ...advice].join("\n");
  return {
    type: "say",
    text,
    choices: [
      { value: SUBMIT, label: t(findings.length ? "bot.summary.submit_with_warning" : "bot.summary.submit") },
      { value: CANCEL, label: t("bot.summary.cancel") },
    ],
    choicesAreKeywords: true,
  };
}

/** A human-readable rendering of one answer, as shown in the summary. */
export function formatAnswer(step: Step, answer: Answer, ctx: RunContext, lang: Lang): string {
  const t = translator(ctx, lang);
  if (answer === null) return t("bot.summary.skipped");
  switch (step.kind) {
    case "date":
      return typeof answer === "string" ? formatLocalDate(localDateFromIso(answer)) : String(answer);
    case "choice":
      return local(step.options.find((o) => o.value === answer)?.label ?? { vi: String(answer) }, lang);
    case "multi-choice":
      return (answer as string[]).map((v) => local(step.options.find((o) => o.value === v)?.label ?? { vi: v }, lang)).join(", ");
    case "yes-no":
      return answer === true ? t("bot.yes") : t("bot.no");
    case "unit":
      return ctx.units.find((u) => u.id === answer)?.label ?? String(answer);
    case "award":
      return ctx.awards.find((a) => a.code === answer)?.name ?? String(answer);
    case "files":
      return t("bot.summary.files", { count: (answer as FileRef[]).length });
    case "consent":
      return t("bot.consent.agreed");
    default:
      return String(answer);
  }
}

const SUBMIT_WORDS = ["gui", "gui di", "xac nhan", "dong y", "ok", "submit", "send", "confirm", "co"];
const CANCEL_WORDS = ["huy", "cancel", "thoi"];

function summaryInput(flow: Flow, state: RunState, input: RunInput, ctx: RunContext): RunResult {
  const t = translator(ctx, state.lang);
  if (input.type === "choice" && input.value === SUBMIT) return complete(flow, state);
  if (input.type === "choice" && input.value === CANCEL) return command(flow, state, "cancel", ctx);
  if (input.type === "files") return { state, outputs: [{ type: "say", text: t("bot.files.not_expected") }, summaryMessage(flow, state, ctx)] };
  const folded = foldText(textOf(input) ?? "");
  if (SUBMIT_WORDS.includes(folded)) return complete(flow, state);
  if (CANCEL_WORDS.includes(folded)) return command(flow, state, "cancel", ctx);
  const edit = /^(?:sua|edit|chinh|doi)?\s*(?:muc|so|item)?\s*(\d{1,2})$/.exec(folded);
  if (edit) {
    const items = summaryItems(flow, state);
    const target = items[Number(edit[1]) - 1];
    if (!target) return { state, outputs: [{ type: "say", text: t("bot.summary.no_such_item", { max: items.length }) }, summaryMessage(flow, state, ctx)] };
    return ask(flow, { ...state, editing: true, candidates: undefined }, target, ctx, []);
  }
  return { state, outputs: [{ type: "say", text: t("bot.summary.not_understood") }, summaryMessage(flow, state, ctx)] };
}

function complete(flow: Flow, state: RunState): RunResult {
  const answers = visibleAnswers(flow, state.answers);
  return { state: { ...state, phase: "done" }, outputs: [{ type: "completed", answers }] };
}

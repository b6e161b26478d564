/**
 * Answers that name an entry of a catalogue or a queue supplied by the caller: a unit, an award,
 * a dossier waiting for the council. A name that fits several entries is narrowed with buttons.
 */
import { matchChoice } from "../validation/match-choice.ts";
import { matchUnit } from "../validation/match-unit.ts";
import { parseYesNo } from "../validation/parse-yes-no.ts";
import { awardsOffered } from "./award-choices.ts";
import { answerFormer, formerMention } from "./interpret-former-unit.ts";
import { translator } from "./localize.ts";
import type { RunUnit } from "./run-context.ts";
import { narrow, type StepAnswer, type StepOutcome } from "./step-outcome.ts";

export function interpretUnit({ step, input, text, state, ctx }: StepAnswer<"unit">): StepOutcome {
  const units = unitsAtLevels(ctx.units, step.levels);
  const pool = state.candidates ? units.filter((u) => state.candidates!.includes(u.id)) : units;
  if (input.type === "choice" && pool.some((u) => u.id === input.value)) return { kind: "accept", value: input.value };
  if (state.candidates) {
    const byNumber = matchChoice(text, pool.map((u) => ({ value: u.id, labels: [u.label] })));
    if (byNumber.kind === "match") return { kind: "accept", value: byNumber.value };
    // One candidate is a question ("… nay thuộc Xã Hà Trung, đúng không?"): yes takes it, no asks again.
    const [only] = pool;
    const yes = parseYesNo(text);
    if (pool.length === 1 && only && yes.ok) {
      if (yes.value) return { kind: "accept", value: only.id };
      return { kind: "stay", state: { ...state, candidates: undefined }, say: [{ type: "say", text: translator(ctx, state.lang)("bot.unit.former_declined") }] };
    }
  }
  // A former unit ("huyện Hà Trung", "xã Hà Lĩnh cũ") is looked for first when the answer says so,
  // else only when no unit of today has the name.
  const mention = formerMention(text, step.levels);
  const former = () => answerFormer(mention.text, units, state, step, ctx);
  if (mention.formerFirst) {
    const answered = former();
    if (answered) return answered;
  }
  const m = matchUnit(mention.text, units);
  if (m.kind === "match") return { kind: "accept", value: m.id };
  if (m.kind === "ambiguous") return narrow(state, step, m.ids, ctx);
  return (!mention.formerFirst && former()) || { kind: "reject", issue: { code: "bot.unit.none", params: { input: text.slice(0, 60) } } };
}

// The units of each set of levels, kept for as long as the day's list (the same array all day), so
// the matcher's index of them (cached by array) is built once, not on every answer.
const byLevels = new WeakMap<readonly RunUnit[], Map<string, RunUnit[]>>();

function unitsAtLevels(all: readonly RunUnit[], levels: readonly string[]): RunUnit[] {
  let cached = byLevels.get(all);
  if (!cached) byLevels.set(all, (cached = new Map()));
  const key = levels.join(",");
  let units = cached.get(key);
  if (!units) cached.set(key, (units = all.filter((u) => levels.includes(u.level))));
  return units;
}

/** An award the subject may hold; once chosen, the law says who decides and what it requires. */
export function interpretAward({ flow, step, input, text, state, ctx }: StepAnswer<"award">): StepOutcome {
  const awards = awardsOffered(step, state.answers, ctx.awards);
  const options = awards.map((a) => ({ value: a.code, labels: [a.name] }));
  let code: string | undefined;
  if (input.type === "choice" && awards.some((a) => a.code === input.value)) code = input.value;
  else {
    const m = matchChoice(text, options);
    if (m.kind === "ambiguous") return narrow(state, step, m.values, ctx);
    if (m.kind === "match") code = m.value;
  }
  const award = awards.find((a) => a.code === code);
  if (!award) return { kind: "reject", issue: { code: "bot.choice.none" } };
  const notes = ctx.law
    ? ctx.law.chosen(flow, award.code, { ...state.answers, [step.id]: award.code }, state.lang)
    : [ctx.i18n.t(state.lang, "bot.award.granted_by", { name: award.name, grantedBy: award.grantedBy })];
  return { kind: "accept", value: award.code, notes };
}

/** A dossier of the queue: its button, its code as typed ("TDKT 2026 12"), its number or its label. */
export function interpretDossier({ input, text, ctx }: StepAnswer<"dossier">): StepOutcome {
  const queue = ctx.queue ?? [];
  if (input.type === "choice" && queue.some((d) => d.code === input.value)) return { kind: "accept", value: input.value };
  const typed = /TDKT[-\s]*(\d{4})[-\s]*(\d{1,6})/i.exec(text);
  const code = typed ? `TDKT-${typed[1]}-${typed[2]!.padStart(6, "0")}` : null;
  if (code && queue.some((d) => d.code === code)) return { kind: "accept", value: code };
  const m = matchChoice(text, queue.map((d) => ({ value: d.code, labels: [d.label] })));
  if (m.kind === "match") return { kind: "accept", value: m.value };
  return { kind: "reject", issue: { code: queue.length ? "bot.review.not_in_queue" : "bot.review.queue_empty" } };
}

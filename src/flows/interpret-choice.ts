/**
 * Answers picked from a step's options: one choice, several, yes or no, consent. A button's value
 * is taken as is; typed text is matched against the labels, aliases and numbers shown.
 */
import type { Lang } from "../i18n/i18n.ts";
import { parseYesNo } from "../validation/parse-yes-no.ts";
import { matchChoice, matchChoices } from "../validation/match-choice.ts";
import type { RunContext } from "./run-context.ts";
import { allowedOptions, choicesOf, matchOptions, NO, YES } from "./step-choices.ts";
import { narrow, type StepAnswer, type StepOutcome } from "./step-outcome.ts";

export function interpretChoice({ step, input, text, state, ctx }: StepAnswer<"choice">): StepOutcome {
  const allowed = allowedOptions(step, state, ctx);
  if (input.type === "choice" && allowed.some((o) => o.value === input.value)) return { kind: "accept", value: input.value };
  const options = matchOptions(allowed, state.lang).filter((o) => !state.candidates || state.candidates.includes(o.value));
  const m = matchChoice(text, options);
  if (m.kind === "match") return { kind: "accept", value: m.value };
  if (m.kind === "ambiguous") return narrow(state, step, m.values, ctx);
  return { kind: "reject", issue: { code: "bot.choice.none" } };
}

export function interpretMultiChoice({ step, text, state }: StepAnswer<"multi-choice">): StepOutcome {
  const m = matchChoices(text, matchOptions(step.options, state.lang));
  if (m.kind === "match") {
    const values = [...new Set(m.values)];
    if (values.length < step.minSelected) return { kind: "reject", issue: { code: "bot.multi.too_few", params: { min: step.minSelected } } };
    return { kind: "accept", value: values };
  }
  return { kind: "reject", issue: { code: "bot.multi.none", params: { token: m.token } } };
}

/**
 * Yes or no; for consent, a "yes" is recorded as the moment it was given, and a "no" either asks
 * again or ends the form, as the step says.
 */
export function interpretYesNo({ step, input, text, state, now, ctx }: StepAnswer<"yes-no" | "consent">): StepOutcome {
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
  if (!yes && step.onDecline === "end") return { kind: "end", say: declined(ctx, state.lang) };
  if (!yes) return { kind: "reject", issue: { code: "bot.consent.required" } };
  return { kind: "accept", value: now.toISOString() };
}

/** More offices than this make a list nobody reads: the general pointer is given instead. */
const MAX_CONTACTS_LISTED = 3;

/** Consent declined: the form ends, and the person hears where else to go (a few offices at most). */
function declined(ctx: RunContext, lang: Lang): string {
  const contacts = ctx.contacts ?? [];
  if (contacts.length === 0 || contacts.length > MAX_CONTACTS_LISTED) return ctx.i18n.t(lang, "bot.consent.declined");
  const list = contacts.map((c) => ctx.i18n.t(lang, "bot.consent.contact", { office: c.office, phone: c.phone })).join("; ");
  return ctx.i18n.t(lang, "bot.consent.declined_contacts", { contacts: list });
}

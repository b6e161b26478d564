/**
 * The choices a step offers, as buttons (or a numbered list on channels without buttons), and the
 * texts a typed answer is matched against. Both read the same options, so what is shown is what
 * is accepted.
 */
import type { Lang } from "../i18n/i18n.ts";
import type { ChoiceOption as MatchOption } from "../validation/match-choice.ts";
import { awardsOffered } from "./award-choices.ts";
import type { LocalizedText, Step } from "./flow-definition.ts";
import { localize, translator } from "./localize.ts";
import type { RunContext } from "./run-context.ts";
import type { RunChoice, RunState } from "./run-state.ts";

/** The files step's "that is all" button. */
export const DONE = "DONE";
/** The button that takes a text step's suggested answer (`RunLaw.suggestion`). */
export const SUGGESTED = "SUGGESTED";
export const YES = "YES";
export const NO = "NO";

type ChoiceStep = Extract<Step, { kind: "choice" }>;

/** A choice step's options, narrowed to what the chosen queue entry allows (`optionsAllowedBy`). */
export function allowedOptions(step: ChoiceStep, state: RunState, ctx: RunContext): ChoiceStep["options"] {
  if (!step.optionsAllowedBy) return step.options;
  const entry = ctx.queue?.find((q) => q.code === state.answers[step.optionsAllowedBy!]);
  return entry?.allows ? step.options.filter((o) => entry.allows!.includes(o.value)) : step.options;
}

/** Options as a typed answer may name them: the label in either language, or an alias. */
export function matchOptions(options: ReadonlyArray<{ value: string; label: LocalizedText; aliases?: string[] | undefined }>, lang: Lang): MatchOption[] {
  return options.map((o) => ({
    value: o.value,
    labels: [localize(o.label, lang), o.label.vi, ...(o.label.en ? [o.label.en] : []), ...(o.aliases ?? [])],
  }));
}

/** The buttons of the step's question, in the run's language; none for a step answered by typing. */
export function choicesOf(step: Step, state: RunState, ctx: RunContext): RunChoice[] | undefined {
  const lang = state.lang;
  const t = translator(ctx, lang);
  switch (step.kind) {
    case "choice":
    case "multi-choice":
      return (step.kind === "choice" ? allowedOptions(step, state, ctx) : step.options)
        .filter((o) => !state.candidates || state.candidates.includes(o.value))
        .map((o) => ({ value: o.value, label: localize(o.label, lang) }));
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

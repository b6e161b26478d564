/**
 * The summary shown before a form is sent: every answer that applies, numbered so one can be
 * changed by its number, the law's warnings if any, and the buttons to send or cancel.
 */
import type { Lang } from "../i18n/i18n.ts";
import { formatLocalDate, localDateFromIso } from "../time/local-date.ts";
import type { Flow, Step } from "./flow-definition.ts";
import { localize, translator } from "./localize.ts";
import type { RunContext } from "./run-context.ts";
import type { RunSay } from "./run-output.ts";
import type { Answer, FileRef, RunState } from "./run-state.ts";
import { isVisible, visibleAnswers } from "./step-visibility.ts";

/** Values of the summary's buttons. */
export const SUBMIT = "SUBMIT";
export const CANCEL = "CANCEL";

/** The steps listed in the summary, in order; their 1-based position is the number to edit. */
export function summaryItems(flow: Flow, state: RunState): Step[] {
  return flow.steps.filter((s) => s.kind !== "consent" && isVisible(s, state.answers) && state.answers[s.id] !== undefined);
}

export function summaryMessage(flow: Flow, state: RunState, ctx: RunContext): RunSay {
  const lang = state.lang;
  const t = translator(ctx, lang);
  const lines = summaryItems(flow, state).map(
    (s, i) => `${i + 1}. ${localize(s.label ?? s.prompt, lang)}: ${formatAnswer(s, state.answers[s.id] ?? null, ctx, lang)}`,
  );
  const findings = ctx.law?.findings(flow, visibleAnswers(flow, state.answers), lang) ?? [];
  const advice = findings.length ? ["", ...findings, "", t("bot.summary.warning_instructions")] : ["", t("bot.summary.instructions")];
  const text = [t("bot.summary.title", { title: localize(flow.title, lang) }), ...lines, ...advice].join("\n");
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
      return localize(step.options.find((o) => o.value === answer)?.label ?? { vi: String(answer) }, lang);
    case "multi-choice":
      return (answer as string[]).map((v) => localize(step.options.find((o) => o.value === v)?.label ?? { vi: v }, lang)).join(", ");
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

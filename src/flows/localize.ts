/** The run's language: a flow's text, and the bot's strings, in the language of the run. */
import type { Lang, Params } from "../i18n/i18n.ts";
import type { LocalizedText } from "./flow-definition.ts";
import type { RunContext } from "./run-context.ts";

/** A flow's text in `lang`, Vietnamese when it has no such translation. */
export function localize(text: LocalizedText, lang: Lang): string {
  return lang === "en" && text.en ? text.en : text.vi;
}

/** The bot's strings in `lang`. */
export function translator(ctx: Pick<RunContext, "i18n">, lang: Lang): (key: string, params?: Params) => string {
  return (key, params) => ctx.i18n.t(lang, key, params);
}

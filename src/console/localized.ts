/** A flow's text (label, prompt, option) in the page's language; Vietnamese when it has no other. */
import type { LocalizedText } from "../flows/flow-definition.ts";
import type { Lang } from "../i18n/i18n.ts";

export function localized(text: LocalizedText, lang: Lang): string {
  return lang === "en" && text.en ? text.en : text.vi;
}

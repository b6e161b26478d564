/**
 * The council secretary's digest (domain.md §9.4) from a list of dossiers: counted by
 * summarizeItems, printed by renderDigest. No database, no clock, no channel.
 */
import type { I18n, Lang } from "../i18n/i18n.ts";
import type { DigestInput } from "./digest-input.ts";
import { renderDigest } from "./render-digest.ts";
import { summarizeItems } from "./summarize-items.ts";

/** The digest text in `lang` for `input.items` (what it prints: see renderDigest). */
export function buildDigest(input: DigestInput, i18n: I18n, lang: Lang): string {
  return renderDigest(input, summarizeItems(input.items, input), i18n, lang);
}

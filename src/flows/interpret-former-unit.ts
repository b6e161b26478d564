/**
 * Answers that name a unit abolished by a reorganisation: the district level, the thị trấn and
 * the merged provinces and communes of 1/7/2025. People still say "huyện Hà Trung", "xã Hà Lĩnh
 * cũ" or "tỉnh Kon Tum"; they are told which unit took it over and asked to confirm or choose
 * ("Thị trấn Hà Trung cũ nay thuộc Xã Hà Trung, Tỉnh Thanh Hóa, đúng không?").
 */
import { unitDisplayName } from "../catalogues/unit-name.ts";
import { foldText } from "../text/fold-text.ts";
import { matchUnit, MAX_OFFERED } from "../validation/match-unit.ts";
import type { RunContext, RunFormerUnit, RunUnit } from "./run-context.ts";
import { translator } from "./localize.ts";
import type { RunState } from "./run-state.ts";
import type { Step } from "./flow-definition.ts";
import { choicesOf } from "./step-choices.ts";
import type { StepOutcome } from "./step-outcome.ts";

// "cũ" closing the name or a part of it ("xã Hà Lĩnh cũ", "Hà Lĩnh (cũ), Hà Trung"); "cu" typed
// without marks counts only there, so "Củ Chi" typed "cu chi" is not read as old.
const OLD_MARK = /(^|[\s(])(cũ|cu)\)?(?=\s*(?:[,;.]|$))/giu;
// Type words that only former units carry: such an answer means a former unit first.
const FORMER_ONLY = /^(huyen|quan|thi tran|thi xa|tt|tx|h|q) /;
const PROVINCE_WORD = /^(tinh|t) /;
const COMMUNE_WORD = /^(xa|phuong|x|p) /;
const COMMUNE_KINDS = new Set(["XA", "PHUONG", "THI_TRAN", "DAC_KHU"]);

/** How an answer speaks of the past: the text without "cũ", and whether a former unit comes first. */
export interface FormerMention {
  text: string;
  formerFirst: boolean;
}

/** Reads "cũ" and the former-only type words of an answer to a unit step asking for `levels`. */
export function formerMention(text: string, levels: readonly string[]): FormerMention {
  const stripped = text.replace(OLD_MARK, "$1").replace(/\s+/g, " ").replace(/\s+([,;])/g, "$1").trim();
  const folded = `${foldText(stripped)} `;
  const formerFirst = stripped !== text.trim() || FORMER_ONLY.test(folded) || (PROVINCE_WORD.test(folded) && !levels.includes("TINH"));
  return { text: stripped, formerFirst };
}

/**
 * The former units an answer names and what to say: the one successor to confirm, a few to choose
 * from, or (too many, or none the step may take) their names and the question again. Null when the
 * answer names no former unit.
 */
export function answerFormer(text: string, pool: readonly RunUnit[], state: RunState, step: Step, ctx: RunContext): StepOutcome | null {
  const formers = ctx.formerUnits ?? [];
  if (formers.length === 0) return null;
  // "xã Hà Trung cũ" names a commune-level unit of the time, whichever it was: people say "xã" of
  // a thị trấn too, so the word picks the level (before the district of the name), not the kind.
  const communeWord = COMMUNE_WORD.exec(`${foldText(text)} `);
  const m = matchUnit(communeWord ? text.replace(/^\S+\s*/u, "") : text, formers);
  if (m.kind === "none") return null;
  const ids = m.kind === "match" ? [m.id] : m.ids;
  let found = ids.flatMap((id) => formers.find((f) => f.id === id) ?? []);
  if (communeWord && found.some(isCommuneLevel)) found = found.filter(isCommuneLevel);
  const t = translator(ctx, state.lang);
  // Its own name, or with the unit it belonged to when several share the name.
  const former = found
    .map((f) => (found.length > 1 && f.parentName ? t("bot.unit.former_name_in", { name: unitDisplayName(f), parent: f.parentName }) : t("bot.unit.former_name", { name: unitDisplayName(f) })))
    .join("; ");
  const successorIds = [...new Set(found.flatMap((f) => f.successorIds))];
  const offered = successorIds.filter((id) => pool.some((u) => u.id === id));
  // More successors than an ambiguous answer may offer are named in a message, not offered as buttons.
  if (offered.length === 0 || offered.length > MAX_OFFERED) {
    const names = successorIds.flatMap((id) => ctx.units.find((u) => u.id === id)?.label ?? []);
    const now = names.length > MAX_OFFERED ? `${names.slice(0, MAX_OFFERED).join("; ")}…` : names.join("; ");
    return { kind: "reject", issue: { code: "bot.unit.former_elsewhere", params: { former, now, count: names.length } } };
  }
  const next: RunState = { ...state, candidates: offered };
  const [only] = offered;
  const text1 =
    offered.length === 1 && only !== undefined
      ? t("bot.unit.former_one", { former, now: ctx.units.find((u) => u.id === only)?.label ?? only })
      : t("bot.unit.former_many", { former });
  return { kind: "stay", state: next, say: [{ type: "say", text: text1, choices: choicesOf(step, next, ctx) }] };
}

function isCommuneLevel(f: RunFormerUnit): boolean {
  return COMMUNE_KINDS.has(f.type);
}

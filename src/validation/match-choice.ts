import { foldText, normalizeInput } from "../text/fold-text.ts";

/** One offered choice: the value stored when chosen and the texts a person may type for it. */
export interface ChoiceOption {
  value: string;
  labels: readonly string[];
}

/** Outcome of {@link matchChoice}. */
export type ChoiceMatch = { kind: "match"; value: string } | { kind: "ambiguous"; values: string[] } | { kind: "none" };

/** Outcome of {@link matchChoices}; `token` is the part of the answer that failed, as typed. */
export type ChoicesMatch =
  | { kind: "match"; values: string[] }
  | { kind: "none"; token: string }
  | { kind: "ambiguous"; token: string; values: string[] };

// "2", "2.", "số 2", "#2", "chọn 2" once folded.
const NUMBERED = /^(?:so |chon |lua chon )?(\d{1,4})$/;
const MIN_PARTIAL_LENGTH = 3;

/**
 * Matches one answer against the offered options, in this order:
 * 1. its 1-based position in the list: "2", "2.", "số 2", "chọn 2";
 * 2. the exact `value`;
 * 3. a label (or the value) compared after {@link foldText}, so case, diacritics, NFC/NFD,
 *    punctuation and spacing do not matter ("lao dong truc tiep" = "Lao động trực tiếp");
 * 4. with at least 3 characters typed: options with a label that starts with the answer, or else
 *    options with a label containing it at the start of a word ("lao dong truc tiep" finds
 *    "Người lao động trực tiếp").
 * Within a step, one option is a `match`, several are `ambiguous` (in option order), and none
 * moves on to the next step. Pure; never throws.
 */
export function matchChoice(input: string, options: readonly ChoiceOption[]): ChoiceMatch {
  const folded = foldText(input);
  if (folded === "") return { kind: "none" };

  const numbered = NUMBERED.exec(folded);
  if (numbered) {
    const chosen = options[Number(numbered[1]) - 1];
    if (chosen !== undefined) return { kind: "match", value: chosen.value };
  }

  const typed = normalizeInput(input);
  const byValue = options.filter((o) => o.value === typed);
  if (byValue.length > 0) return decide(byValue);

  const keyed = options.map((o) => ({ option: o, keys: [o.value, ...o.labels].map(foldText).filter((k) => k !== "") }));
  const squeezed = folded.replace(/ /g, "");
  const steps: Array<(key: string) => boolean> = [(key) => key === folded || key.replace(/ /g, "") === squeezed];
  if ([...folded].length >= MIN_PARTIAL_LENGTH) {
    steps.push((key) => key.startsWith(folded), (key) => ` ${key}`.includes(` ${folded}`));
  }
  for (const test of steps) {
    const found = keyed.filter((k) => k.keys.some(test)).map((k) => k.option);
    if (found.length > 0) return decide(found);
  }
  return { kind: "none" };
}

function decide(found: readonly ChoiceOption[]): ChoiceMatch {
  const values = [...new Set(found.map((o) => o.value))];
  const [only] = values;
  return values.length === 1 && only !== undefined ? { kind: "match", value: only } : { kind: "ambiguous", values };
}

/**
 * Matches a multiple-choice answer. The answer is split on commas, semicolons, " và " / " va ",
 * and on spaces between bare numbers ("1, 3", "1 3", "nông dân, công nhân", "1 và 3"); each part
 * goes through {@link matchChoice}. Returns every matched value once, in the order typed, or the
 * first part that matched nothing or several options. When splitting fails but the whole answer
 * matches one option (a label that itself contains "và" or a comma), that option is returned.
 * An empty answer is `none` with an empty token. Pure; never throws.
 */
export function matchChoices(input: string, options: readonly ChoiceOption[]): ChoicesMatch {
  const tokens = splitAnswer(normalizeInput(input));
  const values: string[] = [];
  let failure: ChoicesMatch | null = null;
  for (const token of tokens) {
    const result = matchChoice(token, options);
    if (result.kind === "match") {
      if (!values.includes(result.value)) values.push(result.value);
    } else {
      failure = result.kind === "none" ? { kind: "none", token } : { kind: "ambiguous", token, values: result.values };
      break;
    }
  }
  if (failure === null && values.length > 0) return { kind: "match", values };

  if (tokens.length > 1) {
    const whole = matchChoice(input, options);
    if (whole.kind === "match") return { kind: "match", values: [whole.value] };
  }
  return failure ?? { kind: "none", token: normalizeInput(input) };
}

function splitAnswer(text: string): string[] {
  return text
    .split(/[,;]|\s+(?:và|va)\s+/iu)
    .flatMap((part) => {
      const trimmed = part.trim();
      return /^\d+(?:\s+\d+)+$/.test(trimmed) ? trimmed.split(/\s+/) : [trimmed];
    })
    .filter((token) => token !== "");
}

import { answerKeys, foldUnitName, misspeltTypeWord, unitIndex, type LookupStep, type UnitHit } from "./unit-index.ts";

/** One administrative unit or village from the dated catalogue, as far as matching needs it. */
export interface UnitEntry {
  id: string;
  name: string;
  /** Catalogue type code (e.g. `XA`, `THI_TRAN`, `TIEU_KHU`). */
  type: string;
  /** The local word for the type when it differs ("Tiểu khu", "Bản", "Tổ dân phố"). */
  localTypeName?: string | null;
  /** Name of the unit it belongs to, used to narrow "tiểu khu 2, hà trung". */
  parentName?: string | null;
  /** Set when the unit no longer exists (merged or renamed); such units are a last resort. */
  validTo?: string | null;
}

/** Outcome of {@link matchUnit}; `ids` are the best first, at most {@link MAX_OFFERED}. */
export type UnitMatch = { kind: "match"; id: string } | { kind: "ambiguous"; ids: string[] } | { kind: "none" };

/** The most units an ambiguous answer offers to choose from. */
export const MAX_OFFERED = 8;

// An answer of more words is not a unit and its parent ("tổ dân phố 12 phường Nguyễn Thái Bình"
// has 8), so it is not split at every word to find them.
const MAX_SPLIT_WORDS = 12;
const STEPS: readonly LookupStep[] = ["exact", "prefix"];

/** One way of reading an answer: the unit's name, and its parent's name if one was given. */
interface Reading {
  keys: string[];
  /** The keys read without a type word: all of them when the answer started with none. */
  literal: string[];
  kind: string | null;
  /** Keys the parent's name must start with; null when no parent was given. */
  parentKeys: string[] | null;
  /** The answer read with a misspelt type word ("xãã hà trung"), tried after this reading's own misspellings. */
  misspelt: Reading | null;
}

/**
 * Finds the unit a person means, over a catalogue indexed once per array ({@link unitIndex}: pass
 * the same array for the same catalogue). The part before the first comma names the unit; the next
 * part, if any, names its parent ("tiểu khu 2, hà trung"), matched on `parentName` exactly or by
 * prefix after the same folding, without its type word ("phường ba đình, tp hà nội"; "hn", "hcm",
 * "tphcm", "sg" stand for Hà Nội and Hồ Chí Minh). Without a comma, the trailing words may name
 * the parent ("tk2 ha trung", "p. ba đình hn"), the longest unit name tried first.
 *
 * Names are compared folded (case, diacritics, tone style, NFC/NFD, punctuation and spaces
 * ignored) and without a leading type word or abbreviation: xã/x., phường/p., đặc khu/đk, thị
 * trấn/tt, thành phố/tp, tỉnh/t., huyện/h., quận/q., thị xã/tx, and the village words thôn, bản,
 * làng, ấp, buôn, plei, khóm, tổ dân phố/tdp, khu phố/kp, tiểu khu/tk; numbers lose leading zeros.
 * So "xa ha trung", "X. Hà Trung" and "Hà Trung" are the same, "IaChim" is "Ia Chim" and "tk2" is
 * "Tiểu khu 2".
 *
 * Steps, each tried on every reading (the answer whole, then each split into unit and parent)
 * before the next: an exact key; a key the answer starts (at least 2 characters); and last, a
 * misspelling (one edit for keys of 4–7 characters, two from 8, none shorter, digits never
 * changed), keeping the closest. Among the units a step finds, those of the kind the answer named
 * ("tk2" → tiểu khu, by `localTypeName`, `type` or the name's own prefix) are preferred when there
 * are any, then those still valid (no `validTo`). One left is a `match`; several are `ambiguous`,
 * the closest first (fewest characters left out or edited), then in catalogue order, at most
 * {@link MAX_OFFERED}. Pure; never throws.
 */
export function matchUnit(input: string, units: readonly UnitEntry[]): UnitMatch {
  const index = unitIndex(units);
  const readings = readingsOf(input);
  for (const step of STEPS) {
    for (const reading of readings) {
      const found = decide(index.find(reading.keys, step, reading.literal), reading, false);
      if (found) return found;
    }
  }
  for (const reading of readings) {
    const found = decide(index.find(reading.keys, "fuzzy", reading.literal), reading, true);
    if (found) return found;
    const { misspelt } = reading;
    if (!misspelt) continue;
    // The misspelt type word is one edit already; a key found exactly is found by the fuzzy step too.
    const hits = index.find(misspelt.keys, "fuzzy").map((h) => ({ ...h, distance: h.distance + 1 }));
    const guessed = decide(hits, misspelt, true);
    if (guessed) return guessed;
  }
  return { kind: "none" };
}

// The answer as one unit (and a parent after a comma), then, without a comma, every split into
// unit and parent, the longest unit name first.
function readingsOf(input: string): Reading[] {
  const [namePart = "", parentPart] = input.split(/[,;]/);
  const whole = reading(namePart, parentPart);
  if (parentPart !== undefined) return whole ? [whole] : [];
  const words = input.trim().split(/\s+/);
  const splits = words.length > MAX_SPLIT_WORDS ? [] : words.slice(1).map((_, i) => words.length - 1 - i);
  return [whole, ...splits.map((k) => reading(words.slice(0, k).join(" "), words.slice(k).join(" "), true))].filter((r) => r !== null);
}

// A parent given after a comma that names nothing ("tk2, xã") narrows nothing; trailing words that
// name nothing are no parent, and that split is no reading.
function reading(namePart: string, parentPart: string | undefined, split = false): Reading | null {
  const name = foldUnitName(namePart);
  const keys = answerKeys(name);
  if (keys.length === 0) return null;
  const parent = parentPart === undefined ? [] : answerKeys(foldUnitName(parentPart));
  if (split && parent.length === 0) return null;
  const parentKeys = parent.length === 0 ? null : parent;
  const typo = name.rest === null ? misspeltTypeWord(namePart) : null;
  const misspelt = typo && { keys: [typo.rest], literal: [], kind: typo.kind, parentKeys, misspelt: null };
  return { keys, literal: name.rest === null ? keys : keys.filter((k) => k !== name.rest), kind: name.kind, parentKeys, misspelt };
}

// What a step's hits say, once narrowed to the parent given and to the preferred units (and, for
// misspellings, to the closest); null when none is left, so that the next reading or step is tried.
function decide(hits: UnitHit[], reading: Reading, closestOnly: boolean): UnitMatch | null {
  const { parentKeys, kind } = reading;
  let found = parentKeys === null ? hits : hits.filter((h) => h.entry.parentKeys.some((p) => parentKeys.some((w) => p.startsWith(w))));
  if (found.length === 0) return null;
  found = preferSome(found, (h) => kind !== null && h.entry.kind === kind);
  // "buôn đôn" is Xã Buôn Đôn, not a buôn named Đôn: a first word read as a type word that the
  // unit is not of counts less than the answer read as it was typed.
  found = preferSome(found, (h) => h.literal || (kind !== null && h.entry.kind === kind));
  found = preferSome(found, (h) => h.entry.unit.validTo == null);
  if (closestOnly) {
    const closest = Math.min(...found.map((h) => h.distance));
    found = found.filter((h) => h.distance === closest);
  }
  found.sort((a, b) => a.distance - b.distance || a.entry.order - b.entry.order);
  const [only] = found;
  if (found.length === 1 && only) return { kind: "match", id: only.entry.unit.id };
  return { kind: "ambiguous", ids: found.slice(0, MAX_OFFERED).map((h) => h.entry.unit.id) };
}

function preferSome<T>(items: T[], preferred: (item: T) => boolean): T[] {
  const kept = items.filter(preferred);
  return kept.length > 0 ? kept : items;
}

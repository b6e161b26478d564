/**
 * An index over one catalogue of units, built once per catalogue array and kept while the array
 * lives, so that matching an answer costs a few lookups instead of folding every name again; and
 * how names are read for it, on both sides (what a person typed and the catalogue's names):
 * folded ({@link foldText}: case, diacritics, tone style, NFC/NFD and punctuation ignored), without
 * spaces and leading zeros of numbers, and apart from a leading type word or its abbreviation,
 * which says what kind of unit is meant.
 *
 * Exact keys are a hash map and prefixes a binary search over the sorted keys. Misspellings go
 * through a small trigram index: a key's trigrams (padded with two marks each side) are posted
 * once; a typed key gathers the keys sharing enough of its trigrams to be within reach (an edit
 * changes at most 4 of them), and only those are checked with {@link boundedEditDistance}.
 *
 * Why not a library: Fuse.js, the most used fuzzy matcher for JavaScript, runs its Bitap scorer
 * over every entry on every query. Measured on the benchmark's catalogue (15,405 entries, the same
 * answer mix as bench/unit-lookup.ts, Fuse.js 7.5.0 on the folded names, threshold 0.3): 63 ms
 * per lookup at the median and 357 ms at p95, against a budget of 5 ms; this index answers in tens
 * of microseconds at the median. Its scores are also not the "one or two typos, numbers exact"
 * rule that can be explained to an officer, and the exact and prefix steps, which most answers
 * end in, need no library.
 */
import { boundedEditDistance } from "../text/bounded-edit-distance.ts";
import { foldText } from "../text/fold-text.ts";
import type { UnitEntry } from "./match-unit.ts";

// Folded type words and their abbreviations, grouped by kind. Longer forms are tried first, so
// "thi tran" before "t" and "tdp" before "t". The village words follow NĐ 86/2023's vocabulary
// (thôn, bản, ấp, buôn, plei, khóm, làng; tổ dân phố, khu phố, tiểu khu).
const TYPE_WORDS: ReadonlyArray<readonly [kind: string, forms: readonly string[]]> = [
  ["to dan pho", ["to dan pho", "tdp"]],
  ["tieu khu", ["tieu khu", "tk"]],
  ["khu pho", ["khu pho", "kp"]],
  ["thi tran", ["thi tran", "tt"]],
  ["thi xa", ["thi xa", "tx"]],
  ["thanh pho", ["thanh pho", "tp"]],
  ["dac khu", ["dac khu", "dk"]],
  ["phuong", ["phuong", "p"]],
  ["huyen", ["huyen", "h"]],
  ["quan", ["quan", "q"]],
  ["tinh", ["tinh", "t"]],
  ["thon", ["thon"]],
  ["ban", ["ban"]],
  ["buon", ["buon"]],
  ["plei", ["plei"]],
  ["khom", ["khom"]],
  ["ap", ["ap"]],
  ["lang", ["lang"]],
  ["xa", ["xa", "x"]],
];
const PREFIXES = TYPE_WORDS.flatMap(([kind, forms]) => forms.map((form) => ({ kind, form }))).sort((a, b) => b.form.length - a.form.length);

// What people type for the two largest cities, folded and squeezed, and the key they stand for.
const ALIASES: ReadonlyMap<string, string> = new Map([
  ["hn", "hanoi"],
  ["hcm", "hochiminh"],
  ["tphcm", "hochiminh"],
  ["hcmc", "hochiminh"],
  ["sg", "hochiminh"],
  ["saigon", "hochiminh"],
]);

/** A name read for matching. */
export interface FoldedUnitName {
  /** Folded, without spaces and leading zeros of numbers: "thitranhatrung", "tieukhu2". */
  full: string;
  /** The same without the leading type word or abbreviation ("hatrung", "2"), if there was one. */
  rest: string | null;
  /** The kind the leading type word names ("tieu khu"), or null. */
  kind: string | null;
}

/**
 * Folds a unit name or an answer: a leading type word or abbreviation is recognised, numbers lose
 * leading zeros and spaces are dropped ("Ia Chim" = "IaChim"). A glued abbreviation counts only
 * before a digit ("tk2", "tdp03"), so "tphcm" is not "thành phố hcm". Never throws.
 */
export function foldUnitName(text: string): FoldedUnitName {
  const folded = foldText(text);
  for (const { kind, form } of PREFIXES) {
    if (!folded.startsWith(form)) continue;
    if (folded.length === form.length) return { full: squeeze(folded), rest: "", kind };
    const next = folded[form.length]!;
    if (next === " " || (next >= "0" && next <= "9")) {
      return { full: squeeze(folded), rest: squeeze(folded.slice(form.length)), kind };
    }
  }
  return { full: squeeze(folded), rest: null, kind: null };
}

/**
 * An answer whose first word is one edit from a one-word type word or abbreviation of 2 letters
 * or more ("xãã", "phưng", "phườgn"; not "x" or "p", which any letter is near): the kind it
 * probably meant and the rest of the name as a key; null otherwise, or when nothing follows it.
 * Only for the last resort of matching misspellings: "Tân Hòa" is one edit from "bản Hòa" too.
 */
export function misspeltTypeWord(text: string): { kind: string; rest: string } | null {
  const folded = foldText(text);
  const space = folded.indexOf(" ");
  if (space < 3) return null;
  const word = folded.slice(0, space);
  const rest = squeeze(folded.slice(space + 1));
  for (const { kind, form } of PREFIXES) {
    if (form.length < 2 || form.includes(" ") || form === word) continue;
    if (boundedEditDistance(word, form, 1) <= 1) return rest === "" ? null : { kind, rest };
  }
  return null;
}

function squeeze(s: string): string {
  return s.replace(/(^|\D)0+(?=\d)/g, "$1").replace(/ /g, "");
}

/**
 * The keys an answer may mean, most literal last: it may or may not have meant its first word as a
 * type ("huyện Quan Hóa" vs "Quan Hóa"), so both readings count, and "hn", "hcm", "tphcm", "sg"
 * also stand for Hà Nội and Hồ Chí Minh. A bare type word ("xã") names nothing: no keys.
 */
export function answerKeys(name: FoldedUnitName): string[] {
  if (name.rest === "") return [];
  const keys = name.rest === null ? [name.full] : [name.rest, name.full];
  const aliased = keys.flatMap((k) => ALIASES.get(k) ?? []);
  return [...aliased, ...keys];
}

/**
 * How a catalogue unit is read: the keys it is known by, and its kind (by `localTypeName`, `type`,
 * or the first word of its name). A name whose first word is its own type ("Phường Quyết Thắng",
 * type PHUONG) is known by the rest only, so that "phu" does not find every phường; one whose first
 * word merely looks like a type ("Quan Hóa", a huyện) is known by both readings.
 */
export function catalogueReading(unit: UnitEntry): { keys: string[]; kind: string | null } {
  const name = foldUnitName(unit.name);
  const declared = declaredKind(unit);
  const kind = declared ?? name.kind;
  if (name.rest === null || name.rest === "") return { keys: [name.full], kind };
  return { keys: declared === name.kind ? [name.rest] : [name.rest, name.full], kind };
}

// Catalogues repeat a few type codes and words thousands of times: each pair is looked up once.
const declaredKinds = new Map<string, string | null>();

function declaredKind(unit: UnitEntry): string | null {
  const memo = `${unit.localTypeName ?? ""}\u0000${unit.type}`;
  const known = declaredKinds.get(memo);
  if (known !== undefined) return known;
  let kind: string | null = null;
  for (const text of [unit.localTypeName, unit.type]) {
    if (text == null) continue;
    const folded = foldText(text);
    const found = TYPE_WORDS.find(([, forms]) => forms.includes(folded));
    if (found) {
      kind = found[0];
      break;
    }
  }
  declaredKinds.set(memo, kind);
  return kind;
}

/** A catalogue unit with what matching needs precomputed. */
export interface IndexedUnit {
  unit: UnitEntry;
  /** Position in the catalogue array: the last tie-break. */
  order: number;
  /** The kind its type word names ("xa", "tieu khu"), or null. */
  kind: string | null;
  /** The keys its parent is known by, as an answer would give them ("hanoi", "thanhphohanoi"). */
  parentKeys: readonly string[];
}

/** A unit found for a key, with how far the key was from the unit's own. */
export interface UnitHit {
  entry: IndexedUnit;
  /** 0 for an exact key; the characters a prefix left out; the edit distance of a misspelling. */
  distance: number;
  /** The key found was one of the given `literal` keys (the answer read without a type word). */
  literal: boolean;
}

/** How keys are looked up, in the order a matcher should try them. */
export type LookupStep = "exact" | "prefix" | "fuzzy";

// Keys this short are never guessed at, and the distance allowed grows with the key.
const MIN_FUZZY_LENGTH = 4;
const fuzzyReach = (length: number): number => (length >= 8 ? 2 : 1);
const PAD = "\u0001\u0001";

/** The index of one catalogue; see {@link unitIndex}. */
export class UnitIndex {
  /** Every unit of the catalogue, in catalogue order. */
  readonly entries: readonly IndexedUnit[];
  private readonly keys: string[];
  private readonly keyUnits: number[][];
  private readonly keyAt = new Map<string, number>();
  private readonly postings = new Map<string, number[]>();
  private readonly shared: Uint16Array;
  private readonly longest: number;
  private readonly digits: string[];

  constructor(units: readonly UnitEntry[]) {
    const parentKeysOf = new Map<string, string[]>();
    const unitsOfKey = new Map<string, number[]>();
    this.entries = units.map((unit, order) => {
      const { keys, kind } = catalogueReading(unit);
      for (const key of keys) {
        const list = unitsOfKey.get(key);
        if (list) list.push(order);
        else unitsOfKey.set(key, [order]);
      }
      const parent = unit.parentName ?? "";
      let parentKeys = parentKeysOf.get(parent);
      if (!parentKeys) parentKeysOf.set(parent, (parentKeys = parent === "" ? [] : answerKeys(foldUnitName(parent)).filter((k) => k !== "")));
      return { unit, order, kind, parentKeys };
    });
    this.keys = [...unitsOfKey.keys()].filter((k) => k !== "").sort();
    this.keyUnits = this.keys.map((k) => unitsOfKey.get(k)!);
    this.keys.forEach((key, at) => {
      this.keyAt.set(key, at);
      if (key.length < MIN_FUZZY_LENGTH) return;
      for (const gram of new Set(trigrams(key))) {
        const list = this.postings.get(gram);
        if (list) list.push(at);
        else this.postings.set(gram, [at]);
      }
    });
    this.shared = new Uint16Array(this.keys.length);
    this.longest = this.keys.reduce((n, k) => Math.max(n, k.length), 0);
    this.digits = this.keys.map((k) => k.replace(/\D/g, ""));
  }

  /**
   * The units any of `keys` finds by `step`, each once with its smallest distance. `exact`: an
   * equal key. `prefix`: a key starting with one of 2 characters or more. `fuzzy`: an equal key,
   * and for typed keys of 4 characters or more a key of 4 or more within 1 edit (typed keys of 4–7
   * characters) or 2 (8 or more) with the same digits, since a number is never guessed ("Thôn 12"
   * is not "Thôn 13"). `literal` marks the keys read without a type word. Cost: the keys found
   * (and, for `fuzzy`, those sharing a trigram), not the catalogue's size.
   */
  find(keys: readonly string[], step: LookupStep, literal: readonly string[] = []): UnitHit[] {
    const best = new Map<number, UnitHit>();
    const add = (at: number, distance: number, key: string): void => {
      const isLiteral = literal.includes(key);
      for (const order of this.keyUnits[at]!) {
        const had = best.get(order);
        if (!had) best.set(order, { entry: this.entries[order]!, distance, literal: isLiteral });
        else {
          had.distance = Math.min(had.distance, distance);
          had.literal ||= isLiteral;
        }
      }
    };
    for (const key of keys) {
      if (key === "") continue;
      if (step === "exact") {
        const at = this.keyAt.get(key);
        if (at !== undefined) add(at, 0, key);
      } else if (step === "prefix") {
        if (key.length < 2) continue;
        for (let at = lowerBound(this.keys, key); at < this.keys.length && this.keys[at]!.startsWith(key); at++) add(at, this.keys[at]!.length - key.length, key);
      } else {
        const at = this.keyAt.get(key);
        if (at !== undefined) add(at, 0, key);
        for (const [near, distance] of this.near(key)) add(near, distance, key);
      }
    }
    return [...best.values()];
  }

  // Keys within reach of a misspelt `key`: trigram counting narrows the catalogue to the few keys
  // sharing enough trigrams, and the bounded edit distance decides.
  private near(key: string): Array<[at: number, distance: number]> {
    const reach = fuzzyReach(key.length);
    if (key.length < MIN_FUZZY_LENGTH || key.length > this.longest + reach) return [];
    const grams = new Set(trigrams(key));
    const needed = Math.max(1, grams.size - 4 * reach);
    const touched: number[] = [];
    for (const gram of grams) {
      for (const at of this.postings.get(gram) ?? []) {
        if (this.shared[at] === 0) touched.push(at);
        this.shared[at]!++;
      }
    }
    const digits = key.replace(/\D/g, "");
    const found: Array<[number, number]> = [];
    for (const at of touched) {
      const count = this.shared[at]!;
      this.shared[at] = 0;
      const candidate = this.keys[at]!;
      if (count < needed || Math.abs(candidate.length - key.length) > reach) continue;
      if (this.digits[at] !== digits) continue;
      const distance = boundedEditDistance(key, candidate, reach);
      if (distance <= reach) found.push([at, distance]);
    }
    return found;
  }
}

function trigrams(key: string): string[] {
  const padded = `${PAD}${key}${PAD}`;
  return Array.from({ length: padded.length - 2 }, (_, i) => padded.slice(i, i + 3));
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const cache = new WeakMap<readonly UnitEntry[], UnitIndex>();

/**
 * The index of `units`, built on first use and kept as long as the array lives. The array is
 * taken to be immutable: callers pass the same array object for the same catalogue (the day's
 * units) and a new one when it changes; a new array, even a filtered copy, is indexed anew.
 * Building over the benchmark's 15,405 entries takes about 0.2 s in a fresh process, 60 ms warm.
 */
export function unitIndex(units: readonly UnitEntry[]): UnitIndex {
  let index = cache.get(units);
  if (!index) cache.set(units, (index = new UnitIndex(units)));
  return index;
}

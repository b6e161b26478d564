import { foldText } from "../text/fold-text.ts";

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

/** Outcome of {@link matchUnit}; `ids` keep catalogue order. */
export type UnitMatch = { kind: "match"; id: string } | { kind: "ambiguous"; ids: string[] } | { kind: "none" };

// Folded type words and their abbreviations, grouped by kind. Longer forms come first so that
// "thi tran" is tried before "t" and "tdp" before "t".
const UNIT_KINDS: ReadonlyArray<readonly [kind: string, forms: readonly string[]]> = [
  ["to dan pho", ["to dan pho", "tdp"]],
  ["tieu khu", ["tieu khu", "tk"]],
  ["thi tran", ["thi tran", "tt"]],
  ["thi xa", ["thi xa", "tx"]],
  ["thanh pho", ["thanh pho", "tp"]],
  ["dac khu", ["dac khu"]],
  ["phuong", ["phuong", "p"]],
  ["huyen", ["huyen", "h"]],
  ["quan", ["quan", "q"]],
  ["tinh", ["tinh", "t"]],
  ["thon", ["thon"]],
  ["ban", ["ban"]],
  ["lang", ["lang"]],
  ["xa", ["xa", "x"]],
];
// An answer of more words is not a unit and its parent ("tổ dân phố 12 phường Nguyễn Thái Bình"
// has 8), so it is not split at every word to find them.
const MAX_SPLIT_WORDS = 12;
const PREFIXES = UNIT_KINDS.flatMap(([kind, forms]) =>
  forms.map((form) => ({ kind, form, glued: new RegExp(`^${form}\\d`) })),
).sort((a, b) => b.form.length - a.form.length);

interface FoldedName {
  /** Folded, without spaces and leading zeros of numbers: "thitranhatrung", "tieukhu2". */
  full: string;
  /** The same without the leading type word or abbreviation ("hatrung", "2"), if there was one. */
  rest: string | null;
  /** The kind the leading type word names ("tieu khu"), or null. */
  kind: string | null;
}

// Folds a unit name or an answer: case, diacritics, tone style, NFC/NFD and punctuation are
// ignored, a leading type word or abbreviation is recognised, numbers lose leading zeros and
// spaces are dropped ("Ia Chim" = "IaChim"). A glued abbreviation counts only before a digit
// ("tk2", "tdp03").
function foldName(text: string): FoldedName {
  const folded = foldText(text);
  const squeeze = (s: string): string => s.replace(/(^|\D)0+(?=\d)/g, "$1").replace(/ /g, "");
  for (const { kind, form, glued } of PREFIXES) {
    if (folded === form) return { full: squeeze(folded), rest: "", kind };
    if (folded.startsWith(`${form} `) || glued.test(folded)) {
      return { full: squeeze(folded), rest: squeeze(folded.slice(form.length)), kind };
    }
  }
  return { full: squeeze(folded), rest: null, kind: null };
}

// An answer may or may not have meant its first word as a type ("huyện Quan Hóa" vs "Quan
// Hóa"), so both readings count; a bare type word ("xã") names nothing.
function answerKeys(name: FoldedName): string[] {
  if (name.rest === "") return [];
  return name.rest === null ? [name.full] : [name.rest, name.full];
}

// A catalogue name whose first word is its own type ("Phường Quyết Thắng", type PHUONG) is known
// by the rest only, so that "phu" does not find every phường; one whose first word merely looks
// like a type ("Quan Hóa", a huyện) is known by both readings.
function catalogueKeys(unit: UnitEntry): string[] {
  const name = foldName(unit.name);
  if (name.rest === null || name.rest === "") return [name.full];
  return declaredKind(unit) === name.kind ? [name.rest] : [name.rest, name.full];
}

function declaredKind(unit: UnitEntry): string | null {
  for (const text of [unit.localTypeName, unit.type]) {
    if (text == null) continue;
    const folded = foldText(text);
    const found = UNIT_KINDS.find(([, forms]) => forms.includes(folded));
    if (found) return found[0];
  }
  return null;
}

function kindOf(unit: UnitEntry): string | null {
  return declaredKind(unit) ?? foldName(unit.name).kind;
}

/**
 * Finds the unit a person means. The part before the first comma names the unit; the next part,
 * if any, must name its parent ("tiểu khu 2, hà trung"), matched on `parentName` exactly or by
 * prefix after the same folding. Names are compared folded (case, diacritics, tone style, NFC/NFD,
 * punctuation and spaces ignored) and without a leading type word or abbreviation: xã/x.,
 * phường/p., thị trấn/tt, thôn, tổ dân phố/tdp, tiểu khu/tk, bản, làng, tỉnh/t., thành phố/tp,
 * and also huyện/h., quận/q., thị xã/tx, đặc khu; numbers lose leading zeros. So "xa ha trung",
 * "X. Hà Trung" and "Hà Trung" are the same, "IaChim" is "Ia Chim" and "tk2" is "Tiểu khu 2".
 *
 * An exact key match is preferred; failing that, a key the answer starts (at least 2 characters).
 * Among the candidates of a step, those of the kind the answer named ("tk2" → tiểu khu, by
 * `localTypeName`, `type` or the name's own prefix) are preferred when there are any, then those
 * still valid (no `validTo`). One left is a `match`, several are `ambiguous`. Pure; never throws.
 */
export function matchUnit(input: string, units: readonly UnitEntry[]): UnitMatch {
  const direct = matchNamed(input, units);
  if (direct.kind !== "none" || /[,;]/.test(input)) return direct;
  // Without a comma, "tk2 ha trung" may still name a unit and then its parent: try each split,
  // the longest unit name first, and take the first that finds something. A longer answer is not
  // a unit and its parent, and trying its every split against the catalogue takes seconds.
  const words = input.trim().split(/\s+/);
  if (words.length > MAX_SPLIT_WORDS) return direct;
  for (let k = words.length - 1; k >= 1; k--) {
    const found = matchNamed(`${words.slice(0, k).join(" ")}, ${words.slice(k).join(" ")}`, units);
    if (found.kind !== "none") return found;
  }
  return direct;
}

function matchNamed(input: string, units: readonly UnitEntry[]): UnitMatch {
  const [namePart = "", parentPart] = input.split(/[,;]/);
  const wanted = foldName(namePart);
  const wantedKeys = answerKeys(wanted).filter((k) => k !== "");
  if (wantedKeys.length === 0) return { kind: "none" };
  const parentKeys = parentPart === undefined ? [] : answerKeys(foldName(parentPart)).filter((k) => k !== "");

  const inParent = units.filter((u) => {
    if (parentKeys.length === 0) return true;
    const keys = u.parentName == null ? [] : answerKeys(foldName(u.parentName));
    return keys.some((p) => p !== "" && parentKeys.some((w) => p.startsWith(w)));
  });
  const keyed = inParent.map((unit) => ({ unit, keys: catalogueKeys(unit) }));

  const partialKeys = wantedKeys.filter((w) => w.length >= 2);
  const steps: Array<(key: string) => boolean> = [
    (key) => wantedKeys.includes(key),
    (key) => partialKeys.some((w) => key.startsWith(w)),
  ];
  for (const test of steps) {
    let found = keyed.filter((k) => k.keys.some(test)).map((k) => k.unit);
    if (found.length === 0) continue;
    found = preferSome(found, (u) => wanted.kind !== null && kindOf(u) === wanted.kind);
    found = preferSome(found, (u) => u.validTo == null);
    const [only] = found;
    return found.length === 1 && only !== undefined ? { kind: "match", id: only.id } : { kind: "ambiguous", ids: found.map((u) => u.id) };
  }
  return { kind: "none" };
}

function preferSome<T>(items: T[], preferred: (item: T) => boolean): T[] {
  const kept = items.filter(preferred);
  return kept.length > 0 ? kept : items;
}

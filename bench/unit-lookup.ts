/**
 * Unit matching as people type, over the national list: the 3,355 units of
 * flows/catalogues/national-units.csv plus 25 synthetic villages (thôn, tổ dân phố, bản) per commune
 * of the three provinces with the most communes, about 15,400 entries in all, the size of a
 * province's full catalogue with its villages and more. It times a seeded, realistic mix of
 * answers through {@link matchUnit} and checks that each one names the unit it was written for.
 */
import { seededRandom } from "../src/cli/seeded-random.ts";
import { foldText } from "../src/text/fold-text.ts";
import { matchUnit, type UnitEntry } from "../src/validation/match-unit.ts";
import { nationalUnitEntries } from "../test/support/national-unit-entries.ts";
import { percentile, round1 } from "./telegram-load.ts";

/** What kind of answer a lookup is, and what it should give. */
type Category = "exact" | "no-diacritics" | "abbreviation" | "misspelling" | "unit+parent" | "ambiguous" | "nonsense";

interface Lookup {
  category: Category;
  text: string;
  /** The unit the answer was written for; null for nonsense, which must match nothing. */
  wanted: string | null;
}

/** The figures `npm run bench` prints for unit lookups. */
export interface UnitLookupResult {
  entries: number;
  villages: number;
  lookups: number;
  warmUp: number;
  /** The first lookup on a fresh catalogue array, which builds whatever the matcher caches. */
  firstLookupMs: number;
  p50Us: number;
  p95Us: number;
  p99Us: number;
  maxUs: number;
  /** Share of lookups whose result names the wanted unit (alone or among those offered), or nothing for nonsense. */
  matchedShare: number;
  /** The same per category: [lookups, named the wanted unit]. */
  byCategory: Record<Category, [number, number]>;
}

const VILLAGES_PER_COMMUNE = 25;
const SYLLABLES = ["Nà", "Pá", "Huổi", "Co", "Mường", "Lơi", "Hon", "Sang", "Khem", "Phiêng", "Bó", "Lếch", "Tát", "Nong", "Chiềng", "Púng"];
const NONSENSE = "anh ấy cứu người ở đây hôm qua lúc trời mưa to và gió lớn ngoài đồng xa nhà".split(" ");


/** The national list plus synthetic villages under every commune of the three largest provinces. */
export function unitLookupCatalogue(): { entries: UnitEntry[]; villages: UnitEntry[] } {
  const national = nationalUnitEntries();
  const perProvince = new Map<string, UnitEntry[]>();
  for (const u of national) if (u.parentName != null) perProvince.set(u.parentName, [...(perProvince.get(u.parentName) ?? []), u]);
  const largest = [...perProvince.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).slice(0, 3);
  const villages: UnitEntry[] = [];
  for (const [, communes] of largest) {
    for (const commune of communes) {
      for (let n = 1; n <= VILLAGES_PER_COMMUNE; n++) {
        const id = `${commune.id}/${n}`;
        const base = { id, parentName: commune.name, validTo: null };
        if (n % 3 === 0) villages.push({ ...base, name: `Thôn ${n}`, type: "THON", localTypeName: "Thôn" });
        else if (n % 3 === 1) villages.push({ ...base, name: `Tổ dân phố ${n}`, type: "TO_DAN_PHO", localTypeName: "Tổ dân phố" });
        else {
          const c = Number(commune.id) + n;
          const name = `Bản ${SYLLABLES[c % SYLLABLES.length]} ${SYLLABLES[(c * 7 + n) % SYLLABLES.length]}`;
          villages.push({ ...base, name, type: "THON", localTypeName: "Bản" });
        }
      }
    }
  }
  return { entries: [...national, ...villages], villages };
}

// The name without its type word, as typed: "Xã Hà Trung" → "Hà Trung".
function rest(unit: UnitEntry): string {
  const word = unit.localTypeName ?? "";
  return unit.name.startsWith(`${word} `) ? unit.name.slice(word.length + 1) : unit.name;
}

function misspell(text: string, rnd: () => number): string {
  const letters = [...text].map((c, i) => ({ c, i })).filter(({ c }) => /\p{L}/u.test(c));
  const at = letters[1 + Math.floor(rnd() * (letters.length - 2))]!.i;
  const chars = [...text];
  const how = Math.floor(rnd() * 3);
  if (how === 0) chars.splice(at, 0, chars[at]!); // a doubled letter
  else if (how === 1) chars.splice(at, 1); // a dropped one
  else if (/\p{L}/u.test(chars[at + 1] ?? "")) [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!]; // two swapped
  else chars.splice(at, 0, chars[at]!);
  return chars.join("");
}

const ABBREVIATION: Record<string, string[]> = { XA: ["x.", "x", "X."], PHUONG: ["p.", "p", "P."], DAC_KHU: ["đk", "dk"] };
const PARENT_ALIAS: Record<string, string[]> = { "Thành phố Hà Nội": ["hn", "ha noi", "tp hà nội"], "Thành phố Hồ Chí Minh": ["hcm", "tphcm", "sg", "tp hồ chí minh"] };

/** The seeded mix of answers: exact, without diacritics, abbreviated, misspelt, with a parent, ambiguous, nonsense. */
export function unitLookups(entries: readonly UnitEntry[], villages: readonly UnitEntry[], count: number, seed = 15): Lookup[] {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const communes = entries.filter((u) => u.type === "XA" || u.type === "PHUONG" || u.type === "DAC_KHU");
  const byKey = new Map<string, UnitEntry[]>();
  for (const u of communes) byKey.set(foldText(u.name), [...(byKey.get(foldText(u.name)) ?? []), u]);
  const unique = communes.filter((u) => byKey.get(foldText(u.name))!.length === 1 && foldText(rest(u)).replace(/ /g, "").length >= 6);
  const repeated = communes.filter((u) => byKey.get(foldText(u.name))!.length > 1);
  const plan: Category[] = ["exact", "exact", "no-diacritics", "no-diacritics", "abbreviation", "abbreviation", "misspelling", "misspelling", "unit+parent", "unit+parent", "unit+parent", "ambiguous", "ambiguous", "nonsense"];
  const out: Lookup[] = [];
  for (let i = 0; i < count; i++) {
    const category = plan[i % plan.length]!;
    if (category === "exact") {
      const u = pick(unique);
      out.push({ category, text: rnd() < 0.5 ? u.name : rest(u), wanted: u.id });
    } else if (category === "no-diacritics") {
      const u = pick(unique);
      out.push({ category, text: foldText(rnd() < 0.5 ? u.name : rest(u)), wanted: u.id });
    } else if (category === "abbreviation") {
      const u = pick(unique);
      const forms = ABBREVIATION[u.type] ?? [""];
      out.push({ category, text: `${pick(forms)} ${rnd() < 0.5 ? rest(u) : foldText(rest(u))}`.trim(), wanted: u.id });
    } else if (category === "misspelling") {
      const u = pick(unique);
      out.push({ category, text: misspell(rnd() < 0.5 ? rest(u) : u.name, rnd), wanted: u.id });
    } else if (category === "unit+parent") {
      if (rnd() < 0.6) {
        const v = pick(villages);
        const short = v.localTypeName === "Tổ dân phố" ? "tdp" : v.localTypeName === "Thôn" ? "thon" : "bản";
        const name = rnd() < 0.5 ? `${short} ${rest(v)}` : v.name;
        out.push({ category, text: `${name}${rnd() < 0.5 ? "," : ""} ${rnd() < 0.5 ? v.parentName : foldText(v.parentName ?? "")}`, wanted: v.id });
      } else {
        const u = pick(repeated);
        const aliases = PARENT_ALIAS[u.parentName ?? ""] ?? [foldText(u.parentName ?? "").replace(/^(tinh|thanh pho) /, "")];
        out.push({ category, text: `${foldText(u.name)}${rnd() < 0.5 ? "," : ""} ${pick(aliases)}`, wanted: u.id });
      }
    } else if (category === "ambiguous") {
      const u = pick(repeated);
      out.push({ category, text: rnd() < 0.5 ? foldText(u.name) : u.name, wanted: u.id });
    } else {
      out.push({ category, text: Array.from({ length: 12 }, () => pick(NONSENSE)).join(" "), wanted: null });
    }
  }
  return out;
}

/** How many answers to time, how many to run first untimed, and the matcher to time. */
export interface UnitLookupOptions {
  lookups?: number;
  /** Untimed answers of another seed run first, as a server that has been up a while has (default 200). */
  warmUp?: number;
  match?: typeof matchUnit;
}

/**
 * Builds the catalogue, times the first lookup on it (which builds the matcher's index), runs the
 * warm-up, then times `lookups` answers (default 2,000) one by one.
 */
export function benchUnitLookup({ lookups = 2000, warmUp = 200, match = matchUnit }: UnitLookupOptions = {}): UnitLookupResult {
  const { entries, villages } = unitLookupCatalogue();
  const mix = unitLookups(entries, villages, lookups);
  const t0 = performance.now();
  match("xã hà trung", entries);
  const firstLookupMs = performance.now() - t0;
  for (const { text } of unitLookups(entries, villages, warmUp, 51)) match(text, entries);
  const times: number[] = [];
  const byCategory = {} as Record<Category, [number, number]>;
  let named = 0;
  for (const { category, text, wanted } of mix) {
    const started = performance.now();
    const m = match(text, entries);
    times.push((performance.now() - started) * 1000);
    const ok = wanted === null ? m.kind === "none" : m.kind === "match" ? m.id === wanted : m.kind === "ambiguous" && m.ids.includes(wanted);
    const c = (byCategory[category] ??= [0, 0]);
    c[0]++;
    if (ok) {
      c[1]++;
      named++;
    }
  }
  const sorted = times.sort((a, b) => a - b);
  return {
    entries: entries.length,
    villages: villages.length,
    lookups,
    warmUp,
    firstLookupMs: round1(firstLookupMs),
    p50Us: Math.round(percentile(sorted, 50)),
    p95Us: Math.round(percentile(sorted, 95)),
    p99Us: Math.round(percentile(sorted, 99)),
    maxUs: Math.round(sorted[sorted.length - 1] ?? NaN),
    matchedShare: Math.round((named / lookups) * 1000) / 1000,
    byCategory,
  };
}

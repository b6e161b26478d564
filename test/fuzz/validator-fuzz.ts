/**
 * Property-based fuzzing of every validator in src/validation/: phone, CCCD, dates (and the
 * LocalDate helpers), whole numbers, person names, yes/no, choices and administrative units, the
 * last two over the real flows' options and the real unit catalogue (loadFuzzSetup).
 *
 * The validators read whatever people type into a chat, so each one is fed arbitrary Unicode (lone
 * surrogates included), Vietnamese-looking text in NFC and NFD and messages of up to 4,096
 * characters (Telegram's limit), and must never throw. Beyond that, each property states part of
 * the module's documented contract: an accepted value is well formed and reads back as itself; a
 * rejection names a message of locales/vi/validation.json and fills exactly its placeholders;
 * bounds only turn an otherwise accepted value into a range error; NFC/NFD, surrounding whitespace
 * and (where case mapping is lossless) letter case never change the reading; and valid answers
 * generated in every documented spelling are read as the value they spell.
 *
 * Used by test/fuzz/validator-fuzz.test.ts (few runs, inside `npm test`) and src/cli/fuzz.ts
 * (`npm run fuzz`, 10,000 runs per property).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { foldText, normalizeInput } from "../../src/text/fold-text.ts";
import { addDays, compareLocalDate, daysInMonth, formatLocalDate, isValidLocalDate, localDateFromIso, toIsoDate, type LocalDate } from "../../src/time/local-date.ts";
import { localDateInVietnam } from "../../src/time/vietnam-time.ts";
import { matchChoice, matchChoices, type ChoiceOption, type ChoicesMatch } from "../../src/validation/match-choice.ts";
import { MAX_OFFERED, matchUnit, type UnitEntry } from "../../src/validation/match-unit.ts";
import { CCCD_PROVINCE_CODES, parseCccd, type ParseCccdOptions } from "../../src/validation/parse-cccd.ts";
import { parseDate, type ParseDateOptions } from "../../src/validation/parse-date.ts";
import { parseInteger, type IntegerBounds } from "../../src/validation/parse-number.ts";
import { parsePersonName } from "../../src/validation/parse-person-name.ts";
import { DEFAULT_MOBILE_PREFIXES, parseVietnamesePhone } from "../../src/validation/parse-phone.ts";
import type { ParseResult, ValidationIssue } from "../../src/validation/parse-result.ts";
import { parseYesNo } from "../../src/validation/parse-yes-no.ts";
import { catalogueReading, unitIndex } from "../../src/validation/unit-index.ts";
import { FUZZ_NOW, type FuzzSetup } from "./engine-fuzz.ts";

/** "Today" in Vietnam at the fixed fuzz clock: 25/11/2026. */
const TODAY = localDateInVietnam(FUZZ_NOW);

const MESSAGES = JSON.parse(readFileSync(new URL("../../locales/vi/validation.json", import.meta.url), "utf8")) as Record<string, string>;

// ---------------------------------------------------------------------------------------------
// Text people might type

const VI_LETTERS = [..."aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"];
const WHITESPACE = [" ", " ", " ", "  ", "\t", "\n", "\r\n", "\u00A0", "\u2009", "\u3000"];
const PUNCTUATION = [...".,;:!?-/'’‘ʼ`()…–+#_\"«»"];
// Words the validators look for, so that random text is sometimes accepted.
const VI_WORDS = [
  "có", "không", "ạ", "đồng ý", "ừ", "vâng", "ok", "ngày", "tháng", "năm", "hôm nay", "hôm qua", "số", "chọn", "và", "xã",
  "phường", "thôn", "bản", "tiểu khu", "tk", "tdp", "tỉnh", "Hà Trung", "Tân Lập", "Kon Tum", "Nguyễn", "Thị", "Văn", "người",
  "hộ", "H'Hen", "Y-Moan", "Niê", "nông dân", "có lẽ", "không biết", "+84", "0912", "345", "678", "062", "1.407", "05/03/2024", "19",
];

const viLetter = fc.tuple(fc.constantFrom(...VI_LETTERS), fc.boolean()).map(([c, upper]) => (upper ? c.toUpperCase() : c));

const viUnit = fc.oneof(
  { arbitrary: viLetter, weight: 8 },
  { arbitrary: fc.constantFrom(..."0123456789"), weight: 2 },
  { arbitrary: fc.constantFrom(...WHITESPACE), weight: 3 },
  { arbitrary: fc.constantFrom(...PUNCTUATION), weight: 2 },
  { arbitrary: fc.constantFrom(...VI_WORDS), weight: 3 },
  // The Icelandic Eth, typed for Đ because it looks the same.
  { arbitrary: fc.constantFrom("\u00D0", "\u00F0"), weight: 1 },
);

/** Vietnamese-looking text, in NFC or NFD. */
const viText = fc.tuple(fc.string({ unit: viUnit, maxLength: 40 }), fc.boolean()).map(([s, nfd]) => (nfd ? s.normalize("NFD") : s));

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** A long message, up to Telegram's 4,096 characters: a pasted story, a repeated key. */
const longText = fc
  .tuple(fc.string({ unit: viUnit, minLength: 1, maxLength: 30 }), fc.integer({ min: 200, max: 4096 }))
  .map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n));

/** Anything at all, weighted towards Vietnamese. */
const anyText = fc.oneof(
  { arbitrary: viText, weight: 6 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: fc.oneof(fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), loneSurrogate), maxLength: 20 }), weight: 1 },
  { arbitrary: longText, weight: 1 },
);

const paddingArb = fc.constantFrom(" ", "\t", "\n", "\u00A0", "\u3000", " \r\n\t ");

/** Ways people write the same words. */
interface Respelling {
  letterCase: "same" | "upper" | "lower";
  /** Typed without diacritics. */
  plain: boolean;
  nfd: boolean;
  /** Ð / ð (U+00D0 / U+00F0) typed for Đ / đ. */
  eth: boolean;
}

const respellingArb: fc.Arbitrary<Respelling> = fc.record({
  letterCase: fc.constantFrom("same", "upper", "lower"),
  plain: fc.boolean(),
  nfd: fc.boolean(),
  eth: fc.boolean(),
});

function stripDiacritics(s: string): string {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFC");
}

function respell(text: string, how: Respelling): string {
  let s = how.letterCase === "upper" ? text.toUpperCase() : how.letterCase === "lower" ? text.toLowerCase() : text;
  if (how.plain) s = stripDiacritics(s);
  if (how.eth) s = s.replace(/Đ/g, "\u00D0").replace(/đ/g, "\u00F0");
  return how.nfd ? s.normalize("NFD") : s.normalize("NFC");
}

type Spacing = "same" | "none" | "wide" | "dashes";
const spacingArb = fc.constantFrom<Spacing>("same", "none", "wide", "dashes");

function respace(text: string, spacing: Spacing): string {
  if (spacing === "none") return text.replace(/ /g, "");
  if (spacing === "wide") return text.replace(/ /g, " \u00A0\t");
  return spacing === "dashes" ? text.replace(/ /g, " - ") : text;
}

/**
 * Upper- and lower-casing lose nothing and keep the length the validators count (NFC code points):
 * no "ß" → "SS", "ı" → "I", final sigma, or "ῆ" → "Η͂" (no precomposed capital). Vietnamese passes.
 */
function caseMappingIsLossless(s: string): boolean {
  const upper = s.toUpperCase();
  const lower = s.toLowerCase();
  const length = (t: string): number => [...t.normalize("NFC")].length;
  return upper.toLowerCase() === lower && lower.toUpperCase() === upper && length(upper) === length(s) && length(lower) === length(s);
}

/** Spellings a validator must not tell apart from `text`. */
function sameMeaning(text: string, pad: string): string[] {
  const spellings = [text.normalize("NFC"), text.normalize("NFD"), `${pad}${text}${pad}`];
  if (caseMappingIsLossless(text)) spellings.push(text.toUpperCase(), text.toLowerCase());
  return spellings;
}

/** Reads `text` and every spelling of it that means the same; all must agree (on `key`). */
function readAlike<R>(text: string, pad: string, read: (t: string) => R, key: (r: R) => unknown = (r) => r): R {
  const result = read(text);
  for (const spelling of sameMeaning(text, pad)) {
    assert.deepEqual(key(read(spelling)), key(result), `${JSON.stringify(spelling)} is read differently from ${JSON.stringify(text)}`);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Checking results

/** The issue is one the validator documents, has a Vietnamese message and fills exactly its placeholders. */
function assertIssue(issue: ValidationIssue, codes: readonly string[]): void {
  assert.ok(codes.includes(issue.code), `code ${issue.code} is not one of ${codes.join(", ")}`);
  const message = MESSAGES[issue.code];
  assert.ok(message !== undefined, `no message ${issue.code} in locales/vi/validation.json`);
  const placeholders = [...new Set(Array.from(message.matchAll(/\{(\w+)\}/g), (m) => m[1]))].sort();
  assert.deepEqual(Object.keys(issue.params ?? {}).sort(), placeholders, `params of ${issue.code}`);
}

function assertParseResult<T>(r: ParseResult<T>, errors: readonly string[], warnings: readonly string[] = []): void {
  if (!r.ok) return assertIssue(r.error, errors);
  if (r.warnings === undefined) return;
  assert.ok(r.warnings.length > 0, "an empty warnings list is left out");
  for (const w of r.warnings) assertIssue(w, warnings);
}

const asciiDigits = (s: string): string => s.replace(/[^0-9]/g, "");

// ---------------------------------------------------------------------------------------------
// Phone

const nationalNumber = fc
  .tuple(fc.constantFrom(...DEFAULT_MOBILE_PREFIXES), fc.stringMatching(/^[0-9]{7}$/))
  .map(([prefix, rest]) => prefix + rest);

const PHONE_TRUNKS = ["0", "+84", "84", "0084", "+84 ", "+84 (0) ", "+840", "(+84) "];

interface PhoneSpelling {
  trunk: string;
  /** Where the digits after the trunk are cut into groups. */
  cuts: number[];
  separator: string;
  /** "(091) 234 5678". */
  parenthesised: boolean;
}

const phoneSpelling = (trunks: readonly string[]): fc.Arbitrary<PhoneSpelling> =>
  fc.record({
    trunk: fc.constantFrom(...trunks),
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { maxLength: 4 }),
    separator: fc.constantFrom("", " ", ".", "-", " - ", "\u2013", "\u00A0", "  "),
    parenthesised: fc.boolean(),
  });

/** `digits` cut into groups at the positions `cuts` (in any order, out-of-range ones ignored). */
function groupDigits(digits: string, cuts: readonly number[]): string[] {
  const ends = [0, ...[...cuts].sort((a, b) => a - b).filter((c) => c < digits.length), digits.length];
  return ends.slice(1).map((end, i) => digits.slice(ends[i], end));
}

function spellPhone(digits: string, how: PhoneSpelling): string {
  const [first = "", ...others] = groupDigits(digits, how.cuts);
  const head = how.parenthesised ? `(${how.trunk}${first})` : `${how.trunk}${first}`;
  return [head, ...others].join(how.separator);
}

const phoneNoise = fc.stringMatching(/^(\+84|0084|84|0|\+84 \(0\))?[0-9 .()-]{6,16}$/);

const phoneAnyText = defineProperty("parse-phone: any text", () =>
  fc.property(fc.oneof(anyText, phoneNoise), paddingArb, (text, pad) => {
    const r = readAlike(text, pad, (t) => parseVietnamesePhone(t));
    assertParseResult(r, ["phone.invalid"]);
    if (!r.ok) return;
    assert.match(r.value, /^\+84[0-9]{9}$/);
    assert.ok(DEFAULT_MOBILE_PREFIXES.includes(r.value.slice(3, 5)), `${r.value} has no mobile prefix`);
    assert.ok(asciiDigits(text).endsWith(r.value.slice(3)), `${r.value} is not the number typed`);
    assert.deepEqual(parseVietnamesePhone(r.value), r);
  }),
);

const phoneTyped = defineProperty("parse-phone: typed mobile numbers", () =>
  fc.property(nationalNumber, phoneSpelling(PHONE_TRUNKS), paddingArb, (national, how, pad) => {
    assert.deepEqual(parseVietnamesePhone(`${pad}${spellPhone(national, how)}${pad}`), { ok: true, value: `+84${national}` });
  }),
);

const digits7 = fc.stringMatching(/^[0-9]{7}$/);
const notMobile = fc.oneof(
  // A two-digit prefix that is not a mobile one: landlines (02x), retired (01x), unassigned (095).
  fc
    .tuple(fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, "0")), digits7)
    .filter(([prefix]) => !DEFAULT_MOBILE_PREFIXES.includes(prefix))
    .map(([prefix, rest]) => prefix + rest),
  // A mobile prefix with a digit too few or too many.
  fc.tuple(fc.constantFrom(...DEFAULT_MOBILE_PREFIXES), fc.stringMatching(/^[0-9]{6}$|^[0-9]{8}$/)).map(([p, rest]) => p + rest),
);

const phoneRefused = defineProperty("parse-phone: landline, unknown prefix, wrong length", () =>
  fc.property(notMobile, phoneSpelling([...PHONE_TRUNKS, ""]), (digits, how) => {
    assert.deepEqual(parseVietnamesePhone(spellPhone(digits, how)), { ok: false, error: { code: "phone.invalid" } });
  }),
);

// ---------------------------------------------------------------------------------------------
// CCCD

// Digit 4 of a CCCD: the century of birth and the gender (even = NAM), as parse-cccd.ts documents.
const CENTURY_OF_DIGIT = [1900, 1900, 2000, 2000, 2100, 2100, 2200, 2200, 1800, 1800];
const PROVINCE_CODES = [...CCCD_PROVINCE_CODES.keys()];

function encodedBirth(cccd: string): { year: number; gender: "NAM" | "NU" } {
  const digit = Number(cccd[3]);
  return { year: (CENTURY_OF_DIGIT[digit] ?? Number.NaN) + Number(cccd.slice(4, 6)), gender: digit % 2 === 0 ? "NAM" : "NU" };
}

/** True when `opts` contradicts the birth year or gender the number encodes. */
function cccdMismatch(cccd: string, opts: ParseCccdOptions): boolean {
  const encoded = encodedBirth(cccd);
  return (opts.birthDate !== undefined && opts.birthDate.year !== encoded.year) || (opts.gender !== undefined && opts.gender !== encoded.gender);
}

const genderArb = fc.constantFrom<"NAM" | "NU">("NAM", "NU");
const cccdOptionsArb: fc.Arbitrary<ParseCccdOptions> = fc.record(
  { birthDate: fc.record({ year: fc.integer({ min: 1800, max: 2299 }) }), gender: genderArb },
  { requiredKeys: [] },
);

const cccdNoise = fc.oneof(
  fc.stringMatching(/^[0-9 .]{9,16}$/),
  fc.tuple(fc.constantFrom(...PROVINCE_CODES), fc.stringMatching(/^[0-9 .]{7,12}$/)).map(([code, rest]) => code + rest),
);

const cccdAnyText = defineProperty("parse-cccd: any text", () =>
  fc.property(fc.oneof(anyText, cccdNoise), cccdOptionsArb, paddingArb, (text, opts, pad) => {
    const r = readAlike(text, pad, (t) => parseCccd(t, opts));
    assertParseResult(r, ["cccd.length", "cccd.province"], ["cccd.mismatch"]);
    const typed = text.replace(/[\s.]/gu, "");
    if (!r.ok) {
      const rightLength = /^[0-9]{12}$/.test(typed);
      assert.equal(r.error.code, rightLength ? "cccd.province" : "cccd.length");
      return;
    }
    assert.equal(r.value, typed, "the value is what was typed, without spaces and dots");
    assert.ok(CCCD_PROVINCE_CODES.has(r.value.slice(0, 3)));
    assert.equal(r.warnings !== undefined, cccdMismatch(r.value, opts), "warns exactly on a birth year or gender mismatch");
    assert.deepEqual(parseCccd(r.value, opts), r);
  }),
);

/** A number and what parsing it must give. */
type CccdCase = { digits: string; expected: "ok" | "cccd.province" | "cccd.length" };

const cccdCase: fc.Arbitrary<CccdCase> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...PROVINCE_CODES), fc.integer({ min: 0, max: 9 }), fc.stringMatching(/^[0-9]{8}$/))
    .map(([code, digit, rest]) => ({ digits: `${code}${digit}${rest}`, expected: "ok" as const })),
  fc
    .tuple(fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, "0")), fc.stringMatching(/^[0-9]{9}$/))
    .filter(([code]) => !CCCD_PROVINCE_CODES.has(code))
    .map(([code, rest]) => ({ digits: code + rest, expected: "cccd.province" as const })),
  // The legacy 9-digit CMND, a digit missing or one too many.
  fc.stringMatching(/^[0-9]{9}$|^[0-9]{11}$|^[0-9]{13}$/).map((digits) => ({ digits, expected: "cccd.length" as const })),
);

/** Options that agree or disagree with the number on birth year and gender, or are missing. */
function cccdOptionsFor(cccd: string, year: boolean | null, gender: boolean | null, yearShift: number): ParseCccdOptions {
  const encoded = encodedBirth(cccd);
  const opts: ParseCccdOptions = {};
  if (year !== null) opts.birthDate = { year: year ? encoded.year : encoded.year + yearShift, month: 6, day: 15 };
  if (gender !== null) opts.gender = gender ? encoded.gender : encoded.gender === "NAM" ? "NU" : "NAM";
  return opts;
}

const cccdTyped = defineProperty("parse-cccd: typed numbers", () =>
  fc.property(
    cccdCase,
    fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 4 }),
    fc.constantFrom(" ", ".", "\u00A0", "\t", ". ", "  "),
    fc.option(fc.boolean()),
    fc.option(fc.boolean()),
    fc.integer({ min: 1, max: 150 }).chain((n) => fc.constantFrom(n, -n)),
    ({ digits, expected }, cuts, separator, year, gender, yearShift) => {
      const typed = groupDigits(digits, cuts).join(separator);
      const opts = cccdOptionsFor(digits, year, gender, yearShift);
      const r = parseCccd(typed, opts);
      if (expected !== "ok") return assert.deepEqual(r, { ok: false, error: { code: expected } });
      const warnings = year === false || gender === false ? [{ code: "cccd.mismatch" }] : undefined;
      assert.deepEqual(r, warnings ? { ok: true, value: digits, warnings } : { ok: true, value: digits });
    },
  ),
);

// ---------------------------------------------------------------------------------------------
// Dates

/** Bounds around the fixed today, `notBefore` never after `notAfter`. */
const dateOptionsArb: fc.Arbitrary<ParseDateOptions> = fc
  .tuple(fc.option(fc.integer({ min: -45_000, max: 400 })), fc.option(fc.integer({ min: -400, max: 400 })))
  .map(([before, after]) => {
    const opts: ParseDateOptions = { today: TODAY };
    if (before !== null) opts.notBefore = addDays(TODAY, after !== null ? Math.min(before, after) : before);
    if (after !== null) opts.notAfter = addDays(TODAY, after);
    return opts;
  });

const validDate: fc.Arbitrary<LocalDate> = fc.oneof(
  fc.integer({ min: -800, max: 800 }).map((n) => addDays(TODAY, n)),
  fc
    .record({
      year: fc.oneof(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1000, max: 9999 })),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
    })
    .map((d) => ({ ...d, day: Math.min(d.day, daysInMonth(d.year, d.month)) })),
);

/**
 * Bounds only filter: with them, a text reads as without them, or as the range error that the
 * date read without them deserves (`date.future` after `notAfter`, else `date.too_early`).
 */
function assertDateBounds(r: ParseResult<LocalDate>, unbounded: ParseResult<LocalDate>, opts: ParseDateOptions): void {
  const { notAfter, notBefore } = opts;
  const late = unbounded.ok && notAfter !== undefined && compareLocalDate(unbounded.value, notAfter) > 0;
  const early = unbounded.ok && !late && notBefore !== undefined && compareLocalDate(unbounded.value, notBefore) < 0;
  if (late && notAfter) assert.deepEqual(r, { ok: false, error: { code: "date.future", params: { max: formatLocalDate(notAfter) } } });
  else if (early && notBefore) assert.deepEqual(r, { ok: false, error: { code: "date.too_early", params: { min: formatLocalDate(notBefore) } } });
  else assert.deepEqual(r, unbounded);
}

const dateNoise = fc.oneof(
  fc.stringMatching(/^(ngày |Ngay )?[0-9]{1,3} ?[/.\-–] ?[0-9]{1,3} ?[/.\-–] ?[0-9]{1,5}[.!]?$/),
  fc.stringMatching(/^(ngày )?[0-9]{1,3} tháng [0-9]{1,3} năm [0-9]{1,5}$/),
);

const dateAnyText = defineProperty("parse-date: any text", () =>
  fc.property(fc.oneof(anyText, dateNoise), dateOptionsArb, paddingArb, (text, opts, pad) => {
    const r = readAlike(text, pad, (t) => parseDate(t, opts));
    assertParseResult(r, ["date.invalid", "date.future", "date.too_early"]);
    const unbounded = parseDate(text, { today: opts.today });
    assert.ok(unbounded.ok || unbounded.error.code === "date.invalid", "without bounds, the only error is date.invalid");
    assertDateBounds(r, unbounded, opts);
    if (!unbounded.ok) return;
    const d = unbounded.value;
    assert.ok(isValidLocalDate(d) && d.year >= 1000 && d.year <= 9999, `${JSON.stringify(d)} is not a real date of years 1000–9999`);
    assert.deepEqual(parseDate(formatLocalDate(d), { today: opts.today }), unbounded, "the date reads back from dd/mm/yyyy");
  }),
);

const DATE_SEPARATORS = ["/", "-", ".", "\u2013", "\u2010", "\u2212"];

interface DateSpelling {
  style: "numeric" | "long" | "today" | "yesterday";
  zeroPadded: boolean;
  separator: string;
  spacedSeparator: boolean;
  prefix: string;
  end: string;
  respelling: Respelling;
}

const dateSpellingArb: fc.Arbitrary<DateSpelling> = fc.record({
  style: fc.constantFrom("numeric", "long", "today", "yesterday"),
  zeroPadded: fc.boolean(),
  separator: fc.constantFrom(...DATE_SEPARATORS),
  spacedSeparator: fc.boolean(),
  prefix: fc.constantFrom("", "ngày ", "Ngày "),
  end: fc.constantFrom("", ".", "!", " .", "…"),
  respelling: respellingArb,
});

/** `date` as typed in one of the documented ways, with the date "hôm nay" / "hôm qua" stand for. */
function spellDate(date: LocalDate, how: DateSpelling): { text: string; date: LocalDate } {
  const n = (v: number): string => (how.zeroPadded ? String(v).padStart(2, "0") : String(v));
  const sep = how.spacedSeparator ? ` ${how.separator} ` : how.separator;
  const y = String(date.year);
  switch (how.style) {
    case "numeric":
      return { text: respell(how.prefix, how.respelling) + [n(date.day), n(date.month), y].join(sep) + how.end, date };
    case "long":
      return { text: respell(`${how.prefix}${n(date.day)} tháng ${n(date.month)} năm ${y}`, how.respelling) + how.end, date };
    case "today":
      return { text: respell("hôm nay", how.respelling) + how.end, date: TODAY };
    case "yesterday":
      return { text: respell("hôm qua", how.respelling) + how.end, date: addDays(TODAY, -1) };
  }
}

const dateTyped = defineProperty("parse-date: typed dates", () =>
  fc.property(validDate, dateSpellingArb, dateOptionsArb, paddingArb, (generated, how, opts, pad) => {
    const { text, date } = spellDate(generated, how);
    assert.deepEqual(parseDate(formatLocalDate(date), { today: TODAY }), { ok: true, value: date });
    assert.deepEqual(parseDate(`${pad}${text}${pad}`, opts), parseDate(formatLocalDate(date), opts));
  }),
);

/** Any day/month/yy, or one near today or near a hundred years ago, where the century flips. */
const twoDigitYearDate = fc.oneof(
  fc.record({ day: fc.integer({ min: 1, max: 31 }), month: fc.integer({ min: 1, max: 12 }), yy: fc.integer({ min: 0, max: 99 }) }),
  fc
    .tuple(fc.constantFrom(0, -100), fc.integer({ min: -40, max: 40 }))
    .map(([years, days]) => addDays({ ...TODAY, year: TODAY.year + years }, days))
    .map((d) => ({ day: d.day, month: d.month, yy: d.year % 100 })),
);

const dateTwoDigitYear = defineProperty("parse-date: two-digit years", () =>
  fc.property(
    twoDigitYearDate,
    fc.constantFrom(...DATE_SEPARATORS),
    fc.boolean(),
    ({ day, month, yy }, separator, zeroPadded) => {
      const n = (v: number): string => (zeroPadded ? String(v).padStart(2, "0") : String(v));
      const r = parseDate([n(day), n(month), String(yy).padStart(2, "0")].join(separator), { today: TODAY });
      // The one dd/mm/19yy or dd/mm/20yy within the last hundred years, today included.
      const hundredYearsAgo = { ...TODAY, year: TODAY.year - 100 };
      const candidate = [1900, 2000]
        .map((century) => ({ day, month, year: century + yy }))
        .find((d) => compareLocalDate(d, hundredYearsAgo) > 0 && compareLocalDate(d, TODAY) <= 0);
      assert.ok(candidate, "some century fits");
      assert.deepEqual(r, isValidLocalDate(candidate) ? { ok: true, value: candidate } : { ok: false, error: { code: "date.invalid" } });
    },
  ),
);

// ---------------------------------------------------------------------------------------------
// LocalDate helpers

/** The platform's proleptic Gregorian calendar (setUTCFullYear does not shift years 0–99). */
function platformDate(year: number, month: number, day: number): LocalDate {
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

const localDateIso = defineProperty("local-date: ISO text", () =>
  fc.property(fc.oneof(anyText, fc.stringMatching(/^-?[0-9]{4}-[0-9]{2}-[0-9]{2}$/)), validDate, (text, date) => {
    assert.deepEqual(localDateFromIso(toIsoDate(date)), date);
    let d: LocalDate;
    try {
      d = localDateFromIso(text);
    } catch (err) {
      assert.ok(err instanceof RangeError, `threw ${String(err)}, not a RangeError`);
      return;
    }
    assert.ok(isValidLocalDate(d), `${JSON.stringify(d)} is not a real date`);
    assert.equal(toIsoDate(d), text, "only canonical ISO dates are read");
  }),
);

const localDateCalendar = defineProperty("local-date: calendar arithmetic", () =>
  fc.property(
    fc.integer({ min: -270_000, max: 270_000 }),
    fc.integer({ min: -1, max: 14 }),
    fc.integer({ min: -1, max: 33 }),
    fc.integer({ min: -100_000, max: 100_000 }),
    (year, month, day, n) => {
      const d = { year, month, day };
      const real = compareLocalDate(platformDate(year, month, day), d) === 0;
      assert.equal(isValidLocalDate(d), real, `isValidLocalDate(${JSON.stringify(d)})`);
      assert.equal(isValidLocalDate({ ...d, day: day + 0.5 }), false);
      if (month >= 1 && month <= 12) assert.equal(daysInMonth(year, month), platformDate(year, month + 1, 0).day);
      if (real) assert.deepEqual(addDays(d, n), platformDate(year, month, day + n), `addDays(${JSON.stringify(d)}, ${n})`);
    },
  ),
);

// ---------------------------------------------------------------------------------------------
// Whole numbers

const integerBoundsArb: fc.Arbitrary<IntegerBounds> = fc
  .tuple(fc.option(fc.integer({ min: -1000, max: 100_000 })), fc.option(fc.integer({ min: 0, max: 100_000 })))
  .map(([min, span]) => {
    const bounds: IntegerBounds = {};
    if (min !== null) bounds.min = min;
    if (span !== null) bounds.max = (min ?? 0) + span;
    return bounds;
  });

/** Bounds only filter: out of bounds, the error names exactly the bounds that are set. */
function assertIntegerBounds(r: ParseResult<number>, unbounded: ParseResult<number>, { min, max }: IntegerBounds): void {
  const out = unbounded.ok && ((min !== undefined && unbounded.value < min) || (max !== undefined && unbounded.value > max));
  if (!out) return assert.deepEqual(r, unbounded);
  const params = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  const code = min !== undefined && max !== undefined ? "number.range" : min !== undefined ? "number.min" : "number.max";
  assert.deepEqual(r, { ok: false, error: { code, params } });
}

const UNIT_WORDS = ["người", "hộ", "NGƯỜI", "cá nhân", "tập thể", "ha", "hộ gia đình"];
const numberNoise = fc.stringMatching(/^[+-]?[0-9.,]{1,16}( ?(người|hộ|NGƯỜI|ha))?[.!]?$/);

const numberAnyText = defineProperty("parse-number: any text", () =>
  fc.property(fc.oneof(anyText, numberNoise), integerBoundsArb, paddingArb, (text, bounds, pad) => {
    const r = readAlike(text, pad, (t) => parseInteger(t, bounds));
    assertParseResult(r, ["number.invalid", "number.range", "number.min", "number.max"]);
    const unbounded = parseInteger(text);
    assert.ok(unbounded.ok || unbounded.error.code === "number.invalid", "without bounds, the only error is number.invalid");
    assertIntegerBounds(r, unbounded, bounds);
    if (!unbounded.ok) return;
    assert.ok(Number.isSafeInteger(unbounded.value) && !Object.is(unbounded.value, -0), `${unbounded.value} is not a safe integer`);
    assert.deepEqual(parseInteger(String(unbounded.value)), unbounded, "the value reads back");
  }),
);

/** `n` with its thousands grouped by `separator`: 1407 → "1.407". */
function groupThousands(n: number, separator: string): string {
  return (n < 0 ? "-" : "") + String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, separator);
}

const numberTyped = defineProperty("parse-number: typed integers", () =>
  fc.property(
    fc.oneof(fc.integer({ min: -2000, max: 200_000 }), fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER })),
    fc.constantFrom("", ".", ","),
    fc.boolean(),
    fc.option(fc.tuple(fc.constantFrom(...UNIT_WORDS), fc.constantFrom("", " ", "  "), fc.boolean())),
    fc.constantFrom("", ".", "!", " .", "…"),
    integerBoundsArb,
    paddingArb,
    (n, separator, plus, unit, end, bounds, pad) => {
      const number = (plus && n >= 0 ? "+" : "") + groupThousands(n, separator);
      const word = unit === null ? "" : unit[1] + (unit[2] ? unit[0].normalize("NFD") : unit[0]);
      const value = n === 0 ? 0 : n;
      assert.deepEqual(parseInteger(String(n)), { ok: true, value });
      assert.deepEqual(parseInteger(`${pad}${number}${word}${end}${pad}`, bounds), parseInteger(String(n), bounds));
    },
  ),
);

const groupedNumber = fc
  .tuple(
    fc.constantFrom("", "-", "+"),
    fc.array(fc.stringMatching(/^[0-9]{1,4}$/), { minLength: 2, maxLength: 5 }),
    fc.constantFrom(".", ","),
    fc.constantFrom("", " người", " hộ"),
  )
  .map(([sign, groups, separator, unit]) => ({ number: sign + groups.join(separator), separator, unit }));

const numberGrouping = defineProperty("parse-number: thousands grouping is canonical", () =>
  fc.property(groupedNumber, ({ number, separator, unit }) => {
    const r = parseInteger(number + unit);
    assertParseResult(r, ["number.invalid"]);
    // Grouped digits are read only as the number they group: "0,500" is a decimal, not 500.
    if (r.ok) assert.equal(number.replace(/^\+/, ""), groupThousands(r.value, separator), `${JSON.stringify(number)} read as ${r.value}`);
  }),
);

// ---------------------------------------------------------------------------------------------
// Person names

function assertTitleCase(part: string): void {
  const [first = "", ...rest] = [...part];
  assert.match(first, /^\p{L}$/u, `${JSON.stringify(part)} does not start with a letter`);
  assert.ok(first === first.toUpperCase() || [...first.toUpperCase()].length > 1, `${JSON.stringify(part)} does not start upper-case`);
  const tail = rest.join("");
  assert.equal(tail, tail.toLowerCase(), `${JSON.stringify(part)} is not lower-case after its first letter`);
}

const nameAnyText = defineProperty("parse-person-name: any text", () =>
  fc.property(anyText, paddingArb, (text, pad) => {
    const r = readAlike(text, pad, parsePersonName);
    assertParseResult(r, ["name.invalid"], ["name.single_word"]);
    if (!r.ok) return;
    const name = r.value;
    assert.equal(name, normalizeInput(name), "NFC, single spaces, trimmed");
    assert.ok([...name].length >= 2 && [...name].length <= 100, `${JSON.stringify(name)}: length`);
    assert.match(name, /^[\p{L}\p{M}' -]+$/u);
    for (const part of name.split(/[ '-]/)) assertTitleCase(part);
    assert.deepEqual(r.warnings, name.includes(" ") ? undefined : [{ code: "name.single_word" }]);
    assert.deepEqual(parsePersonName(name), r, "idempotent");
  }),
);

const namePart = fc.array(viLetter, { minLength: 1, maxLength: 7 }).map((letters) => letters.join(""));
// "H'Hen", "Y-Moan", typed with any of the apostrophes people use.
const nameWord = fc
  .tuple(namePart, fc.array(fc.tuple(fc.constantFrom("'", "’", "‘", "ʼ", "`", "-"), namePart), { maxLength: 2 }))
  .map(([head, tail]) => head + tail.map(([joiner, part]) => joiner + part).join(""));

const titleCase = (part: string): string => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase();

/** The tidy form of a name the generator built from Vietnamese letters. */
function tidyName(words: readonly string[]): string {
  return words.map((w) => w.replace(/[’‘ʼ`]/g, "'").split(/(['-])/).map(titleCase).join("")).join(" ");
}

const nameVietnamese = defineProperty("parse-person-name: Vietnamese names typed any way", () =>
  fc.property(
    fc.array(nameWord, { minLength: 1, maxLength: 6 }),
    fc.constantFrom(" ", "  ", "\t", " \u00A0", "\n"),
    fc.boolean(),
    fc.boolean(),
    paddingArb,
    (words, space, nfd, eth, pad) => {
      let typed = words.join(space);
      if (eth) typed = typed.replace(/Đ/g, "\u00D0").replace(/đ/g, "\u00F0");
      const r = parsePersonName(`${pad}${nfd ? typed.normalize("NFD") : typed}${pad}`);
      const name = tidyName(words);
      const length = [...name].length;
      if (length < 2 || length > 100) return assert.deepEqual(r, { ok: false, error: { code: "name.invalid" } });
      assert.deepEqual(r, words.length > 1 ? { ok: true, value: name } : { ok: true, value: name, warnings: [{ code: "name.single_word" }] });
    },
  ),
);

// ---------------------------------------------------------------------------------------------
// Yes / no

// The words parse-yes-no.ts documents.
const YES_WORDS = ["có", "co", "c", "yes", "y", "ok", "oke", "okay", "đồng ý", "dong y", "ừ", "u", "vâng", "dạ", "đúng"];
const NO_WORDS = ["không", "khong", "ko", "k", "kg", "khg", "no", "n", "không đồng ý"];
const FOLDED_ANSWERS = new Map<string, boolean>([...YES_WORDS.map((w) => [foldText(w), true] as const), ...NO_WORDS.map((w) => [foldText(w), false] as const)]);

const yesNoAnyText = defineProperty("parse-yes-no: any text", () =>
  fc.property(anyText, paddingArb, (text, pad) => {
    const r = readAlike(text, pad, parseYesNo);
    assertParseResult(r, ["yesno.invalid"]);
    if (!r.ok) return;
    // Only the documented words, with a polite "ạ" at most.
    assert.equal(FOLDED_ANSWERS.get(foldText(text).replace(/ a$/, "")), r.value, `${JSON.stringify(text)} is not a documented answer`);
  }),
);

const yesNoWords = defineProperty("parse-yes-no: documented answers typed any way", () =>
  fc.property(
    fc.oneof(fc.constantFrom(...YES_WORDS).map((w) => [w, true] as const), fc.constantFrom(...NO_WORDS).map((w) => [w, false] as const)),
    respellingArb,
    fc.constantFrom("", "\"", "(", "- "),
    fc.constantFrom("", " ạ", " Ạ", " a"),
    fc.constantFrom("", "!", ".", "...", "!!", "?", " !", "…", ")"),
    paddingArb,
    ([word, yes], how, before, polite, after, pad) => {
      assert.deepEqual(parseYesNo(`${pad}${before}${respell(word + polite, how)}${after}${pad}`), { ok: true, value: yes });
    },
  ),
);

// ---------------------------------------------------------------------------------------------
// Choices, over the real option lists

interface OptionList {
  name: string;
  options: ChoiceOption[];
}

/** Every list the flow engine matches answers against: step options, awards, units, the council queue. */
function optionLists({ flows, ctx }: FuzzSetup): OptionList[] {
  const fromSteps = flows.flatMap((flow) =>
    flow.steps.flatMap((step) =>
      step.kind === "choice" || step.kind === "multi-choice"
        ? [
            {
              name: `${flow.id} ${step.id}`,
              options: step.options.map((o) => ({ value: o.value, labels: [o.label.vi, ...(o.label.en ? [o.label.en] : []), ...(o.aliases ?? [])] })),
            },
          ]
        : [],
    ),
  );
  return [
    ...fromSteps,
    { name: "awards", options: ctx.awards.map((a) => ({ value: a.code, labels: [a.name] })) },
    { name: "units", options: ctx.units.map((u) => ({ value: u.id, labels: [u.label] })) },
    { name: "queue", options: (ctx.queue ?? []).map((d) => ({ value: d.code, labels: [d.label] })) },
  ].filter((list) => list.options.length > 0);
}

/** Random text made of the lists' own words, numbers and separators. */
function wordSoup(lists: readonly OptionList[]): fc.Arbitrary<string> {
  const words = [...new Set(lists.flatMap((l) => l.options.flatMap((o) => [o.value, ...o.labels.flatMap((label) => label.split(" "))])))];
  const piece = fc.oneof(fc.constantFrom(...words), fc.constantFrom(",", ";", "và", "va", "số", "1", "2", "3", "12", "0"));
  return fc.array(piece, { minLength: 1, maxLength: 6 }).map((pieces) => pieces.join(" "));
}

/** Several values are distinct offered values, in option order. */
function assertInOptionOrder(values: readonly string[], list: OptionList): void {
  const positions = values.map((v) => list.options.findIndex((o) => o.value === v));
  assert.ok(positions.every((p) => p >= 0), `${JSON.stringify(values)} are not all offered`);
  assert.ok(positions.every((p, i) => i === 0 || p > (positions[i - 1] ?? -1)), `${JSON.stringify(values)} are not distinct in option order`);
}

const withoutToken = (r: ChoicesMatch): unknown => (r.kind === "ambiguous" ? { kind: r.kind, values: r.values } : r.kind === "none" ? { kind: r.kind } : r);

const choiceAnyText = defineProperty("match-choice: any text", (setup) => {
  const lists = optionLists(setup);
  return fc.property(fc.constantFrom(...lists), fc.oneof(anyText, wordSoup(lists)), paddingArb, (list, text, pad) => {
    const one = readAlike(text, pad, (t) => matchChoice(t, list.options));
    if (one.kind === "match") assertInOptionOrder([one.value], list);
    if (one.kind === "ambiguous") {
      assert.ok(one.values.length > 1, "ambiguous between several options");
      assertInOptionOrder(one.values, list);
    }
    const many = readAlike(text, pad, (t) => matchChoices(t, list.options), withoutToken);
    if (many.kind === "match") {
      assert.ok(many.values.length > 0 && new Set(many.values).size === many.values.length, `${JSON.stringify(many.values)}`);
      assert.ok(many.values.every((v) => list.options.some((o) => o.value === v)), "only offered values");
      return;
    }
    assert.ok(normalizeInput(text).includes(many.token), `the token ${JSON.stringify(many.token)} is part of the answer`);
    if (many.kind === "ambiguous") {
      assert.ok(many.values.length > 1, "ambiguous between several options");
      assertInOptionOrder(many.values, list);
    }
  });
});

const NUMBER_FORMS = ["{n}", "{n}.", "số {n}", "Số {n}", "so {n}", "chọn {n}", "#{n}", "lựa chọn {n}", "({n})"];

/** How one option is named: by number, by its stored value, or by one of its labels respelled. */
type Naming = { by: "number"; form: string } | { by: "value" } | { by: "label"; pick: number; respelling: Respelling; spacing: Spacing };

const namingArb: fc.Arbitrary<Naming> = fc.oneof(
  { arbitrary: fc.record({ by: fc.constant("number" as const), form: fc.constantFrom(...NUMBER_FORMS) }), weight: 1 },
  { arbitrary: fc.record({ by: fc.constant("value" as const) }), weight: 1 },
  { arbitrary: fc.record({ by: fc.constant("label" as const), pick: fc.nat(), respelling: respellingArb, spacing: spacingArb }), weight: 3 },
);

function nameOption(list: OptionList, index: number, naming: Naming): string {
  const option = list.options[index];
  assert.ok(option, `no option ${index}`);
  if (naming.by === "number") return naming.form.replace("{n}", String(index + 1));
  if (naming.by === "value") return option.value;
  const label = option.labels[naming.pick % option.labels.length] ?? option.value;
  return respace(respell(label, naming.respelling), naming.spacing);
}

const choiceTyped = defineProperty("match-choice: options named any way", (setup) => {
  const lists = optionLists(setup);
  return fc.property(fc.constantFrom(...lists), fc.nat(), namingArb, paddingArb, (list, pick, naming, pad) => {
    const i = pick % list.options.length;
    const typed = nameOption(list, i, naming);
    assert.deepEqual(matchChoice(`${pad}${typed}${pad}`, list.options), { kind: "match", value: list.options[i]?.value }, `typed ${JSON.stringify(typed)}`);
  });
});

/** The folded keys an option is known by, with and without spaces. */
function optionKeys(option: ChoiceOption): string[] {
  return [option.value, ...option.labels].map(foldText).flatMap((k) => [k, k.replace(/ /g, "")]);
}

const choicePrefix = defineProperty("match-choice: the start of a label", (setup) => {
  const lists = optionLists(setup);
  return fc.property(fc.constantFrom(...lists), fc.nat(), fc.nat(), fc.nat(), (list, pick, labelPick, cut) => {
    const option = list.options[pick % list.options.length];
    assert.ok(option);
    const folded = [...foldText(option.labels[labelPick % option.labels.length] ?? "")];
    if (folded.length < 3) return;
    // At least 3 characters count once folded: "tu " is only "tu".
    const typed = folded.slice(0, 3 + (cut % (folded.length - 2))).join("").trimEnd();
    if ([...typed].length < 3) return;
    const r = matchChoice(typed, list.options);
    assert.notEqual(r.kind, "none", `${JSON.stringify(typed)} finds nothing`);
    const values = r.kind === "match" ? [r.value] : r.kind === "ambiguous" ? r.values : [];
    if (values.includes(option.value)) return;
    // Otherwise an exact label won over the partial one.
    const exact = foldText(typed);
    for (const v of values) {
      const other = list.options.find((o) => o.value === v);
      assert.ok(other && optionKeys(other).includes(exact.replace(/ /g, "")), `${JSON.stringify(typed)} found ${v} but not ${option.value}`);
    }
  });
});

const hasSeparator = (typed: string): boolean => /[,;]|(?:^|\s)(?:và|va)(?:\s|$)/iu.test(normalizeInput(typed));

const choicesSubsets = defineProperty("match-choice: multiple choices named any way", (setup) => {
  const lists = optionLists(setup);
  return fc.property(
    fc.constantFrom(...lists),
    fc.array(fc.tuple(fc.nat(), namingArb), { minLength: 1, maxLength: 5 }),
    fc.constantFrom(",", ", ", " , ", ";", "; ", " và ", " va ", " VÀ ", " "),
    paddingArb,
    (list, picks, separator, pad) => {
      const named = picks.map(([pick, naming]) => {
        const i = pick % list.options.length;
        // A label with a comma or "và" of its own is named by its number in a list.
        const typed = nameOption(list, i, naming);
        return { i, typed: hasSeparator(typed) ? String(i + 1) : typed };
      });
      // Only bare numbers may be separated by spaces alone.
      const sep = separator === " " && !named.every((n) => /^\d+$/.test(n.typed)) ? ", " : separator;
      const typed = named.map((n) => n.typed).join(sep);
      const values = [...new Set(named.map((n) => list.options[n.i]?.value ?? ""))];
      assert.deepEqual(matchChoices(`${pad}${typed}${pad}`, list.options), { kind: "match", values }, `typed ${JSON.stringify(typed)}`);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Administrative units, over the real catalogue

// The abbreviations match-unit.ts documents, by folded type word.
const UNIT_ABBREVIATIONS: Record<string, readonly string[]> = {
  xa: ["x", "x.", "X."],
  phuong: ["p", "p.", "P."],
  "thi tran": ["tt", "TT"],
  "tieu khu": ["tk", "TK"],
  "to dan pho": ["tdp", "TDP"],
  tinh: ["t.", "T."],
  huyen: ["h."],
  quan: ["q."],
  "thi xa": ["tx"],
  "thanh pho": ["tp", "TP."],
};

/** A unit's name without its own leading type word: "Tiểu khu 2" → "2", "Hà Trung" → "Hà Trung". */
function bareName(unit: UnitEntry): string {
  const type = unit.localTypeName ?? "";
  const own = type !== "" && foldText(unit.name).startsWith(`${foldText(type)} `);
  return own ? unit.name.slice(type.length).trim() : unit.name;
}

/** The key two units of the same bare name share: "Tiểu khu 02" and "Tổ dân phố 2" are both "2". */
const bareKey = (unit: UnitEntry): string => foldText(bareName(unit)).replace(/ /g, "").replace(/(^|\D)0+(?=\d)/g, "$1");

interface UnitSpelling {
  /** 0: bare name; 1: with the local type word; 2+: with an abbreviation. */
  typeWord: number;
  glued: boolean;
  leadingZero: boolean;
  squeezed: boolean;
  respelling: Respelling;
}

const unitSpellingArb: fc.Arbitrary<UnitSpelling> = fc.record({
  typeWord: fc.nat(5),
  glued: fc.boolean(),
  leadingZero: fc.boolean(),
  squeezed: fc.boolean(),
  respelling: respellingArb,
});

/**
 * `unit` as people name it: "tk2", "Tiểu khu 02", "x. Hà Trung", "HaTrung", "xã hà trung";
 * `typed` tells whether a type word or abbreviation was typed.
 */
function spellUnit(unit: UnitEntry, how: UnitSpelling): { text: string; typed: boolean } {
  let name = bareName(unit);
  if (how.leadingZero) name = name.replace(/^\d+$/, "0$&");
  if (how.squeezed) name = name.replace(/ /g, "");
  name = respell(name, how.respelling);
  const type = unit.localTypeName ?? "";
  const forms = ["", type && `${respell(type, how.respelling)} `, ...(UNIT_ABBREVIATIONS[foldText(type)] ?? []).map((a) => `${a} `)];
  const prefix = forms[how.typeWord % forms.length] ?? "";
  // An abbreviation may be glued to a number: "tk2", "tdp03".
  const glued = how.glued && /^[a-z]+ $/i.test(prefix) && /^\d/.test(name);
  return { text: glued ? prefix.trim() + name : prefix + name, typed: prefix !== "" };
}

const unitAnyText = defineProperty("match-unit: any text", ({ ctx }) => {
  const units = ctx.units;
  const words = [...new Set(units.flatMap((u) => [...u.name.split(" "), ...(u.localTypeName ?? "").split(" ")]))];
  const soup = fc
    .array(fc.oneof(fc.constantFrom(...words), fc.constantFrom(",", ";", "x.", "tk", "tdp2", "02", "xã", "h", "t")), { minLength: 1, maxLength: 6 })
    .map((pieces) => pieces.join(" "));
  const ids = units.map((u) => u.id);
  return fc.property(fc.oneof(anyText, soup), paddingArb, (text, pad) => {
    const r = readAlike(text, pad, (t) => matchUnit(t, units));
    if (r.kind === "match") assert.ok(ids.includes(r.id), `${r.id} is not in the catalogue`);
    // Best first, not in catalogue order: only distinct ids of the catalogue, a few at most.
    if (r.kind === "ambiguous") {
      assert.ok(r.ids.length > 1 && r.ids.length <= MAX_OFFERED && new Set(r.ids).size === r.ids.length, `${JSON.stringify(r.ids)}`);
      assert.ok(r.ids.every((id) => ids.includes(id)), `${JSON.stringify(r.ids)}`);
    }
  });
});

const unitMisspelt = defineProperty("unit-index: a name one edit away", ({ ctx }) => {
  const index = unitIndex(ctx.units);
  // Keys of 4 letters or more without digits: those a misspelling may find.
  const named = ctx.units.flatMap((unit) => catalogueReading(unit).keys.filter((k) => k.length >= 4 && !/\d/.test(k)).map((key) => ({ unit, key })));
  const edit = fc.record({ how: fc.constantFrom("insert", "delete", "replace", "swap"), at: fc.nat(), letter: fc.constantFrom(..."abcdeghiklmnopqrstuvxy") });
  return fc.property(fc.constantFrom(...named), edit, ({ unit, key }, { how, at, letter }) => {
    const i = at % (key.length - 1);
    const typed =
      how === "insert" ? key.slice(0, i) + letter + key.slice(i)
      : how === "delete" ? key.slice(0, i) + key.slice(i + 1)
      : how === "replace" ? key.slice(0, i) + letter + key.slice(i + 1)
      : key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
    const hits = index.find([typed], "fuzzy");
    if (typed.length >= 4) assert.ok(hits.some((h) => h.entry.unit.id === unit.id), `${JSON.stringify(typed)} does not find ${unit.id} (${key})`);
    else assert.deepEqual(hits.filter((h) => h.distance > 0), [], `${JSON.stringify(typed)} is too short to guess from`);
    for (const h of hits) assert.ok(h.distance <= (typed.length >= 8 ? 2 : 1), `${JSON.stringify(typed)} finds ${h.entry.unit.id} ${h.distance} edits away`);
  });
});

const unitTyped = defineProperty("match-unit: units named any way", ({ ctx }) => {
  const units = ctx.units;
  return fc.property(
    fc.constantFrom(...units),
    unitSpellingArb,
    unitSpellingArb,
    fc.constantFrom(null, ", ", ",", "; ", " , ", " "),
    paddingArb,
    (unit, how, parentHow, separator, pad) => {
      const parent = units.find((u) => u.name === unit.parentName);
      const withParent = separator !== null && parent !== undefined;
      const name = spellUnit(unit, how);
      const typed = name.text + (withParent ? separator + spellUnit(parent, parentHow).text : "");
      const r = matchUnit(`${pad}${typed}${pad}`, units);
      // Only units of the same bare name (and kind, and parent, when named) are as good a match.
      const sameKind = (u: UnitEntry): boolean => foldText(u.localTypeName ?? "") === foldText(unit.localTypeName ?? "");
      const namesakes = units
        .filter((u) => bareKey(u) === bareKey(unit) && (!name.typed || sameKind(u)) && (!withParent || u.parentName === unit.parentName))
        .map((u) => u.id);
      const found = r.kind === "match" ? [r.id] : r.kind === "ambiguous" ? r.ids : [];
      assert.ok(found.includes(unit.id), `${JSON.stringify(typed)} does not find ${unit.id}: ${JSON.stringify(r)}`);
      assert.ok(found.every((id) => namesakes.includes(id)), `${JSON.stringify(typed)} also finds others: ${JSON.stringify(r)}`);
      if (namesakes.length === 1) assert.deepEqual(r, { kind: "match", id: unit.id });
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Running

interface ValidatorProperty {
  name: string;
  /** Runs the property; the failure report with the shrunk counterexample, or undefined. */
  check(setup: FuzzSetup, numRuns: number, seed: number | undefined): string | undefined;
}

function defineProperty<Ts extends [unknown, ...unknown[]]>(name: string, build: (setup: FuzzSetup) => fc.IPropertyWithHooks<Ts>): ValidatorProperty {
  return {
    name,
    check: (setup, numRuns, seed) => {
      const details = fc.check(build(setup), { numRuns, ...(seed !== undefined ? { seed } : {}) });
      if (!details.failed) return undefined;
      const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      return `${fc.defaultReportMessage(details)}\n${error}`;
    },
  };
}

/** One or more properties per module of src/validation/, each named after its module. */
export const VALIDATOR_PROPERTIES: readonly ValidatorProperty[] = [
  phoneAnyText,
  phoneTyped,
  phoneRefused,
  cccdAnyText,
  cccdTyped,
  dateAnyText,
  dateTyped,
  dateTwoDigitYear,
  localDateIso,
  localDateCalendar,
  numberAnyText,
  numberTyped,
  numberGrouping,
  nameAnyText,
  nameVietnamese,
  yesNoAnyText,
  yesNoWords,
  choiceAnyText,
  choiceTyped,
  choicePrefix,
  choicesSubsets,
  unitAnyText,
  unitTyped,
  unitMisspelt,
];

export const VALIDATOR_PROPERTY_NAMES: readonly string[] = VALIDATOR_PROPERTIES.map((p) => p.name);

export interface ValidatorFuzzReport {
  property: string;
  numRuns: number;
  ms: number;
  failed: boolean;
  /** fast-check's report: seed, path, shrunk counterexample and the violated assertion. */
  message?: string;
}

/** Runs one property; never throws, the failure is in the report. */
export function runValidatorFuzz(setup: FuzzSetup, property: string, numRuns: number, seed?: number): ValidatorFuzzReport {
  const found = VALIDATOR_PROPERTIES.find((p) => p.name === property);
  if (!found) throw new Error(`no validator property ${property}`);
  const started = performance.now();
  const message = found.check(setup, numRuns, seed);
  const report: ValidatorFuzzReport = { property, numRuns, ms: performance.now() - started, failed: message !== undefined };
  if (message !== undefined) report.message = message;
  return report;
}

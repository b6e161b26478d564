/**
 * Property-based fuzzing of src/text/normalize-inbound-text.ts, the normaliser every channel's
 * text passes through before it is read or stored. Fed arbitrary UTF-16 (lone surrogates
 * included), hostile mixes of controls, escape sequences and bidi overrides, and Vietnamese in NFC
 * and NFD, each function must return text with none of what it removes, in NFC, unchanged by a
 * second pass.
 *
 * Used by test/fuzz/inbound-text-fuzz.test.ts (few runs, inside `npm test`) and src/cli/fuzz.ts
 * (`npm run fuzz`, 10,000 runs per property).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { MAX_FILE_NAME_LENGTH, normalizeInboundText, sanitizeFileName, terminalSafeText } from "../../src/text/normalize-inbound-text.ts";

/** Pieces an attacker (or a copy from a PDF) puts into text. */
const HOSTILE = [
  "\u0000", "\u0001", "\u0007", "\b", "\u000B", "\f", "\r", "\r\n", "\n", "\t", "\u001B", "\u001B[31m", "\u001B[2J", "\u001B]0;title\u0007",
  "\u001B]8;;http://x\u001B\\", "\u007F", "\u0085", "\u009B", "\u009B31m", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067",
  "\u2068", "\u2069", "\u200E", "\u200F", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uD83D\uDE00", "\u0301", "\u0323", "\u0306", "/", "\\", "..",
  ".", ":", "*", "?", "\"", "<", ">", "|", " ", "\u00A0", "\uFEFF", "\u0110", "\u00D0",
];
const VI = ["Nguyễn Thị Hoa", "Đặng Văn Hùng", "cứu người", "hồ sơ.pdf", "bao-cao.jpg", "Tiểu khu 2", "anh Hùng"];

/** Arbitrary UTF-16, Vietnamese (sometimes decomposed) and hostile pieces, mixed. */
const text: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 12 }),
      fc.constantFrom(...HOSTILE),
      fc.constantFrom(...VI).chain((s) => fc.constantFrom(s, s.normalize("NFD"))),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(""));
/** Sometimes longer than a file name may be. */
const fileName = fc.oneof(text, fc.tuple(fc.string({ minLength: 100, maxLength: 300 }), fc.constantFrom(".pdf", ".jpeg", "", ".x\u202Eexe")).map(([a, b]) => a + b));

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL_EXCEPT_NEWLINE_TAB = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

function assertClean(out: string, allowed: "newline-tab" | "none"): void {
  assert.equal(out.normalize("NFC"), out, "not NFC");
  assert.doesNotMatch(out, LONE_SURROGATE, "lone surrogate");
  assert.doesNotMatch(out, CONTROL_EXCEPT_NEWLINE_TAB, "control character");
  assert.doesNotMatch(out, BIDI, "bidi control");
  if (allowed === "none") assert.doesNotMatch(out, /[\n\t]/, "newline or tab");
}

interface InboundTextProperty {
  name: string;
  check(numRuns: number, seed?: number): string | undefined;
}

function property<T>(name: string, arb: fc.Arbitrary<T>, predicate: (value: T) => void): InboundTextProperty {
  return {
    name,
    check(numRuns, seed) {
      const details = fc.check(fc.property(arb, predicate), { numRuns, ...(seed !== undefined ? { seed } : {}) });
      return details.failed ? fc.defaultReportMessage(details) : undefined;
    },
  };
}

export const INBOUND_TEXT_PROPERTIES: readonly InboundTextProperty[] = [
  property("normalize-inbound-text:clean-and-idempotent", text, (s) => {
    const out = normalizeInboundText(s);
    assertClean(out, "newline-tab");
    assert.doesNotMatch(out, /\r/, "carriage return");
    assert.equal(normalizeInboundText(out), out, "a second pass changed it");
  }),
  property("normalize-inbound-text:keeps-plain-text", fc.constantFrom(...VI).chain((s) => fc.constantFrom(s, s.normalize("NFD"))), (s) => {
    assert.equal(normalizeInboundText(s), s.normalize("NFC"));
  }),
  property("normalize-inbound-text:file-name", fileName, (s) => {
    const out = sanitizeFileName(s);
    if (out === undefined) return;
    assertClean(out, "none");
    assert.doesNotMatch(out, /[/\\<>:"|?*]/, "path separator or reserved character");
    assert.doesNotMatch(out, /^[.\s]/u, "leading dot or space");
    assert.ok(Array.from(out).length <= MAX_FILE_NAME_LENGTH, "too long");
    assert.equal(sanitizeFileName(out), out, "a second pass changed it");
  }),
  property("normalize-inbound-text:terminal", text, (s) => {
    const out = terminalSafeText(s);
    assertClean(out, "none");
    assert.doesNotMatch(out, /\u001B/, "escape");
    assert.equal(terminalSafeText(out), out, "a second pass changed it");
  }),
];

export const INBOUND_TEXT_PROPERTY_NAMES: readonly string[] = INBOUND_TEXT_PROPERTIES.map((p) => p.name);

export interface InboundTextFuzzReport {
  property: string;
  numRuns: number;
  ms: number;
  failed: boolean;
  /** fast-check's report: seed, path, shrunk counterexample and the violated assertion. */
  message?: string;
}

export function runInboundTextFuzz(property: string, numRuns: number, seed?: number): InboundTextFuzzReport {
  const found = INBOUND_TEXT_PROPERTIES.find((p) => p.name === property);
  if (!found) throw new Error(`no inbound text property ${property}`);
  const started = performance.now();
  const message = found.check(numRuns, seed);
  const report: InboundTextFuzzReport = { property, numRuns, ms: performance.now() - started, failed: message !== undefined };
  if (message !== undefined) report.message = message;
  return report;
}

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const load = (lang: string): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`../../locales/${lang}/validation.json`, import.meta.url), "utf8")) as Record<string, string>;

const vi = load("vi");
const en = load("en");
const placeholders = (message: string): string[] => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "").sort();

// Every code the validators emit, with the params each passes.
const emitted: Record<string, string[]> = {
  "date.invalid": [],
  "date.future": ["max"],
  "date.too_early": ["min"],
  "phone.invalid": [],
  "cccd.length": [],
  "cccd.province": [],
  "cccd.mismatch": [],
  "yesno.invalid": [],
  "number.invalid": [],
  "number.range": ["max", "min"],
  "number.min": ["min"],
  "number.max": ["max"],
  "name.invalid": [],
  "name.single_word": [],
};

describe("locales/*/validation.json", () => {
  it("has a Vietnamese message for every emitted code and nothing else", () => {
    expect(Object.keys(vi).sort()).toEqual(Object.keys(emitted).sort());
  });

  it("has the same keys in English as in Vietnamese", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
  });

  it("uses exactly the placeholders each code's params fill", () => {
    for (const [code, params] of Object.entries(emitted)) {
      expect([...new Set(placeholders(vi[code] ?? ""))], `vi ${code}`).toEqual(params);
      expect([...new Set(placeholders(en[code] ?? ""))], `en ${code}`).toEqual(params);
    }
  });

  it("has non-empty Vietnamese messages with Vietnamese text", () => {
    for (const message of Object.values(vi)) {
      expect(message.length).toBeGreaterThan(20);
      expect(message).toMatch(/[àáảãạăâđèéêìíòóôơùúưỳý]/iu);
    }
  });
});

/** The shape and randomness of invitation and identity link codes. */
import { describe, expect, it } from "vitest";
import { CROCKFORD_ALPHABET, generateOneTimeCode, normalizeOneTimeCode, ONE_TIME_CODE_BITS, ONE_TIME_CODE_SYMBOLS } from "../../src/admin/one-time-code.ts";
import { parseCommand } from "../../src/conversation/parse-command.ts";

const SYMBOL = "[0-9A-HJKMNP-TV-Z]";
const SHAPE = (prefix: string) => new RegExp(`^${prefix}-${SYMBOL}{4}-${SYMBOL}{4}-${SYMBOL}{4}-${SYMBOL}$`);

describe("one-time codes", () => {
  it("carry at least 64 bits: 13 symbols of Crockford base32, grouped by four", () => {
    expect(CROCKFORD_ALPHABET).toHaveLength(32);
    expect(new Set(CROCKFORD_ALPHABET).size).toBe(32);
    expect(CROCKFORD_ALPHABET).not.toMatch(/[ILOU]/);
    expect(ONE_TIME_CODE_SYMBOLS).toBe(13);
    expect(ONE_TIME_CODE_BITS).toBeGreaterThanOrEqual(64);
    expect(generateOneTimeCode("INV")).toMatch(SHAPE("INV"));
    expect(generateOneTimeCode("LK")).toMatch(SHAPE("LK"));
  });

  it("draw every symbol uniformly at every position, without repeats", () => {
    const n = 4000;
    const codes = Array.from({ length: n }, () => generateOneTimeCode("LK").slice(3).replace(/-/g, ""));
    expect(new Set(codes).size).toBe(n);
    for (let pos = 0; pos < ONE_TIME_CODE_SYMBOLS; pos++) {
      const counts = new Map<string, number>();
      for (const c of codes) counts.set(c[pos]!, (counts.get(c[pos]!) ?? 0) + 1);
      expect(counts.size).toBe(32);
      // 125 expected per symbol; a uniform draw stays far within these bounds (> 6 sigma).
      for (const count of counts.values()) expect(count).toBeGreaterThan(60);
      for (const count of counts.values()) expect(count).toBeLessThan(200);
    }
  });

  it("fit a Telegram deep link (?start=, [A-Za-z0-9_-], at most 64) and come back from one", () => {
    for (let i = 0; i < 50; i++) {
      const code = generateOneTimeCode("INV");
      for (const payload of [code, `inv_${code.slice(4).replace(/-/g, "")}`]) {
        expect(payload).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
        const command = parseCommand(`/start ${payload}`);
        expect(command).toMatchObject({ name: "invite" });
        expect(normalizeOneTimeCode("INV", (command as { code: string }).code)).toBe(code);
      }
    }
  });

  it("read what people type: case, separators, full-width forms, I/L for 1 and O for 0", () => {
    expect(normalizeOneTimeCode("LK", "lk 7f3k 9qab x2md 4")).toBe("LK-7F3K-9QAB-X2MD-4");
    expect(normalizeOneTimeCode("LK", "ＬＫ＿７Ｆ３Ｋ．９ＱＡＢ－Ｘ２ＭＤ　４")).toBe("LK-7F3K-9QAB-X2MD-4");
    expect(normalizeOneTimeCode("LK", "LK-ILOo-9QAB-X2MD-4")).toBe("LK-1100-9QAB-X2MD-4");
    expect(normalizeOneTimeCode("LK", "LK-4821-9375")).toBeNull();
    expect(normalizeOneTimeCode("LK", "INV-7F3K-9QAB-X2MD-4")).toBeNull();
  });
});

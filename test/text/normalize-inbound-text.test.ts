import { describe, expect, it } from "vitest";
import { MAX_FILE_NAME_LENGTH, normalizeInboundText, sanitizeFileName, terminalSafeText } from "../../src/text/normalize-inbound-text.ts";

describe("normalizeInboundText", () => {
  it("drops NUL, lone surrogates, C0/C1 controls and bidi controls; keeps newlines, tabs and surrogate pairs", () => {
    expect(normalizeInboundText("cứu\u0000 người\uD800 \u202Ethật\u2066\u2069\u0085\u001B\u007F\tok\n😀")).toBe("cứu người thật\tok\n😀");
    expect(normalizeInboundText("\uDC00a\uD800")).toBe("a");
  });

  it("turns CRLF and CR into LF", () => {
    expect(normalizeInboundText("một\r\nhai\rba\n")).toBe("một\nhai\nba\n");
  });

  it("composes to NFC, also across a removed control", () => {
    expect(normalizeInboundText("Nguye\u0302\u0303n")).toBe("Nguyễn");
    expect(normalizeInboundText("e\u0000\u0301")).toBe("é");
  });
});

describe("sanitizeFileName", () => {
  it("keeps only the name: no path, no reserved characters, no leading dots, one line", () => {
    expect(sanitizeFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFileName("C:\\Users\\hoa\\bao cao.pdf")).toBe("bao cao.pdf");
    expect(sanitizeFileName("..hidden")).toBe("hidden");
    expect(sanitizeFileName("a<b>c:d\"e|f?g*.jpg")).toBe("a_b_c_d_e_f_g_.jpg");
    expect(sanitizeFileName("hồ sơ\n\tmới.pdf")).toBe("hồ sơ mới.pdf");
    expect(sanitizeFileName("hoso\u202Efdp.exe")).toBe("hosofdp.exe");
    expect(sanitizeFileName("../")).toBeUndefined();
    expect(sanitizeFileName("\u0000\u202E")).toBeUndefined();
  });

  it("shortens a long name and keeps its extension", () => {
    const out = sanitizeFileName(`${"ả".repeat(300)}.pdf`)!;
    expect(Array.from(out)).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(out.endsWith("ả.pdf")).toBe(true);
  });
});

describe("terminalSafeText", () => {
  it("removes escape sequences whole, controls and bidi, and puts everything on one line", () => {
    expect(terminalSafeText("Hoa\u001B[31m đỏ\u001B[0m\u001B]0;pwned\u0007\u001B[2J\n\u202Eabc\u009B1m")).toBe("Hoa đỏ abc1m");
  });
});

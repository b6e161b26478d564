import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LANGS, LOCALES_DIR, fill, loadI18n } from "../../src/i18n/i18n.ts";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "generated") return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

describe("locales", () => {
  const i18n = loadI18n();

  it("every language has exactly the Vietnamese keys", () => {
    const vi = i18n.keys("vi").sort();
    expect(vi.length).toBeGreaterThan(50);
    for (const lang of LANGS) expect(i18n.keys(lang).sort(), `locales/${lang}`).toEqual(vi);
  });

  it("every language has the same files", () => {
    const files = (lang: string) => readdirSync(join(LOCALES_DIR, lang)).sort();
    for (const lang of LANGS) expect(files(lang)).toEqual(files("vi"));
  });

  it("translations use the same placeholders as the Vietnamese text", () => {
    // {you}/{You}, the Vietnamese form of address (src/i18n/register.ts), has no English counterpart.
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((p) => p !== "you" && p !== "You").sort();
    for (const key of i18n.keys("vi")) {
      expect(placeholders(i18n.t("en", key)), key).toEqual(placeholders(i18n.t("vi", key)));
    }
  });

  it("every bot key the code uses exists", () => {
    const used = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      for (const m of readFileSync(file, "utf8").matchAll(/["'`]((?:bot|telegram)\.[a-z_.]+[a-z_])["'`]/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(40);
    const known = new Set(i18n.keys("vi"));
    expect([...used].filter((k) => !known.has(k) && !k.endsWith(".json"))).toEqual([]);
  });

  it("has a Vietnamese text for every dossier kind and status the code can produce", () => {
    for (const kind of ["GOOD_DEED_REPORT", "NOMINATION_INDIVIDUAL", "NOMINATION_COLLECTIVE", "NOMINATION_HOUSEHOLD"]) {
      expect(i18n.keys("vi")).toContain(`bot.dossier.kind.${kind}`);
    }
    expect(i18n.keys("vi")).toContain("bot.dossier.status.QUEUED");
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(fill("Mã hồ sơ: {code} ({x})", { code: "TDKT-2026-000001" })).toBe("Mã hồ sơ: TDKT-2026-000001 ({x})");
    expect(i18n.t("en", "bot.submit.done", { code: "C", title: "T" })).toContain("Reference code: C");
  });
});

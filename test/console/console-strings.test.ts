/**
 * The console's strings: every key its code asks for exists (in Vietnamese, and so in English, which
 * the locales test holds to the same keys), including the ones built from a status or a kind.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadI18n } from "../../src/i18n/i18n.ts";
import { DOSSIER_KINDS, DOSSIER_STATUSES } from "../../src/console/list-filters.ts";

const CONSOLE_SRC = fileURLToPath(new URL("../../src/console/", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") ? [path] : [];
  });
}

describe("console strings", () => {
  const keys = new Set(loadI18n().keys("vi"));

  it("has every key the console's code uses", () => {
    const used = new Set<string>();
    for (const file of sources(CONSOLE_SRC)) {
      for (const m of readFileSync(file, "utf8").matchAll(/\bt\(\s*"([a-z_]+(?:\.[a-zA-Z_]+)+)"/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((k) => !keys.has(k.startsWith("bot.") ? k : `console.${k}`))).toEqual([]);
  });

  it("names every status and kind a dossier can have", () => {
    for (const status of DOSSIER_STATUSES) expect(keys, status).toContain(`console.status.${status}`);
    for (const kind of DOSSIER_KINDS) expect(keys, kind).toContain(`bot.dossier.kind.${kind}`);
  });
});

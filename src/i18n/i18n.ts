/**
 * Bot strings. Each language is a folder `locales/<lang>/` of flat JSON files, one per area
 * (`bot.json`, `validation.json`, `web.json`…); a key is addressed as `<file>.<key>`, e.g.
 * `validation.date.invalid`. Placeholders are written `{name}`. Vietnamese is the reference
 * language: a key missing in another language falls back to Vietnamese, and a test checks that
 * every language has the same keys and that every key the code uses exists. `{you}` and `{You}`
 * are the form of address, filled from the person's role (see register.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type Lang = "vi" | "en";
export const LANGS: readonly Lang[] = ["vi", "en"];

export type Params = Record<string, string | number>;

export interface I18n {
  /** The text for `key` in `lang` with `{placeholders}` filled; the key itself when unknown. */
  t(lang: Lang, key: string, params?: Params): string;
  /** Every key of a language. */
  keys(lang: Lang): string[];
}

/** The repository's `locales/` folder. */
export const LOCALES_DIR = fileURLToPath(new URL("../../locales/", import.meta.url));

/** Fills `{name}` placeholders; unknown placeholders are left as they are. */
export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Reads every language folder once. */
export function loadI18n(dir: string = LOCALES_DIR): I18n {
  const tables = new Map<Lang, Map<string, string>>();
  for (const lang of LANGS) {
    const table = new Map<string, string>();
    for (const file of readdirSync(`${dir}/${lang}`).filter((f) => f.endsWith(".json")).sort()) {
      const area = file.slice(0, -".json".length);
      const entries = JSON.parse(readFileSync(`${dir}/${lang}/${file}`, "utf8")) as Record<string, unknown>;
      for (const [key, value] of Object.entries(entries)) {
        if (typeof value !== "string") throw new Error(`locales/${lang}/${file}: ${key} is not a string`);
        table.set(`${area}.${key}`, value);
      }
    }
    tables.set(lang, table);
  }
  return {
    t(lang, key, params) {
      const text = tables.get(lang)?.get(key) ?? tables.get("vi")?.get(key) ?? key;
      // Unknown audience: "bạn", the citizen's register (see register.ts).
      return fill(text, { you: "bạn", You: "Bạn", ...params });
    },
    keys(lang) {
      return [...(tables.get(lang)?.keys() ?? [])];
    },
  };
}

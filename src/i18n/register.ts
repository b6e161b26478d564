/**
 * How the bot addresses a person (xưng hô). Vietnamese has no neutral "you": the bot says "anh/chị"
 * to the officers, secretaries and admins it works with, and "bạn" to citizens (domain-review §7).
 * Shared texts write `{you}` (or `{You}` at the start of a sentence) and the person's register fills
 * it; texts written for one role only (a flow's questions, a digest) use the word directly.
 */
import type { I18n, Params } from "./i18n.ts";

export type Register = "citizen" | "staff";

const WORDS: Record<Register, { you: string; You: string }> = {
  citizen: { you: "bạn", You: "Bạn" },
  staff: { you: "anh/chị", You: "Anh/chị" },
};

/** Staff (officers, secretaries, admins) are "anh/chị"; everyone else is "bạn". */
export function registerFor(roles: readonly string[]): Register {
  return roles.some((r) => r !== "citizen") ? "staff" : "citizen";
}

/** The placeholders a register fills; a caller's own `you`/`You` params win. */
export function registerParams(register: Register): Params {
  return WORDS[register];
}

/** The same strings, speaking to a person of this register. */
export function withRegister(i18n: I18n, register: Register): I18n {
  const words = registerParams(register);
  return {
    t: (lang, key, params) => i18n.t(lang, key, { ...words, ...params }),
    keys: (lang) => i18n.keys(lang),
  };
}

/**
 * What every console route finds on its request context (Hono's `c.var`): the language of the
 * page and its strings, and, behind the sign-in check, the person and their scope.
 */
import type { I18n, Lang, Params } from "../i18n/i18n.ts";
import type { ConsoleViewer } from "./console-viewer.ts";

/** A console string (`locales/<lang>/console.json`, or another area's key written in full). */
export type Translate = (key: string, params?: Params) => string;

/** Console strings by their short key; another area's string by its full key ("bot.review.…"). */
export function consoleTranslator(i18n: I18n, lang: Lang): Translate {
  return (key, params) => i18n.t(lang, key.startsWith("bot.") ? key : `console.${key}`, params);
}

export interface ConsoleEnv {
  Variables: {
    lang: Lang;
    t: Translate;
    /** Set by the sign-in check on every route but the sign-in page itself. */
    viewer: ConsoleViewer;
    /** The viewer's scope in words ("Phạm vi: Xã Hà Trung…"), shown in the header; set with `viewer`. */
    scopeLine: string;
  };
}

/**
 * The console's cookies: the session (a bearer secret, see console-sessions.ts), the chosen
 * language, and a download's "it has started" mark (exports/download-mark.ts). All are
 * SameSite=Strict and sent to /console only; Secure whenever the console is reached over HTTPS
 * (PUBLIC_BASE_URL, or the request itself); HttpOnly but for the download mark, which the page's
 * script reads and which holds no secret.
 */
import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import { CONSOLE_PATH } from "./console-paths.ts";

/** The session cookie. */
export const CONSOLE_COOKIE = "tdkt_console";
/** The language cookie (vi or en): a preference, not a secret. */
export const LANG_COOKIE = "tdkt_console_lang";

/** Sets, renews or (with max age 0) forgets a console cookie. */
export function setConsoleCookie(c: Context, secureCookies: boolean, name: string, value: string, maxAgeSeconds: number, opts: { readableByScript?: boolean } = {}): void {
  const secure = secureCookies || new URL(c.req.url).protocol === "https:";
  setCookie(c, name, value, { path: CONSOLE_PATH, httpOnly: !opts.readableByScript, sameSite: "Strict", secure, maxAge: maxAgeSeconds });
}

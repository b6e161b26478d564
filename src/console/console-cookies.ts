/**
 * The console's cookies: the session (a bearer secret, see console-sessions.ts) and the chosen
 * language. Both are HttpOnly, SameSite=Strict and sent to /console only; Secure whenever the
 * console is reached over HTTPS (PUBLIC_BASE_URL, or the request itself).
 */
import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import { CONSOLE_PATH } from "./console-paths.ts";

/** The session cookie. */
export const CONSOLE_COOKIE = "tdkt_console";
/** The language cookie (vi or en): a preference, not a secret. */
export const LANG_COOKIE = "tdkt_console_lang";

/** Sets, renews or (with max age 0) forgets a console cookie. */
export function setConsoleCookie(c: Context, secureCookies: boolean, name: string, value: string, maxAgeSeconds: number): void {
  const secure = secureCookies || new URL(c.req.url).protocol === "https:";
  setCookie(c, name, value, { path: CONSOLE_PATH, httpOnly: true, sameSite: "Strict", secure, maxAge: maxAgeSeconds });
}

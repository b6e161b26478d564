/**
 * How the page learns that a long export has started downloading, so it can stop its spinner: a
 * download does not replace the page, and a page cannot see a download's response. The page's
 * script (public/console.js) adds a random token to the export link (`?dl=…`); the route answers
 * with a short-lived cookie named after it, which the script polls `document.cookie` for. The
 * cookie holds nothing but "1" and dies in two minutes; a token of another shape is ignored, so
 * a link can set no cookie of its choosing.
 */
import type { Context } from "hono";
import { setConsoleCookie } from "../console-cookies.ts";

/** The query parameter carrying the page's token. */
export const DOWNLOAD_PARAM = "dl";
/** The cookie's name is this prefix and the token. */
export const DOWNLOAD_COOKIE_PREFIX = "tdkt_dl_";
const MARK_SECONDS = 120;
const TOKEN = /^[A-Za-z0-9]{16,32}$/;

/** Sets the mark when the request carries a well-formed token. Call it on every answer, a refusal too: the spinner stops either way. */
export function markDownload(c: Context, secureCookies: boolean): void {
  const token = c.req.query(DOWNLOAD_PARAM);
  if (token && TOKEN.test(token)) setConsoleCookie(c, secureCookies, `${DOWNLOAD_COOKIE_PREFIX}${token}`, "1", MARK_SECONDS, { readableByScript: true });
}

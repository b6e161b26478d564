/**
 * Renders a full console page for a route: the frame (language switch, the signed-in person's
 * scope and sign-out) filled from the request, so route files only say what is on the page. Also
 * the one page for refusals and errors, with its status.
 */
import type { Context } from "hono";
import { html } from "hono/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Params } from "../i18n/i18n.ts";
import type { ConsoleEnv } from "./console-env.ts";
import { pageLayout, type Html, type PageFrame } from "./views/page-layout.ts";

/** Files, papers and exports may hold personal data: kept by nobody's cache, never rendered as a page. */
export const FILE_HEADERS = { "Cache-Control": "private, no-store", "Content-Security-Policy": "default-src 'none'; sandbox", "X-Content-Type-Options": "nosniff" };

/** The query parameter that switches the language (and is remembered in a cookie). */
export const LANG_PARAM = "lang";

/** The current URL with the other language, for the switch in the header. */
function switchLanguageHref(c: Context<ConsoleEnv>): string {
  const url = new URL(c.req.url);
  url.searchParams.set(LANG_PARAM, c.var.lang === "vi" ? "en" : "vi");
  return `${url.pathname}${url.search}`;
}

/** A page in the console's frame. */
export function renderPage(c: Context<ConsoleEnv>, page: { title: string; body: Html; notice?: PageFrame["notice"] }, status: ContentfulStatusCode = 200): Response | Promise<Response> {
  const scopeLine: string | undefined = c.get("scopeLine");
  return c.html(
    pageLayout({
      t: c.var.t,
      lang: c.var.lang,
      title: page.title,
      switchLanguageHref: switchLanguageHref(c),
      body: page.body,
      ...(scopeLine ? { scopeLine } : {}),
      ...(page.notice ? { notice: page.notice } : {}),
    }),
    status,
  );
}

/** A refusal or an error: the page says why, in the person's language, and nothing else. */
export function messagePage(c: Context<ConsoleEnv>, status: ContentfulStatusCode, key: string, params?: Params): Response | Promise<Response> {
  return renderPage(c, { title: c.var.t("error.title"), body: html`<p>${c.var.t(key, params)}</p>` }, status);
}

/**
 * The frame of every console page: language, skip link, header with the person's scope, the
 * language switch and sign-out, one <main> with the page's heading. Server-rendered with Hono's
 * `html` tagged template, which escapes every interpolated value; nested templates pass through.
 */
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Lang } from "../../i18n/i18n.ts";
import type { Translate } from "../console-env.ts";
import { CONSOLE_PATH } from "../console-paths.ts";

/** A fragment of a page: what `html` returns, or plain text (escaped where it is put). */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString> | string;

export interface PageFrame {
  t: Translate;
  lang: Lang;
  /** The page's own title, shown as its <h1> and first in the window title. */
  title: string;
  /** The current URL with the other language (`?lang=…`). */
  switchLanguageHref: string;
  /** The signed-in person's scope line; absent on pages shown before sign-in. */
  scopeLine?: string;
  /** A success or error message, announced to screen readers. */
  notice?: { kind: "success" | "error"; text: string };
  body: Html;
}

export function pageLayout(p: PageFrame): Html {
  const { t } = p;
  return html`<!doctype html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title} · ${t("title")}</title>
<link rel="stylesheet" href="${CONSOLE_PATH}/console.css">
<script src="${CONSOLE_PATH}/console.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${t("skip")}</a>
<header class="top">
  <p class="brand">${p.scopeLine ? html`<a href="${CONSOLE_PATH}">${t("title")}</a>` : t("title")}</p>
  <nav aria-label="${t("nav.main")}">
    <ul>
      ${p.scopeLine ? html`<li><a href="${CONSOLE_PATH}">${t("nav.list")}</a></li><li><a href="${CONSOLE_PATH}/rounds">${t("nav.rounds")}</a></li>` : ""}
      <li><a href="${p.switchLanguageHref}" lang="${p.lang === "vi" ? "en" : "vi"}" aria-label="${t("lang.switch_label")}">${t("lang.switch")}</a></li>
      ${p.scopeLine
        ? html`<li><form method="post" action="${CONSOLE_PATH}/logout"><button type="submit" class="link">${t("nav.logout")}</button></form></li>`
        : ""}
    </ul>
  </nav>
  ${p.scopeLine ? html`<p class="scope">${p.scopeLine}</p>` : ""}
</header>
<main id="main" tabindex="-1">
<h1>${p.title}</h1>
${p.notice ? html`<p class="notice ${p.notice.kind}" role="${p.notice.kind === "error" ? "alert" : "status"}">${p.notice.text}</p>` : ""}
${p.body}
</main>
</body>
</html>`;
}

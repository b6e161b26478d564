/**
 * The public page of a posted list: the round's title, its unit, the period and where it stands,
 * the list (STT, name, unit, proposed award: nothing else), and how to send an objection from a
 * chat. Also the page for an unknown code. Server-rendered with Hono's `html`, which escapes every
 * interpolated value; no script, no form, no cookie.
 */
import { html } from "hono/html";
import type { Lang } from "../i18n/i18n.ts";
import type { Html } from "../console/views/page-layout.ts";
import { POSTING_PATH } from "./public-postings.ts";

type T = (key: string, params?: Record<string, string | number>) => string;

export interface PublicPostingPage {
  title: string;
  unit: string;
  from: string;
  to: string;
  /** upcoming | running | ended (period over, not closed yet) | closed */
  state: "upcoming" | "running" | "ended" | "closed";
  result: string | null;
  entries: Array<{ position: number; nominee: string; unitName: string; awardName: string; code: string }>;
}

function frame(t: T, lang: Lang, title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · ${t("posting.site")}</title>
<link rel="stylesheet" href="${POSTING_PATH}/cong-khai.css">
</head>
<body>
<header><p>${t("posting.site")}</p></header>
<main id="main">
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}

export function publicPostingView(t: T, lang: Lang, p: PublicPostingPage): Html {
  const state =
    p.state === "running" ? t("posting.state_running", { to: p.to })
    : p.state === "upcoming" ? t("posting.state_upcoming", { from: p.from })
    : p.state === "ended" ? t("posting.state_ended")
    : `${t("posting.state_closed")}${p.result ? ` ${p.result}` : ""}`;
  const example = p.entries[0]?.code ?? "TDKT-2026-000123";
  const body = html`<dl class="facts">
<dt>${t("posting.unit")}</dt><dd>${p.unit}</dd>
<dt>${t("posting.period")}</dt><dd>${t("posting.period_value", { from: p.from, to: p.to })}</dd>
</dl>
<p class="state${p.state === "closed" ? " closed" : ""}" role="status">${state}</p>
<h2 id="list">${t("posting.list")}</h2>
<table aria-labelledby="list">
<thead><tr><th scope="col">${t("posting.col_no")}</th><th scope="col">${t("posting.col_name")}</th><th scope="col">${t("posting.col_unit")}</th><th scope="col">${t("posting.col_award")}</th><th scope="col">${t("posting.col_code")}</th></tr></thead>
<tbody>
${p.entries.map((e) => html`<tr><td class="n" data-label="${t("posting.col_no")}">${e.position}</td><td data-label="${t("posting.col_name")}">${e.nominee}</td><td data-label="${t("posting.col_unit")}">${e.unitName}</td><td data-label="${t("posting.col_award")}">${e.awardName}</td><td data-label="${t("posting.col_code")}">${e.code}</td></tr>`)}
</tbody>
</table>
${p.state === "running" || p.state === "upcoming"
  ? html`<h2>${t("posting.how_title")}</h2>
<p>${t("posting.how")}</p>
<p><code>góp ý ${example} &lt;nội dung&gt;</code></p>
<p>${t("posting.how_anonymous")}</p>
<p><code>góp ý ẩn danh ${example} &lt;nội dung&gt;</code></p>`
  : ""}`;
  return frame(t, lang, p.title, body);
}

export function notFoundView(t: T, lang: Lang): Html {
  return frame(t, lang, t("posting.not_found_title"), html`<p>${t("posting.not_found")}</p>`);
}

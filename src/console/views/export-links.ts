/**
 * Download links for the list page and a round's page, with the status line the page's script
 * (public/console.js) fills while the file is prepared: a spinner and "Đang chuẩn bị tệp…",
 * announced by screen readers; then "Tệp đã bắt đầu tải về." Without the script the links are
 * plain links to the file.
 */
import { html } from "hono/html";
import type { Translate } from "../console-env.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import type { Html } from "./page-layout.ts";

/** The list's XLSX and CSV of the same filters; `query` is the list's query string ("?award=…" or ""). */
export function exportLinks(t: Translate, query: string): Html {
  return exportGroup(t, [
    [`${CONSOLE_PATH}/export.xlsx${query}`, t("export.xlsx")],
    [`${CONSOLE_PATH}/export.csv${query}`, t("export.csv")],
  ]);
}

/** For the round's page: its list as XLSX and CSV, and its papers as one ZIP. */
export function roundExportLinks(t: Translate, roundCode: string): Html {
  const round = encodeURIComponent(roundCode);
  return exportGroup(t, [
    [`${CONSOLE_PATH}/export.xlsx?round=${round}`, t("export.xlsx")],
    [`${CONSOLE_PATH}/export.csv?round=${round}`, t("export.csv")],
    [`${CONSOLE_PATH}/rounds/${round}/documents.zip`, t("export.zip")],
  ]);
}

function exportGroup(t: Translate, links: Array<[href: string, label: string]>): Html {
  return html`<div class="exports" role="group" aria-label="${t("export.links")}">${links.map(([href, label], i) => html`${i ? " · " : ""}<a href="${href}" data-export>${label}</a>`)}
<span class="export-progress" role="status" aria-live="polite" data-busy="${t("export.busy")}" data-done="${t("export.done")}"></span></div>`;
}

/**
 * The dossier list's body: the filter form (a GET form: every filter is in the URL), the counts by
 * award and by subject with the direct-worker share (for reference only), the table of the page's
 * dossiers (cards on a phone, see console.css) and the pager.
 */
import { html } from "hono/html";
import { formatLocalDate, toIsoDate } from "../../time/local-date.ts";
import { localDateInVietnam } from "../../time/vietnam-time.ts";
import type { Translate } from "../console-env.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import type { DossierListPage, ListFilters } from "../dossier-list.ts";
import { DOSSIER_KINDS, DOSSIER_STATUSES, listQuery } from "../list-filters.ts";
import { exportLinks } from "./export-links.ts";
import type { Html } from "./page-layout.ts";

export interface ListViewInput {
  t: Translate;
  filters: ListFilters;
  list: DossierListPage;
  /** The units the person may filter by, labelled. */
  units: Array<{ id: string; label: string }>;
  /** Award names by code. */
  awards: ReadonlyMap<string, string>;
  unitLabel: (id: string) => string;
  /** The review rounds the person may filter by: code and title. */
  rounds: Array<{ code: string; title: string }>;
  /** A subject's label (see subject-label.ts); null for one the forms do not name. */
  subjectLabel: (kind: string, subject: string) => string | null;
  /** What the share is read against ("tham khảo"), or null. */
  shareReference: { label: string; percent: number } | null;
}

export function listView(v: ListViewInput): Html {
  const { t, filters, list } = v;
  const option = (value: string, label: string, selected: string | undefined) => html`<option value="${value}"${selected === value ? html` selected` : ""}>${label}</option>`;
  const select = (name: string, label: string, options: Html[]) => html`<div class="field">
  <label for="f-${name}">${label}</label>
  <select id="f-${name}" name="${name}"><option value="">${t("filter.any")}</option>${options}</select>
</div>`;
  const date = (name: "from" | "to") => html`<div class="field">
  <label for="f-${name}">${t(`filter.${name}`)}</label>
  <input type="date" id="f-${name}" name="${name}" value="${filters[name] ? toIsoDate(filters[name]) : ""}">
</div>`;
  const awardName = (code: string) => v.awards.get(code) ?? code;

  const form = html`<form class="filters" method="get" action="${CONSOLE_PATH}" aria-labelledby="filters-title">
<h2 id="filters-title">${t("list.filters")}</h2>
<div class="grid">
  ${v.rounds.length ? select("round", t("filter.round"), v.rounds.map((r) => option(r.code, `${r.code} — ${r.title}`, filters.round))) : ""}
  ${select("unit", t("filter.unit"), v.units.map((u) => option(u.id, u.label, filters.unit)))}
  ${select("award", t("filter.award"), [...v.awards].map(([code, name]) => option(code, name, filters.award)))}
  ${select("status", t("filter.status"), DOSSIER_STATUSES.map((s) => option(s, t(`status.${s}`), filters.status)))}
  ${select("kind", t("filter.kind"), DOSSIER_KINDS.map((k) => option(k, t(`bot.dossier.kind.${k}`), filters.kind)))}
  ${date("from")}
  ${date("to")}
</div>
<div class="check"><input type="checkbox" id="f-warnings" name="warnings" value="1"${filters.warnings ? html` checked` : ""}><label for="f-warnings">${t("filter.warnings")}</label></div>
<div class="buttons"><button type="submit" class="primary">${t("filter.apply")}</button> <a href="${CONSOLE_PATH}">${t("filter.clear")}</a></div>
</form>`;

  const counts = html`<section aria-labelledby="counts-title">
<h2 id="counts-title">${t("list.counts")}</h2>
${list.byAward.length
  ? html`<ul class="counts">${list.byAward.map((a) => html`<li><a href="${CONSOLE_PATH}${listQuery({ ...filters, award: a.awardCode })}">${awardName(a.awardCode)}</a>: <strong>${a.count}</strong></li>`)}</ul>`
  : html`<p>${t("list.counts_none")}</p>`}
${list.bySubject.length
  ? html`<h3>${t("list.by_subject")}</h3><ul class="counts">${list.bySubject.map((g) => html`<li>${subjectText(v, g)}: <strong>${g.count}</strong></li>`)}</ul>`
  : ""}
${shareLine(v)}
</section>`;

  const rows = list.rows.map(
    (r) => html`<tr>
  <td data-label="${t("column.code")}"><a href="${CONSOLE_PATH}/dossiers/${r.code}">${r.code}</a></td>
  <td data-label="${t("column.nominee")}">${r.nominee ?? "—"}${r.warnings ? html` <span class="badge warn">⚠ ${t("list.warning")}</span>` : ""}</td>
  <td data-label="${t("column.award")}">${r.awardCode ? awardName(r.awardCode) : t(`bot.dossier.kind.${r.kind}`)}</td>
  <td data-label="${t("column.unit")}">${v.unitLabel(r.unitId)}</td>
  <td data-label="${t("column.submitted")}">${formatLocalDate(localDateInVietnam(r.submittedAt))}</td>
  <td data-label="${t("column.status")}"><span class="status s-${r.status.toLowerCase()}">${t(`status.${r.status}`)}</span></td>
</tr>`,
  );
  const table = list.rows.length
    ? html`<table class="dossiers">
<caption>${t("list.caption", { page: list.page, pages: list.pages })}</caption>
<thead><tr><th scope="col">${t("column.code")}</th><th scope="col">${t("column.nominee")}</th><th scope="col">${t("column.award")}</th><th scope="col">${t("column.unit")}</th><th scope="col">${t("column.submitted")}</th><th scope="col">${t("column.status")}</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
    : html`<p>${t("list.empty")}</p>`;

  const pager =
    list.pages > 1
      ? html`<nav class="pager" aria-label="${t("page.nav")}">
  ${list.page > 1 ? html`<a rel="prev" href="${CONSOLE_PATH}${listQuery(filters, list.page - 1)}">${t("page.prev")}</a>` : ""}
  <span>${t("page.of", { page: list.page, pages: list.pages })}</span>
  ${list.page < list.pages ? html`<a rel="next" href="${CONSOLE_PATH}${listQuery(filters, list.page + 1)}">${t("page.next")}</a>` : ""}
</nav>`
      : "";

  return html`${form}
<p class="total" role="status">${t("list.total", { count: list.total })}</p>
${list.total ? exportLinks(t, listQuery(filters)) : ""}
${counts}
<section aria-labelledby="dossiers-title"><h2 id="dossiers-title" class="visually-hidden">${t("list.title")}</h2>${table}${pager}</section>`;
}

function subjectText(v: ListViewInput, g: ListViewInput["list"]["bySubject"][number]): string {
  const kind = v.t(`subject.${g.kind}`);
  if (g.kind === "NOMINATION_HOUSEHOLD") return kind;
  const label = g.subject ? (v.subjectLabel(g.kind, g.subject) ?? g.subject) : v.t("subject.none");
  return `${kind} — ${label}`;
}

/** The direct-worker share, as the digests print it: rounded down, read against a reference, never a target. */
function shareLine(v: ListViewInput): Html {
  const { share } = v.list;
  if (share.percent === null) return "";
  const params = { count: share.direct, total: share.total, percent: Math.floor(share.percent) };
  const text = v.shareReference
    ? v.t("list.share_with_reference", { ...params, reference: v.shareReference.label, reference_percent: v.shareReference.percent })
    : v.t("list.share", params);
  return html`<p class="hint">${text}</p>`;
}

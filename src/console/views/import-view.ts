/**
 * The pages of a round's Excel list: the links the round's page shows (`roundImportLinks`), the
 * upload page, the report of a checked list (each row valid, to fix with its cells' messages, or a
 * duplicate; warnings as the chat's summary gives them) with the attestation and the submit button,
 * and what was stored. The submit form carries the checked file itself (base64, multipart), so
 * what is stored is what was checked, checked again; nothing is kept between the two posts.
 */
import { html } from "hono/html";
import type { CheckedRow } from "../../round-import/check-import-list.ts";
import type { Translate } from "../console-env.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import type { Html } from "./page-layout.ts";

/** A kind of list the round takes: its flow and title. */
export interface ImportKind {
  flowId: string;
  title: string;
}

const base = (roundCode: string) => `${CONSOLE_PATH}/rounds/${encodeURIComponent(roundCode)}/import`;

/** The template's URL for a kind of list. */
export function templateHref(roundCode: string, flowId: string): string {
  return `${base(roundCode)}/template.xlsx?flow=${encodeURIComponent(flowId)}`;
}

/**
 * The round page's link to its Excel list: the page it opens offers the templates (their titles
 * are the flows') and the upload.
 */
export function roundImportLinks(t: Translate, roundCode: string): Html {
  return html`<p class="import-link"><a href="${base(roundCode)}">${t("import.links")}</a></p>`;
}

export interface UploadFormInput {
  t: Translate;
  roundCode: string;
  kinds: readonly ImportKind[];
  selected: string;
  maxSize: string;
}

export function uploadForm(v: UploadFormInput): Html {
  const { t } = v;
  return html`<p>${t("import.intro")}</p>
<ul>${v.kinds.map((k) => html`<li><a href="${templateHref(v.roundCode, k.flowId)}" download>${t("import.template_link", { title: k.title })}</a></li>`)}</ul>
<form method="post" action="${base(v.roundCode)}" enctype="multipart/form-data" class="import">
<p><label for="i-flow">${t("import.flow")}</label>
<select id="i-flow" name="flow">${v.kinds.map((k) => html`<option value="${k.flowId}"${k.flowId === v.selected ? html` selected` : ""}>${k.title}</option>`)}</select></p>
<p><label for="i-file">${t("import.file", { max: v.maxSize })}</label>
<input id="i-file" type="file" name="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required></p>
<div class="buttons"><button type="submit" class="primary">${t("import.check")}</button></div>
</form>`;
}

export interface ReportInput {
  t: Translate;
  roundCode: string;
  flowId: string;
  rows: readonly CheckedRow[];
  /** A step's column label. */
  columnOf: (stepId: string | null) => string;
  /** The checked file, base64, for the submit form; null when nothing may be submitted. */
  payload: string | null;
  statement: string;
}

export function importReport(v: ReportInput): Html {
  const { t } = v;
  const count = (s: CheckedRow["status"]) => v.rows.filter((r) => r.status === s).length;
  const valid = count("ok");
  const result = (r: CheckedRow): Html => {
    if (r.status === "ok") return html`<span class="status s-ok">${t("import.ok")}</span>`;
    if (r.status === "duplicate") return r.code ? t("import.duplicate_code", { code: r.code }) : t("import.duplicate_row", { row: r.row ?? "" });
    return html`<ul class="issues">${r.errors.map((e) => html`<li>${t("import.column_issue", { column: v.columnOf(e.stepId), message: e.message })}</li>`)}</ul>`;
  };
  const submit = v.payload && valid
    ? html`<form method="post" action="${base(v.roundCode)}" enctype="multipart/form-data">
<input type="hidden" name="flow" value="${v.flowId}">
<input type="hidden" name="payload" value="${v.payload}">
<p><input type="checkbox" id="i-attest" name="attest" value="1" required> <label for="i-attest">${t("import.attest")} “${v.statement}”</label></p>
<div class="buttons"><button type="submit" class="primary" name="confirm" value="1">${t("import.submit", { count: valid })}</button> <a href="${base(v.roundCode)}">${t("confirm.no")}</a></div>
</form>`
    : html`<p>${valid ? "" : t("import.nothing_valid")}</p>`;
  return html`<p>${t("import.counts", { valid, total: v.rows.length, invalid: count("invalid"), duplicate: count("duplicate") })} ${t("import.nothing_stored")}</p>
<table class="dossiers import-report"><caption>${t("import.report")}</caption>
<thead><tr><th scope="col">${t("import.row")}</th><th scope="col">${t("column.nominee")}</th><th scope="col">${t("import.result")}</th><th scope="col">${t("import.warnings")}</th></tr></thead>
<tbody>${v.rows.map((r) => html`<tr class="${r.status}"><th scope="row">${r.rowNumber}</th><td data-label="${t("column.nominee")}">${r.nominee}</td><td data-label="${t("import.result")}">${result(r)}</td><td data-label="${t("import.warnings")}">${r.warnings.length ? html`<ul>${r.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : ""}</td></tr>`)}</tbody>
</table>
<p>${t("import.fix_later")}</p>
${submit}`;
}

/** What was stored (the page's notice says how many): each row's dossier, and the rows stored before. */
export function importDone(t: Translate, roundCode: string, stored: ReadonlyArray<{ rowNumber: number; code: string }>, already: readonly number[]): Html {
  return html`${stored.length ? html`<h2>${t("import.done_codes")}</h2><ul>${stored.map((s) => html`<li>${t("import.row")} ${s.rowNumber}: <a href="${CONSOLE_PATH}/dossiers/${s.code}">${s.code}</a></li>`)}</ul>` : ""}
${already.length ? html`<ul>${already.map((row) => html`<li>${t("import.already_row", { row })}</li>`)}</ul>` : ""}
<p><a href="${base(roundCode)}">${t("import.page_link")}</a></p>`;
}

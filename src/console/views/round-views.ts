/**
 * The review rounds' list (newest first, with their kind, year, deadline, status and dossiers) and
 * the form that opens one: the unit (the person's own by default), the kind, the year, a title
 * proposed from them, the movement for a movement's round, and the deadline. A refused form is
 * shown again with what was typed and the fields to fix marked.
 */
import { html } from "hono/html";
import { formatLocalDate, localDateFromIso } from "../../time/local-date.ts";
import { ROUND_KINDS } from "../../rounds/review-rounds.ts";
import type { Translate } from "../console-env.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import type { RoundSummary } from "../round-list.ts";
import { ROUND_TITLE_MAX, type RoundFormField, type RoundFormValues } from "../round-form.ts";
import type { Html } from "./page-layout.ts";

/** A round's deadline as people read it (05/12/2026). */
export function deadlineText(deadline: string): string {
  return formatLocalDate(localDateFromIso(deadline));
}

export function roundsListView(v: { t: Translate; rounds: RoundSummary[]; unitLabel: (id: string) => string }): Html {
  const { t } = v;
  const rows = v.rounds.map(
    (r) => html`<tr>
  <td data-label="${t("round.code")}"><a href="${CONSOLE_PATH}/rounds/${r.code}">${r.code}</a></td>
  <td data-label="${t("round.title")}">${r.title}${r.movement ? html`<br><span class="hint">${r.movement}</span>` : ""}</td>
  <td data-label="${t("round.kind")}">${t(`round.kind_${r.kind}`)}</td>
  <td data-label="${t("round.year")}">${r.year}</td>
  <td data-label="${t("column.unit")}">${v.unitLabel(r.unitId)}</td>
  <td data-label="${t("round.deadline")}">${deadlineText(r.deadline)}</td>
  <td data-label="${t("column.status")}"><span class="status">${t(`round.status_${r.status}`)}</span></td>
  <td data-label="${t("round.dossiers")}">${r.dossiers}</td>
</tr>`,
  );
  const table = v.rounds.length
    ? html`<table class="dossiers">
<caption>${t("rounds.caption", { count: v.rounds.length })}</caption>
<thead><tr><th scope="col">${t("round.code")}</th><th scope="col">${t("round.title")}</th><th scope="col">${t("round.kind")}</th><th scope="col">${t("round.year")}</th><th scope="col">${t("column.unit")}</th><th scope="col">${t("round.deadline")}</th><th scope="col">${t("column.status")}</th><th scope="col">${t("round.dossiers")}</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
    : html`<p>${t("rounds.empty")}</p>`;
  return html`<p><a class="button primary" href="${CONSOLE_PATH}/rounds/new">${t("rounds.new")}</a></p>${table}`;
}

export interface RoundFormInput {
  t: Translate;
  values: RoundFormValues;
  invalid: readonly RoundFormField[];
  /** The units the person may open a round for, labelled. */
  units: Array<{ id: string; label: string }>;
}

export function roundFormView(v: RoundFormInput): Html {
  const { t, values } = v;
  const bad = (name: RoundFormField) => (v.invalid.includes(name) ? html` aria-invalid="true"` : "");
  const hint = (name: RoundFormField) => html`<span class="hint" id="r-${name}-hint">${t(`round_form.${name}_hint`)}</span>`;
  const text = (name: "title" | "movement", required: boolean) => html`<div class="field"><label for="r-${name}">${t(`round_form.${name}`)}</label>${hint(name)}<input type="text" id="r-${name}" name="${name}" value="${values[name]}" maxlength="${ROUND_TITLE_MAX}"${required ? html` required minlength="5"` : ""}${bad(name)} aria-describedby="r-${name}-hint"></div>`;
  const kinds = ROUND_KINDS.map(
    (k, i) => html`<div class="check"><input type="radio" id="r-kind-${i}" name="kind" value="${k}"${values.kind === k ? html` checked` : ""}${i === 0 ? html` required` : ""}><label for="r-kind-${i}">${t(`round.kind_${k}`)}</label></div>`,
  );
  return html`<form method="post" action="${CONSOLE_PATH}/rounds">
<div class="field"><label for="r-unit">${t("round_form.unit")}</label>${hint("unit")}<select id="r-unit" name="unit" required${bad("unit")} aria-describedby="r-unit-hint">${v.units.map((u) => html`<option value="${u.id}"${values.unit === u.id ? html` selected` : ""}>${u.label}</option>`)}</select></div>
<fieldset class="field${v.invalid.includes("kind") ? " invalid" : ""}" aria-describedby="r-kind-hint"><legend>${t("round_form.kind")}</legend>${hint("kind")}${kinds}</fieldset>
<div class="field"><label for="r-year">${t("round_form.year")}</label>${hint("year")}<input type="number" id="r-year" name="year" value="${values.year}" min="2000" max="2100" step="1" required${bad("year")} aria-describedby="r-year-hint"></div>
${text("title", true)}
${text("movement", false)}
<div class="field"><label for="r-deadline">${t("round_form.deadline")}</label>${hint("deadline")}<input type="date" id="r-deadline" name="deadline" value="${values.deadline}" required${bad("deadline")} aria-describedby="r-deadline-hint"></div>
<div class="buttons"><button type="submit" class="primary">${t("round_form.submit")}</button> <a href="${CONSOLE_PATH}/rounds">${t("round_form.cancel")}</a></div>
</form>`;
}

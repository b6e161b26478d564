/**
 * The console's posting pages (công khai): a round's posting with its short link, its list, the
 * objections with an answer form each, and the close form; the publish form (period prefilled)
 * when no posting is open; the confirmations before publishing and closing. The objections
 * section is also the dossier page's. An anonymous objection shows "Ẩn danh", never a sender.
 */
import { html } from "hono/html";
import { POSTING_NOTE_MAX, POSTING_RESULTS } from "../../posting/public-postings.ts";
import { formatLocalDate, localDateFromIso } from "../../time/local-date.ts";
import { formatDateTimeInVietnam } from "../../time/vietnam-time.ts";
import type { Translate } from "../console-env.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import type { ObjectionRow } from "../posting-details.ts";
import type { Html } from "./page-layout.ts";

const dmy = (iso: string) => formatLocalDate(localDateFromIso(iso));

export interface PostingPageInput {
  t: Translate;
  round: { code: string; title: string };
  unitLabel: string;
  /** The latest posting of the round, if any. */
  posting: {
    id: string;
    status: string;
    startsOn: string;
    endsOn: string;
    url: string;
    result: string | null;
    closingNote: string | null;
    entries: ListRow[];
  } | null;
  objections: ObjectionRow[];
  /** When no posting is open: the publish form's prefilled period and the list it would post. */
  publish: { startsOn: string; endsOn: string; candidates: ListRow[] } | null;
}

type ListRow = { nominee: string; unitName: string; awardName: string; code: string };

function listTable(t: Translate, rows: readonly ListRow[]): Html {
  return html`<table class="dossiers"><thead><tr><th scope="col">${t("posting.col_no")}</th><th scope="col">${t("column.nominee")}</th><th scope="col">${t("dossier.unit")}</th><th scope="col">${t("column.award")}</th><th scope="col">${t("posting.col_code")}</th></tr></thead>
<tbody>${rows.map((r, i) => html`<tr><td data-label="${t("posting.col_no")}">${i + 1}</td><td data-label="${t("column.nominee")}">${r.nominee}</td><td data-label="${t("dossier.unit")}">${r.unitName}</td><td data-label="${t("column.award")}">${r.awardName}</td><td data-label="${t("posting.col_code")}"><a href="${CONSOLE_PATH}/dossiers/${r.code}">${r.code}</a></td></tr>`)}</tbody></table>`;
}

export function postingPageView(v: PostingPageInput): Html {
  const { t, round } = v;
  const base = `${CONSOLE_PATH}/rounds/${round.code}/posting`;
  const p = v.posting;
  const current = p
    ? html`<section aria-labelledby="s-posting"><h2 id="s-posting">${t(p.status === "OPEN" ? "posting.current" : "posting.last")}</h2>
<dl class="facts">
<dt>${t("posting.link")}</dt><dd><a href="${p.url}">${p.url}</a></dd>
<dt>${t("posting.period")}</dt><dd>${t("posting.period_value", { from: dmy(p.startsOn), to: dmy(p.endsOn) })}</dd>
<dt>${t("dossier.status")}</dt><dd>${p.status === "OPEN" ? t("posting.open") : t("posting.closed", { result: p.result ? t(`bot.posting.result.${p.result}`) : "" })}</dd>
${p.closingNote ? html`<dt>${t("posting.note")}</dt><dd>${p.closingNote}</dd>` : ""}
</dl>
${listTable(t, p.entries)}
</section>
${objectionsSection(t, v.objections, (o) => `${base}/objections/${o.id}/answer`, p.status === "OPEN")}
${p.status === "OPEN" ? closeForm(t, base, v.objections.length > 0) : ""}`
    : "";
  const publish = v.publish
    ? html`<section aria-labelledby="s-publish"><h2 id="s-publish">${t("posting.publish")}</h2>
${v.publish.candidates.length
  ? html`<p>${t("posting.publish_intro", { count: v.publish.candidates.length })}</p>
${listTable(t, v.publish.candidates)}
<form method="post" action="${base}">
${periodFields(t, v.publish.startsOn, v.publish.endsOn)}
<button type="submit">${t("entry.continue")}</button>
</form>`
  : html`<p>${t("posting.publish_empty")}</p>`}
</section>`
    : "";
  return html`<p>${t("posting.round", { code: round.code, title: round.title, unit: v.unitLabel })}</p>${current}${publish}`;
}

function periodFields(t: Translate, startsOn: string, endsOn: string): Html {
  return html`<div class="field"><label for="p-start">${t("posting.starts_on")}</label><input type="date" id="p-start" name="startsOn" value="${startsOn}" required></div>
<div class="field"><label for="p-end">${t("posting.ends_on")}</label><span class="hint" id="p-end-hint">${t("posting.ends_on_hint")}</span><input type="date" id="p-end" name="endsOn" value="${endsOn}" required aria-describedby="p-end-hint"></div>`;
}

function closeForm(t: Translate, base: string, anyObjection: boolean): Html {
  return html`<section aria-labelledby="s-close" class="actions"><h2 id="s-close">${t("posting.close")}</h2>
<form method="post" action="${base}/close">
<fieldset class="field"><legend>${t("posting.result")}</legend>
${POSTING_RESULTS.map((r, i) => html`<div class="check"><input type="radio" id="p-result-${i}" name="result" value="${r}"${(anyObjection ? r === "CO_Y_KIEN_DA_XU_LY" : r === "KHONG_CO_Y_KIEN") ? html` checked` : ""} required><label for="p-result-${i}">${t(`bot.posting.result.${r}`)}</label></div>`)}
</fieldset>
<div class="field"><label for="p-note">${t("posting.note")}</label><span class="hint" id="p-note-hint">${t("posting.note_hint")}</span><textarea id="p-note" name="note" rows="3" maxlength="${POSTING_NOTE_MAX}" aria-describedby="p-note-hint"></textarea></div>
<button type="submit">${t("entry.continue")}</button>
</form></section>`;
}

/** The objections, each with its answer or (when `answerable`) a form to answer it. */
export function objectionsSection(t: Translate, rows: ObjectionRow[], answerAction: (o: ObjectionRow) => string, answerable = true): Html {
  return html`<section aria-labelledby="s-objections"><h2 id="s-objections">${t("posting.objections", { count: rows.length })}</h2>
${rows.length
  ? html`<ol class="history">${rows.map((o) => html`<li id="gy-${o.code}"><p><strong>${o.code}</strong> — ${t("posting.objection_on", { code: o.dossierCode, nominee: o.nominee ?? "" })}<br><time datetime="${o.receivedAt.toISOString()}">${formatDateTimeInVietnam(o.receivedAt)}</time> · ${o.anonymous ? t("posting.anonymous") : t("posting.sender", { name: o.sender ?? t("posting.sender_unknown") })}</p>
<blockquote>${o.content}</blockquote>
${o.answer
  ? html`<p><strong>${t("posting.answer")}</strong> (${formatDateTimeInVietnam(o.answeredAt!)}): ${o.answer}</p>`
  : answerable
    ? html`<form method="post" action="${answerAction(o)}"><div class="field"><label for="a-${o.id}">${t("posting.answer_label", { code: o.code })}</label><span class="hint" id="a-${o.id}-hint">${t("posting.answer_hint")}</span><textarea id="a-${o.id}" name="answer" rows="3" maxlength="${POSTING_NOTE_MAX}" required aria-describedby="a-${o.id}-hint"></textarea></div><button type="submit">${t("posting.answer_send")}</button></form>`
    : html`<p>${t("posting.unanswered")}</p>`}
</li>`)}</ol>`
  : html`<p>${t("posting.no_objections")}</p>`}
</section>`;
}

/** The confirmation before a list is published. */
export function publishConfirmView(t: Translate, roundCode: string, period: { startsOn: string; endsOn: string }, count: number): Html {
  const base = `${CONSOLE_PATH}/rounds/${roundCode}/posting`;
  return html`<p>${t("posting.confirm_publish", { count, from: dmy(period.startsOn), to: dmy(period.endsOn) })}</p>
<p class="notice warn">${t("posting.confirm_publish_note")}</p>
<form method="post" action="${base}">
<input type="hidden" name="startsOn" value="${period.startsOn}"><input type="hidden" name="endsOn" value="${period.endsOn}">
<div class="buttons"><button type="submit" class="primary" name="confirm" value="1" autofocus>${t("posting.confirm_publish_yes")}</button> <a href="${base}">${t("confirm.no")}</a></div>
</form>`;
}

/** The confirmation before a posting is closed. */
export function closeConfirmView(t: Translate, roundCode: string, result: string, note: string): Html {
  const base = `${CONSOLE_PATH}/rounds/${roundCode}/posting`;
  return html`<dl class="facts"><dt>${t("posting.result")}</dt><dd><strong>${t(`bot.posting.result.${result}`)}</strong></dd>${note ? html`<dt>${t("posting.note")}</dt><dd>${note}</dd>` : ""}</dl>
<p class="notice warn">${t("posting.confirm_close_note")}</p>
<form method="post" action="${base}/close">
<input type="hidden" name="result" value="${result}"><input type="hidden" name="note" value="${note}">
<div class="buttons"><button type="submit" class="primary" name="confirm" value="1" autofocus>${t("posting.confirm_close_yes")}</button> <a href="${base}">${t("confirm.no")}</a></div>
</form>`;
}

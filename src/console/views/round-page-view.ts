/**
 * A review round's page: its facts, its dossiers (code, nominee, award, unit, status and the
 * meeting's tally when one was recorded), the counts by award, the round's papers (tờ trình and
 * biên bản, made when asked), then its sections (the meeting, and what other features add: see
 * `RoundSection`), and last the close-round action.
 */
import { html } from "hono/html";
import { formatLocalDate, localDateFromIso } from "../../time/local-date.ts";
import type { Translate } from "../console-env.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import type { RoundSummary } from "../round-list.ts";
import type { ListRow } from "../dossier-list.ts";
import { deadlineText } from "./round-views.ts";
import type { Html } from "./page-layout.ts";

/**
 * A section of the round's page after its dossiers and papers: the meeting, and the ones other
 * features add (the public posting, the exports), each with its own heading. The route builds the
 * list in order (round-routes.ts `roundSections`).
 */
export interface RoundSection {
  /** The section's id, for its heading's anchor ("meeting", "posting", "exports"). */
  id: string;
  title: string;
  body: Html;
}

/** A dossier of the round: the list's columns, and the latest meeting's tally on it, if any. */
export type RoundDossierRow = ListRow & { tally: { votesFor: number; memberCount: number; passed: boolean } | null };

export interface RoundPageInput {
  t: Translate;
  round: RoundSummary;
  unitLabel: (id: string) => string;
  awardName: (code: string) => string;
  dossiers: RoundDossierRow[];
  byAward: Array<{ awardCode: string; count: number }>;
  /** The round's papers, by the name they download as. */
  documents: Array<{ fileName: string; kind: string }>;
  sections: RoundSection[];
}

export function roundPageView(v: RoundPageInput): Html {
  const { t, round } = v;
  const base = `${CONSOLE_PATH}/rounds/${round.code}`;
  const facts = html`<dl class="facts">
<dt>${t("round.code")}</dt><dd>${round.code}</dd>
<dt>${t("round.kind")}</dt><dd>${t(`round.kind_${round.kind}`)}</dd>
<dt>${t("round.year")}</dt><dd>${round.year}</dd>
${round.movement ? html`<dt>${t("round.movement")}</dt><dd>${round.movement}</dd>` : ""}
<dt>${t("column.unit")}</dt><dd>${v.unitLabel(round.unitId)}</dd>
<dt>${t("round.deadline")}</dt><dd>${deadlineText(round.deadline)}</dd>
<dt>${t("column.status")}</dt><dd>${t(`round.status_${round.status}`)}</dd>
</dl>
<p><a href="${CONSOLE_PATH}?round=${round.code}">${t("round.in_list")}</a> · <a href="${CONSOLE_PATH}/rounds">${t("round.back")}</a></p>`;

  const rows = v.dossiers.map(
    (d) => html`<tr>
  <td data-label="${t("column.code")}"><a href="${CONSOLE_PATH}/dossiers/${d.code}">${d.code}</a></td>
  <td data-label="${t("column.nominee")}">${d.nominee ?? "—"}</td>
  <td data-label="${t("column.award")}">${d.awardCode ? v.awardName(d.awardCode) : t(`bot.dossier.kind.${d.kind}`)}</td>
  <td data-label="${t("column.unit")}">${v.unitLabel(d.unitId)}</td>
  <td data-label="${t("column.status")}"><span class="status s-${d.status.toLowerCase()}">${t(`status.${d.status}`)}</span></td>
  <td data-label="${t("round.tally")}">${d.tally ? t(d.tally.passed ? "meeting.tally_passed" : "meeting.tally_failed", { votes: d.tally.votesFor, members: d.tally.memberCount }) : "—"}</td>
</tr>`,
  );
  const dossiers = html`<section aria-labelledby="s-dossiers">
<h2 id="s-dossiers">${t("round.dossiers_title", { count: v.dossiers.length })}</h2>
${v.dossiers.length
  ? html`<table class="dossiers">
<thead><tr><th scope="col">${t("column.code")}</th><th scope="col">${t("column.nominee")}</th><th scope="col">${t("column.award")}</th><th scope="col">${t("column.unit")}</th><th scope="col">${t("column.status")}</th><th scope="col">${t("round.tally")}</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
  : html`<p>${t("round.no_dossiers")}</p>`}
${v.byAward.length ? html`<h3>${t("list.counts")}</h3><ul class="counts">${v.byAward.map((a) => html`<li>${v.awardName(a.awardCode)}: <strong>${a.count}</strong></li>`)}</ul>` : ""}
</section>`;

  const documents = html`<section aria-labelledby="s-round-documents">
<h2 id="s-round-documents">${t("round.documents")}</h2>
${v.documents.length
  ? html`<ul>${v.documents.map((d) => html`<li><a href="${base}/documents/${d.fileName}">${t(`round.document_${d.kind}`)}</a> (${d.fileName})</li>`)}</ul><p class="hint">${t("round.documents_hint")}</p>`
  : html`<p>${t("round.documents_none")}</p>`}
</section>`;

  const sections = v.sections.map((s) => html`<section aria-labelledby="s-${s.id}"><h2 id="s-${s.id}">${s.title}</h2>${s.body}</section>`);

  const close =
    round.status === "OPEN"
      ? html`<section aria-labelledby="s-close"><h2 id="s-close">${t("round.close_title")}</h2><p>${t("round.close_hint")}</p>
<form method="post" action="${base}/close"><button type="submit">${t("round.close")}</button></form></section>`
      : "";

  return html`${facts}${dossiers}${documents}${sections}${close}`;
}

/** The confirmation before a round is closed. */
export function closeRoundConfirmView(t: Translate, round: RoundSummary): Html {
  const base = `${CONSOLE_PATH}/rounds/${round.code}`;
  return html`<p>${t("round.close_confirm", { code: round.code, title: round.title })}</p>
<p class="notice warn">${t("round.close_effect")}</p>
<form method="post" action="${base}/close">
<div class="buttons"><button type="submit" class="primary" name="confirm" value="1" autofocus>${t("round.close_yes")}</button> <a href="${base}">${t("confirm.no")}</a></div>
</form>`;
}

/** The earlier nominations the round would take, each with a box to tick, and the button that puts the ticked ones in. */
export function earlierSection(t: Translate, roundCode: string, rows: Array<{ id: string; code: string; nominee: string; award: string; unit: string }>): Html {
  return html`<p class="hint">${t("round.earlier_hint")}</p>
<form method="post" action="${CONSOLE_PATH}/rounds/${encodeURIComponent(roundCode)}/dossiers">
<fieldset><legend class="visually-hidden">${t("round.earlier_title")}</legend>
${rows.map((r) => html`<div class="check"><input type="checkbox" id="e-${r.id}" name="dossier" value="${r.id}" checked><label for="e-${r.id}">${r.code} — ${r.nominee} (${r.award}; ${r.unit})</label></div>`)}
</fieldset>
<div class="buttons"><button type="submit" class="primary">${t("round.earlier_add")}</button></div>
</form>`;
}

/** The round's latest public posting in a line, and the way to its page. */
export function postingSummary(t: Translate, roundCode: string, posting: { status: string; startsOn: string; endsOn: string; _count: { objections: number } } | null): Html {
  const state = posting
    ? t("round.posting_state", {
        state: t(posting.status === "OPEN" ? "posting.open" : "posting.last"),
        period: t("posting.period_value", { from: formatLocalDate(localDateFromIso(posting.startsOn)), to: formatLocalDate(localDateFromIso(posting.endsOn)) }),
        count: posting._count.objections,
      })
    : t("round.posting_none");
  return html`<p>${state}</p><p><a href="${CONSOLE_PATH}/rounds/${encodeURIComponent(roundCode)}/posting">${t("round.posting_open_page")}</a></p>`;
}

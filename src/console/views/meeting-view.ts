/**
 * The council meeting's views: the round page's section (the latest meeting's attendance and
 * tallies, and the entries its result asks for), the form that records a meeting, the
 * confirmation that shows each nominee's result before it is stored, and the confirmation before
 * the result's entries go to the council.
 */
import { html } from "hono/html";
import { formatDateTimeInVietnam, localDateInVietnam, timeInVietnam } from "../../time/vietnam-time.ts";
import { toIsoDate } from "../../time/local-date.ts";
import type { AgendaItem, MeetingFacts, MeetingResult, PlannedEntry } from "../../rounds/council-meeting.ts";
import type { Translate } from "../console-env.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import { MAX_MEMBERS, MEETING_FIELDS, MEETING_TEXT_MAX, tallyField } from "../meeting-form.ts";
import type { Html } from "./page-layout.ts";

/** The rules as the page states them (from the catalogue's notes). */
export interface RulesText {
  quorum: string;
  /** The threshold of each award on the agenda, by award code. */
  threshold: (awardCode: string) => string;
}

function factsList(t: Translate, f: MeetingFacts, result: Pick<MeetingResult, "quorum" | "quorumNeeded">): Html {
  return html`<dl class="facts">
<dt>${t("meeting.held")}</dt><dd>${formatDateTimeInVietnam(f.heldAt)}${f.endedAt ? ` – ${timeInVietnam(f.endedAt)}` : ""}</dd>
<dt>${t("meeting.place")}</dt><dd>${f.place}</dd>
<dt>${t("meeting.chair")}</dt><dd>${f.chair}</dd>
<dt>${t("meeting.secretary")}</dt><dd>${f.secretaryName}</dd>
<dt>${t("meeting.attendance")}</dt><dd>${t("meeting.attendance_value", { present: f.presentCount, members: f.memberCount })}</dd>
<dt>${t("meeting.quorum")}</dt><dd>${result.quorum ? t("meeting.quorum_met", { needed: result.quorumNeeded }) : html`<strong>${t("meeting.quorum_not_met", { needed: result.quorumNeeded })}</strong>`}</dd>
</dl>`;
}

function resultTable(t: Translate, agenda: readonly AgendaItem[], result: MeetingResult, memberCount: number, awardName: (code: string) => string): Html {
  const rows = result.votes.map((v) => {
    const item = agenda.find((a) => a.dossierId === v.dossierId);
    return html`<tr>
  <td data-label="${t("column.code")}">${item?.code ?? ""}</td>
  <td data-label="${t("column.nominee")}">${item?.nominee ?? ""}</td>
  <td data-label="${t("column.award")}">${item ? awardName(item.awardCode) : ""}</td>
  <td data-label="${t("meeting.votes")}">${t("meeting.votes_value", { votes: v.votesFor, members: memberCount })}</td>
  <td data-label="${t("meeting.needed")}">${v.needed > memberCount ? t("meeting.needed_none") : t("meeting.votes_value", { votes: v.needed, members: memberCount })}</td>
  <td data-label="${t("meeting.result")}"><strong>${t(v.passed ? "meeting.passed" : "meeting.failed")}</strong></td>
</tr>`;
  });
  return html`<table class="dossiers">
<thead><tr><th scope="col">${t("column.code")}</th><th scope="col">${t("column.nominee")}</th><th scope="col">${t("column.award")}</th><th scope="col">${t("meeting.votes")}</th><th scope="col">${t("meeting.needed")}</th><th scope="col">${t("meeting.result")}</th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

export interface MeetingSectionInput {
  t: Translate;
  roundCode: string;
  /** The nominees the council still has to vote on. */
  agenda: AgendaItem[];
  latest: { facts: MeetingFacts; result: MeetingResult; agenda: AgendaItem[]; plan: PlannedEntry[] } | null;
  awardName: (code: string) => string;
  /** False when entries cannot be sent from here (another council system without a staff token). */
  canSend: boolean;
}

export function meetingSection(v: MeetingSectionInput): Html {
  const { t } = v;
  const base = `${CONSOLE_PATH}/rounds/${v.roundCode}`;
  const record = v.agenda.length
    ? html`<p><a class="button" href="${base}/meeting">${t(v.latest ? "meeting.record_again" : "meeting.record")}</a></p>`
    : html`<p class="hint">${t("meeting.no_agenda")}</p>`;
  if (!v.latest) return html`<p>${t("meeting.none")}</p>${record}`;
  const { facts, result, plan } = v.latest;
  const toSend = plan.filter((p) => p.action);
  const planList = html`<ul>${plan.map((p) => html`<li>${p.code}: ${p.action ? t(`meeting.plan_${p.action}`) : t(`meeting.plan_none_${p.why}`)}</li>`)}</ul>`;
  const send = !v.canSend
    ? html`<p class="hint">${t("meeting.cannot_send")}</p>`
    : toSend.length
      ? html`<form method="post" action="${base}/recommend"><button type="submit" class="primary">${t("meeting.recommend")}</button></form>`
      : html`<p class="hint">${t("meeting.nothing_to_send")}</p>`;
  return html`<p>${t("meeting.latest")}</p>
${factsList(t, facts, result)}
${result.votes.length ? resultTable(t, v.latest.agenda, result, facts.memberCount, v.awardName) : ""}
<h3>${t("meeting.recommend_title")}</h3>
${planList}
${send}
${record}`;
}

export interface MeetingFormInput {
  t: Translate;
  roundCode: string;
  agenda: AgendaItem[];
  values: Record<string, string>;
  invalid: readonly string[];
  rules: RulesText;
  awardName: (code: string) => string;
  today: Date;
}

export function meetingFormView(v: MeetingFormInput): Html {
  const { t, values } = v;
  const bad = (name: string) => (v.invalid.includes(name) ? html` aria-invalid="true"` : "");
  const field = (name: (typeof MEETING_FIELDS)[number], input: Html) => html`<div class="field"><label for="m-${name}">${t(`meeting_form.${name}`)}</label><span class="hint" id="m-${name}-hint">${t(`meeting_form.${name}_hint`)}</span>${input}</div>`;
  const text = (name: "place" | "chair" | "secretary") => field(name, html`<input type="text" id="m-${name}" name="${name}" value="${values[name] ?? ""}" minlength="2" maxlength="${MEETING_TEXT_MAX}" required${bad(name)} aria-describedby="m-${name}-hint">`);
  const count = (name: "members" | "present") => field(name, html`<input type="number" id="m-${name}" name="${name}" value="${values[name] ?? ""}" min="${name === "members" ? 1 : 0}" max="${MAX_MEMBERS}" step="1" required${bad(name)} aria-describedby="m-${name}-hint">`);
  const tallies = v.agenda.map((a) => {
    const name = tallyField(a.code);
    return html`<div class="field"><label for="m-${name}">${a.code} — ${a.nominee}</label><span class="hint" id="m-${name}-hint">${v.awardName(a.awardCode)}. ${v.rules.threshold(a.awardCode)}</span><input type="number" id="m-${name}" name="${name}" value="${values[name] ?? ""}" min="0" max="${MAX_MEMBERS}" step="1" required${bad(name)} aria-describedby="m-${name}-hint"></div>`;
  });
  return html`<form method="post" action="${CONSOLE_PATH}/rounds/${v.roundCode}/meeting">
${field("date", html`<input type="date" id="m-date" name="date" value="${values.date ?? ""}" max="${toIsoDate(localDateInVietnam(v.today))}" required${bad("date")} aria-describedby="m-date-hint">`)}
${field("start", html`<input type="time" id="m-start" name="start" value="${values.start ?? ""}" required${bad("start")} aria-describedby="m-start-hint">`)}
${field("end", html`<input type="time" id="m-end" name="end" value="${values.end ?? ""}"${bad("end")} aria-describedby="m-end-hint">`)}
${text("place")}
${text("chair")}
${text("secretary")}
${count("members")}
${count("present")}
<p class="hint">${v.rules.quorum}</p>
<fieldset class="field"><legend>${t("meeting_form.tallies")}</legend><span class="hint">${t("meeting_form.tallies_hint")}</span>${tallies}</fieldset>
<div class="buttons"><button type="submit" class="primary">${t("entry.continue")}</button> <a href="${CONSOLE_PATH}/rounds/${v.roundCode}">${t("round_form.cancel")}</a></div>
</form>`;
}

/** The result before it is stored: the same fields again, hidden, with the nonce that stores it once. */
export function meetingConfirmView(v: { t: Translate; roundCode: string; facts: MeetingFacts; result: MeetingResult; agenda: AgendaItem[]; values: Record<string, string>; awardName: (code: string) => string; nonce: string }): Html {
  const { t } = v;
  const base = `${CONSOLE_PATH}/rounds/${v.roundCode}`;
  return html`<p>${t("meeting.confirm_intro")}</p>
${factsList(t, v.facts, v.result)}
${v.result.quorum ? "" : html`<p class="notice error" role="alert">${t("meeting.no_quorum", { present: v.facts.presentCount, members: v.facts.memberCount, needed: v.result.quorumNeeded })}</p>`}
${resultTable(t, v.agenda, v.result, v.facts.memberCount, v.awardName)}
<form method="post" action="${base}/meeting">
${Object.entries(v.values).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<input type="hidden" name="nonce" value="${v.nonce}">
<div class="buttons"><button type="submit" class="primary" name="confirm" value="1" autofocus>${t("meeting.confirm_yes")}</button> <button type="submit" name="confirm" value="edit">${t("meeting.confirm_edit")}</button></div>
</form>`;
}

/** The entries about to be sent, one line per nominee, and the nonce that sends them once. */
export function recommendConfirmView(v: { t: Translate; roundCode: string; plan: PlannedEntry[]; memberCount: number; nonce: string }): Html {
  const { t } = v;
  const base = `${CONSOLE_PATH}/rounds/${v.roundCode}`;
  const lines = v.plan.filter((p) => p.action).map((p) => html`<li>${p.code}: <strong>${t(`meeting.plan_${p.action}`)}</strong> — ${t("meeting.reason", { votes: p.votesFor, members: v.memberCount })}</li>`);
  return html`<p>${t("meeting.recommend_intro")}</p>
<ul>${lines}</ul>
<p class="notice warn">${t("confirm.irreversible")}</p>
<form method="post" action="${base}/recommend">
<input type="hidden" name="nonce" value="${v.nonce}">
<div class="buttons"><button type="submit" class="primary" name="confirm" value="1" autofocus>${t("confirm.yes")}</button> <a href="${base}">${t("confirm.no")}</a></div>
</form>`;
}

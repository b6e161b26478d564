/**
 * A dossier's page: what it is and where it stands, every answer as the form asked it, the law's
 * check, the photos (thumbnails through the console's own authorised route) and files, the
 * papers, the history, and the entries its status allows (or why there are none).
 */
import { html } from "hono/html";
import { DOCUMENT_KIND_NAMES, DOCX_MEDIA_TYPE, type DocumentKind } from "../../documents/dossier-documents.ts";
import { formatLocalDate, localDateFromIso } from "../../time/local-date.ts";
import { formatDateTimeInVietnam } from "../../time/vietnam-time.ts";
import type { ConsoleCouncil } from "../console-deps.ts";
import type { Translate } from "../console-env.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import type { DossierDetails } from "../dossier-details.ts";
import { entryForms, type EntryFormsInput } from "./entry-forms.ts";
import type { Html } from "./page-layout.ts";

export interface DossierViewInput {
  t: Translate;
  d: DossierDetails;
  awardName: string | null;
  unitLabel: string;
  council: ConsoleCouncil;
  /** The entry forms (without the dossier's own fields, filled here); null when the flow is not served. */
  forms: Omit<EntryFormsInput, "t" | "code" | "dossierKind" | "allowed"> | null;
  /** The labels of the council-review flow's entries, by value. */
  actionLabel: (action: string) => string;
  /** The objections sent while it was publicly posted (posting-view.ts), if any. */
  objections?: Html;
}

export function dossierView(v: DossierViewInput): Html {
  const { t, d } = v;
  const base = `${CONSOLE_PATH}/dossiers/${d.code}`;
  const row = (label: string, value: Html | string) => html`<dt>${label}</dt><dd>${value}</dd>`;
  const decision = d.decision
    ? row(t("dossier.status"), t("dossier.decision", { number: d.decision.number, date: formatLocalDate(localDateFromIso(d.decision.signedOn)), signer: d.decision.signer, outcome: t(`dossier.outcome.${d.decision.outcome}`) }))
    : "";
  const summary = html`<section aria-labelledby="s-summary"><h2 id="s-summary">${t("dossier.summary")}</h2><dl class="facts">
${row(t("dossier.kind"), t(`bot.dossier.kind.${d.kind}`))}
${d.nominee ? row(t("column.nominee"), d.nominee) : ""}
${v.awardName ? row(t("column.award"), v.awardName) : ""}
${row(t("dossier.unit"), v.unitLabel)}
${d.round ? row(t("filter.round"), html`<a href="${CONSOLE_PATH}/rounds/${d.round.code}">${d.round.code} — ${d.round.title}</a>`) : ""}
${row(t("dossier.submitted"), formatDateTimeInVietnam(d.submittedAt))}
${row(t("dossier.status"), html`<span class="status s-${d.status.toLowerCase()}">${t(`status.${d.status}`)}</span>`)}
${d.statusReason ? row(t("dossier.reason"), d.statusReason) : ""}
${decision}
</dl></section>`;

  const answers = html`<section aria-labelledby="s-answers"><h2 id="s-answers">${t("dossier.answers")}</h2>
${d.answers ? html`<dl class="answers">${d.answers.map((a) => row(a.label, a.value))}</dl>` : html`<p>${t("dossier.answers_gone")}</p>`}
</section>`;

  const e = d.eligibility;
  const criteria = html`<section aria-labelledby="s-criteria"><h2 id="s-criteria">${t("dossier.criteria")}</h2>
${e
  ? html`<p>${t("dossier.grantor", { title: e.grantor.title, basis: e.grantor.basis })}</p>
${e.grantor.upward ? html`<p>${t("dossier.upward")}</p>` : ""}
${e.failed.length
  ? html`<p class="warn">⚠ ${t("dossier.criteria_failed")}</p><ul class="criteria">${e.failed.map((f) => html`<li><strong>${f.article}</strong>: ${f.explanation}</li>`)}</ul>`
  : html`<p>${t("dossier.criteria_ok")}</p>`}`
  : html`<p>${t("dossier.criteria_none")}</p>`}
</section>`;

  const photos = d.files.filter((f) => f.mime.startsWith("image/"));
  const others = d.files.filter((f) => !f.mime.startsWith("image/"));
  const files = html`<section aria-labelledby="s-files"><h2 id="s-files">${t("dossier.files")}</h2>
${d.files.length
  ? html`<ul class="photos">${photos.map((f, i) => html`<li><a href="${base}/files/${f.id}"><img src="${base}/files/${f.id}?size=thumb" alt="${t("dossier.photo_alt", { n: i + 1, code: d.code })}" width="160" height="160"></a></li>`)}</ul>
${others.length ? html`<ul>${others.map((f) => html`<li><a href="${base}/files/${f.id}">${t("dossier.open_file", { name: f.fileName ?? f.mime })}</a></li>`)}</ul>` : ""}`
  : html`<p>${t("dossier.no_files")}</p>`}
</section>`;

  const documents = html`<section aria-labelledby="s-documents"><h2 id="s-documents">${t("dossier.documents")}</h2>
${d.documents.length
  ? html`<ul>${d.documents.map((doc) => html`<li><a href="${base}/documents/${doc.id}" download>${t("dossier.document", { name: DOCUMENT_KIND_NAMES[doc.kind as DocumentKind]?.vi ?? doc.fileName, version: doc.version, format: doc.mediaType === DOCX_MEDIA_TYPE ? "Word" : "PDF" })}</a></li>`)}</ul>`
  : html`<p>${t("dossier.no_documents")}</p>`}
</section>`;

  const history = html`<section aria-labelledby="s-history"><h2 id="s-history">${t("dossier.history")}</h2>
${d.history.length
  ? html`<ol class="history">${d.history.map((h) => html`<li><time datetime="${h.at.toISOString()}">${formatDateTimeInVietnam(h.at)}</time> ${historyText(t, h)}</li>`)}</ol>`
  : html`<p>${t("dossier.history_empty")}</p>`}
</section>`;

  // Read first, then act: the entries come after everything they are about.
  return html`${summary}${answers}${criteria}${files}${documents}${history}${v.objections ?? ""}${actionsSection(v)}`;
}

function historyText(t: Translate, h: DossierDetails["history"][number]): string {
  const status = h.status ? t(`status.${h.status}`) : "";
  switch (h.action) {
    case "dossier.submitted":
      return t("history.submitted");
    case "dossier.forwarded":
      return t("history.status_changed", { status: t("status.FORWARDED") });
    case "dossier.status_changed":
      return t("history.status_changed", { status });
    case "dossier.reviewed":
    case "report.verification_recorded":
      return t("history.reviewed", { action: status });
    default:
      return t("history.decision_recorded");
  }
}

/** The entries the status allows, or why there are none, and what is on its way. */
function actionsSection(v: DossierViewInput): Html {
  const { t, d, council } = v;
  const notes: Html[] = [];
  for (const p of d.pending) notes.push(html`<p class="notice info">${t("dossier.pending", { action: p === "DECIDE" ? v.actionLabel("DECIDE") : t(`status.${p}`) })}</p>`);
  if (council.external) notes.push(html`<p class="notice info">${t(council.acceptsEntries ? "council.external_entries" : "council.external", { url: council.url })}</p>`);
  let body: Html;
  if (d.kind === "GOOD_DEED_REPORT") body = html`<p>${t("dossier.report_actions")}</p>`;
  else if (!d.forwarded) body = html`<p>${t("dossier.not_forwarded")}</p>`;
  else if (council.external && !council.acceptsEntries) body = "";
  // An entry on its way is shown above; another waits until the council has taken it.
  else if (d.pending.length) body = "";
  else if (!d.allowed.length || !v.forms) body = html`<p>${t("dossier.no_actions")}</p>`;
  else body = entryForms({ ...v.forms, t, code: d.code, dossierKind: d.kind, allowed: d.allowed });
  return html`<section aria-labelledby="s-actions" class="actions"><h2 id="s-actions">${t("dossier.actions")}</h2>${notes}${body}</section>`;
}


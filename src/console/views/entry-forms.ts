/**
 * The entry forms of a dossier's page, one per entry its status allows, drawn from the
 * council-review flow's steps (entry-form.ts): a text, a date, a choice or a multi-choice field per
 * step, labelled with the step's label, its prompt as the hint, its limits as the field's limits.
 * After a refused post, the form is shown again with what was typed and the fields to fix marked.
 */
import { html } from "hono/html";
import type { Flow, Step } from "../../flows/flow-definition.ts";
import type { Lang } from "../../i18n/i18n.ts";
import { toIsoDate, yearsBefore, type LocalDate } from "../../time/local-date.ts";
import type { Translate } from "../console-env.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import { localized } from "../localized.ts";
import { actionStep, entrySteps, type PostedForm } from "../entry-form.ts";
import type { Html } from "./page-layout.ts";

export interface EntryFormsInput {
  t: Translate;
  lang: Lang;
  flow: Flow;
  code: string;
  dossierKind: string;
  allowed: readonly string[];
  today: LocalDate;
  /** The form posted and refused: its values, and the steps to fix. */
  refused?: { action: string; form: PostedForm; invalid: readonly string[] };
}

export function entryForms(v: EntryFormsInput): Html {
  const options = actionStep(v.flow)?.options ?? [];
  return html`${v.allowed.map((action) => {
    const option = options.find((o) => o.value === action);
    if (!option) return "";
    const refused = v.refused?.action === action ? v.refused : undefined;
    const fields = entrySteps(v.flow, action, v.dossierKind).map((step) => field(v, action, step, refused));
    return html`<section class="entry" aria-labelledby="entry-${action}">
<h3 id="entry-${action}">${localized(option.label, v.lang)}</h3>
<form method="post" action="${CONSOLE_PATH}/dossiers/${v.code}/entries">
<input type="hidden" name="action" value="${action}">
${fields}
<button type="submit">${v.t("entry.continue")}</button>
</form>
</section>`;
  })}`;
}

function field(v: EntryFormsInput, action: string, step: Step, refused: EntryFormsInput["refused"]): Html {
  const id = `e-${action}-${step.id}`;
  const label = html`${localized(step.label ?? step.prompt, v.lang)}${step.optional ? html` <span class="optional">${v.t("entry.optional")}</span>` : ""}`;
  const hint = html`<span class="hint" id="${id}-hint">${localized(step.prompt, v.lang)}</span>`;
  const invalid = refused?.invalid.includes(step.id) ? html` aria-invalid="true"` : "";
  const raw = refused?.form[step.id];
  const typed = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === "string");
  const required = step.optional ? "" : html` required`;
  switch (step.kind) {
    case "text": {
      const limits = html` minlength="${step.minLength}" maxlength="${step.maxLength}"`;
      const input = step.maxLength > 120
        ? html`<textarea id="${id}" name="${step.id}" rows="3"${limits}${required}${invalid} aria-describedby="${id}-hint">${typed[0] ?? ""}</textarea>`
        : html`<input type="text" id="${id}" name="${step.id}" value="${typed[0] ?? ""}"${limits}${required}${invalid} aria-describedby="${id}-hint">`;
      return html`<div class="field"><label for="${id}">${label}</label>${hint}${input}</div>`;
    }
    case "date": {
      const max = step.notFuture ? html` max="${toIsoDate(v.today)}"` : "";
      const min = step.maxYearsAgo ? html` min="${toIsoDate(yearsBefore(v.today, step.maxYearsAgo))}"` : "";
      return html`<div class="field"><label for="${id}">${label}</label>${hint}<input type="date" id="${id}" name="${step.id}" value="${typed[0] ?? ""}"${max}${min}${required}${invalid} aria-describedby="${id}-hint"></div>`;
    }
    case "choice":
    case "multi-choice": {
      const type = step.kind === "choice" ? "radio" : "checkbox";
      const boxes = step.options.map(
        (o, i) => html`<div class="check"><input type="${type}" id="${id}-${i}" name="${step.id}" value="${o.value}"${typed.includes(o.value) ? html` checked` : ""}${type === "radio" && i === 0 ? required : ""}><label for="${id}-${i}">${localized(o.label, v.lang)}</label></div>`,
      );
      return html`<fieldset class="field${invalid ? " invalid" : ""}" id="${id}" aria-describedby="${id}-hint"><legend>${label}</legend>${hint}${boxes}</fieldset>`;
    }
    default:
      return "";
  }
}

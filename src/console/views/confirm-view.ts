/**
 * The confirmation before an entry leaves: what will be recorded, field by field as the form
 * labels it, and two ways out. The confirming form carries the same fields again (they are
 * checked again when it is posted) and a random nonce, the entry's idempotency key, so a second
 * press of the button or a resent request records nothing twice.
 */
import { html } from "hono/html";
import type { Translate } from "../console-env.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import type { Html } from "./page-layout.ts";

export interface ConfirmViewInput {
  t: Translate;
  code: string;
  nominee: string;
  action: { value: string; label: string };
  /** The answers as posted (hidden fields), and as shown (label: value). */
  fields: Array<{ name: string; values: string[] }>;
  shown: Array<{ label: string; value: string }>;
  nonce: string;
}

export function confirmView(v: ConfirmViewInput): Html {
  const { t } = v;
  const base = `${CONSOLE_PATH}/dossiers/${v.code}`;
  return html`<p>${t("confirm.intro", { code: v.code, nominee: v.nominee })}</p>
<dl class="facts"><dt>${t("dossier.actions")}</dt><dd><strong>${v.action.label}</strong></dd>${v.shown.map((s) => html`<dt>${s.label}</dt><dd>${s.value}</dd>`)}</dl>
<p class="notice warn">${t("confirm.irreversible")}</p>
<form method="post" action="${base}/entries">
<input type="hidden" name="action" value="${v.action.value}">
${v.fields.flatMap((f) => f.values.map((value) => html`<input type="hidden" name="${f.name}" value="${value}">`))}
<input type="hidden" name="nonce" value="${v.nonce}">
<div class="buttons"><button type="submit" class="primary" name="confirm" value="1" autofocus>${t("confirm.yes")}</button> <a href="${base}">${t("confirm.no")}</a></div>
</form>`;
}

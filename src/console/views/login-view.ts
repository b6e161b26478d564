/** The sign-in page's body: the button that redeems the link, and how to get a link. */
import { html } from "hono/html";
import type { Translate } from "../console-env.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import type { Html } from "./page-layout.ts";

/** With a link's token: its sign-in button; without: only how to get a link. */
export function loginForm(t: Translate, token: string | undefined): Html {
  const button = token
    ? html`<p>${t("login.intro")}</p>
<form method="post" action="${CONSOLE_PATH}/login">
  <input type="hidden" name="t" value="${token}">
  <button type="submit" class="primary">${t("login.button")}</button>
</form>`
    : "";
  return html`${button}<p class="hint">${t("login.how")}</p>`;
}

/**
 * Signing in and out. `GET /login?t=…` only shows a button: chat apps open links to show a
 * preview, and a GET that used the link up would sign the preview robot in, not the secretary.
 * `POST /login` redeems the link (from our own page only) under the failed-attempt limits: checked
 * before the link is looked up, a failure counted per client address. Unknown, used, expired and
 * malformed links get one answer. A redeemed link opens a session (an HttpOnly cookie) for a
 * person who may still use the console.
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import { CONSOLE_COOKIE, setConsoleCookie } from "../console-cookies.ts";
import type { ConsoleDeps } from "../console-deps.ts";
import type { ConsoleEnv } from "../console-env.ts";
import { messagePage, renderPage } from "../console-pages.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import { loadConsoleViewer } from "../console-viewer.ts";
import { loginForm } from "../views/login-view.ts";

/** The `FailedAttempt.kind` of failed console sign-ins. */
export const CONSOLE_LINK_ATTEMPT = "console-link";

export function mountLoginRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get("/login", (c) => {
    const token = c.req.query("t");
    return renderPage(c, { title: c.var.t("login.title"), body: loginForm(c.var.t, token) });
  });

  app.post("/login", async (c) => {
    const now = deps.now();
    const keys = [`ip:${clientAddress(c)}`];
    const block = await deps.failedAttempts.check(CONSOLE_LINK_ATTEMPT, keys, now);
    if (block.blocked) {
      deps.log.warn({ limitedBy: "ip" }, "console sign-in refused: too many failed attempts");
      return messagePage(c, 429, "login.too_many", { minutes: Math.max(1, Math.ceil((block.retryAt.getTime() - now.getTime()) / 60_000)) });
    }
    const form = await c.req.parseBody();
    const redeemed = await deps.links.redeem(typeof form.t === "string" ? form.t : undefined);
    if (!redeemed.ok) {
      await deps.failedAttempts.record(CONSOLE_LINK_ATTEMPT, keys, now);
      deps.log.info({ reason: redeemed.reason }, "console sign-in failed");
      return renderPage(c, { title: c.var.t("login.title"), body: loginForm(c.var.t, undefined), notice: { kind: "error", text: c.var.t("login.invalid") } }, 400);
    }
    // The role may have been revoked since the link was issued.
    if (!(await loadConsoleViewer(deps.db, redeemed.userId))) return messagePage(c, 403, "error.forbidden");
    const token = await deps.sessions.open(redeemed.userId);
    await deps.serializeWrites(() => deps.db.auditLog.create({ data: { at: now, actorId: redeemed.userId, action: "console.signed_in", entity: "User", entityId: redeemed.userId } }));
    setConsoleCookie(c, deps.secureCookies, CONSOLE_COOKIE, token, Math.floor(deps.sessions.idleMs / 1000));
    return c.redirect(CONSOLE_PATH, 303);
  });
}

/** `POST /logout`: ends the session and forgets the cookie. */
export function mountLogoutRoute(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.post("/logout", async (c) => {
    await deps.sessions.close(getCookie(c, CONSOLE_COOKIE));
    setConsoleCookie(c, deps.secureCookies, CONSOLE_COOKIE, "", 0);
    return renderPage(c, { title: c.var.t("login.title"), body: loginForm(c.var.t, undefined), notice: { kind: "success", text: c.var.t("login.signed_out") } });
  });
}

/** The socket's address (never a forwarded header, which a client can forge). */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

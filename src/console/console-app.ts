/**
 * The secretaries' console, served by `npm start` under /console beside the web chat: sign-in with
 * a one-time link, the dossier list, a dossier's page and the council's entries on it, the review
 * rounds and their council meetings, and a round's Excel list (its template, the upload checked
 * row by row, the valid rows submitted).
 *
 * Security, on every route (the authorisation tests walk the app's own route table):
 * - the Host header must be one of ours (ALLOWED_HOSTS: DNS rebinding), else 403;
 * - a POST must come from the console's own page (`Sec-Fetch-Site` / `Origin`, as the web chat),
 *   else 403: a hostile page cannot sign someone in or out, or record an entry in their name;
 * - every route but the stylesheet, the script and the sign-in page needs a live session cookie (401) of a
 *   person who may use the console now (403: an administrator, or a secretary bound to a unit);
 *   their roles are read on every request;
 * - a dossier, its files and papers, and a round are found only within the person's scope: anything
 *   else answers 404, as an unknown code does, so a code's existence is not revealed;
 * - bodies are capped (a form's 32 KB; a round's list upload, the one larger post, 2 MB).
 * Pages carry a strict Content-Security-Policy (no inline script, no script from elsewhere: only
 * the console's own console.js, which shows a spinner while an export is prepared; without it
 * every page works the same), no-store caching, and no referrer for other sites.
 */
import { readFileSync } from "node:fs";
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import { LANGS, type Lang } from "../i18n/i18n.ts";
import { HostAllowList } from "../channels/web/host-allow-list.ts";
import { isSameOriginRequest } from "../channels/web/is-same-origin-request.ts";
import type { ConsoleDeps } from "./console-deps.ts";
import { consoleTranslator, type ConsoleEnv } from "./console-env.ts";
import { LANG_PARAM, messagePage } from "./console-pages.ts";
import { loadConsoleViewer } from "./console-viewer.ts";
import { mountLoginRoutes, mountLogoutRoute } from "./routes/login-routes.ts";
import { mountListRoutes } from "./routes/list-routes.ts";
import { mountDossierRoutes } from "./routes/dossier-routes.ts";
import { mountEntryRoutes } from "./routes/entry-routes.ts";
import { mountPostingRoutes } from "./routes/posting-routes.ts";
import { mountRoundRoutes } from "./routes/round-routes.ts";
import { mountMeetingRoutes } from "./routes/meeting-routes.ts";
import { mountExportRoutes } from "./routes/export-routes.ts";
import { MAX_IMPORT_BODY_BYTES, mountImportRoutes } from "./routes/import-routes.ts";
import { CONSOLE_COOKIE, LANG_COOKIE, setConsoleCookie } from "./console-cookies.ts";

/** The largest form body accepted: an entry's note is at most 500 characters. */
const MAX_FORM_BYTES = 32 * 1024;

/** The one post with a larger body: a round's Excel list (the console may be mounted under a prefix). */
const IMPORT_POST = /\/rounds\/[^/]+\/import$/;

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function createConsoleApp(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const css = readFileSync(new URL("./public/console.css", import.meta.url), "utf8");
  const js = readFileSync(new URL("./public/console.js", import.meta.url), "utf8");
  const hosts = new HostAllowList(deps.allowedHosts);
  const app = new Hono<ConsoleEnv>();

  /** The page's language: `?lang=` (remembered), else the remembered one, else Vietnamese. */
  const language: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
    const asked = c.req.query(LANG_PARAM);
    const chosen = LANGS.find((l) => l === asked);
    if (chosen) setConsoleCookie(c, deps.secureCookies, LANG_COOKIE, chosen, 365 * 86_400);
    const lang: Lang = chosen ?? LANGS.find((l) => l === getCookie(c, LANG_COOKIE)) ?? "vi";
    c.set("lang", lang);
    c.set("t", consoleTranslator(deps.i18n, lang));
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    // No referrer leaves for other sites (the sign-in page's URL holds its link); "no-referrer" would
    // also make Chromium send `Origin: null` on our own form posts, which the same-origin check refuses.
    c.header("Referrer-Policy", "same-origin");
    c.header("X-Frame-Options", "DENY");
    if (!c.res.headers.has("Content-Security-Policy")) c.header("Content-Security-Policy", CSP);
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  };
  const ourHost: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
    if (!hosts.allows(c.req.header("host"))) {
      deps.log.warn({ host: c.req.header("host"), path: c.req.path }, "console: Host not allowed");
      return messagePage(c, 403, "error.host");
    }
    await next();
  };
  const fromOurPage: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
    if (c.req.method !== "POST") return next();
    const headers = { origin: c.req.header("origin"), secFetchSite: c.req.header("sec-fetch-site"), host: c.req.header("host") };
    if (!isSameOriginRequest(headers)) {
      deps.log.warn({ origin: headers.origin, secFetchSite: headers.secFetchSite, path: c.req.path }, "console: cross-site request refused");
      return messagePage(c, 403, "error.cross_site");
    }
    await next();
  };
  /** The session's person, who must (still) be allowed in; sets `viewer` and `scopeLine`. */
  const signedIn: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
    const token = getCookie(c, CONSOLE_COOKIE);
    const session = await deps.sessions.find(token);
    if (!session) return messagePage(c, 401, "error.need_login");
    const viewer = await loadConsoleViewer(deps.db, session.userId);
    if (!viewer) return messagePage(c, 403, "error.forbidden");
    if (session.renewed) setConsoleCookie(c, deps.secureCookies, CONSOLE_COOKIE, token!, Math.floor(deps.sessions.idleMs / 1000));
    c.set("viewer", viewer);
    c.set("scopeLine", viewer.scope.all ? c.var.t("scope.all") : c.var.t("scope.unit", { unit: deps.units.label(viewer.scope.unitId) }));
    await next();
  };

  // Forms are a few fields: a larger body (the sign-in POST is public) is refused before it is read.
  // Only a round's list upload, behind the sign-in check in its route, may be larger.
  const tooLarge = (c: Context) => messagePage(c as Context<ConsoleEnv>, 413, "error.too_large");
  const formLimit = bodyLimit({ maxSize: MAX_FORM_BYTES, onError: tooLarge });
  const uploadLimit = bodyLimit({ maxSize: MAX_IMPORT_BODY_BYTES, onError: tooLarge });
  const limit: MiddlewareHandler<ConsoleEnv> = (c, next) => (c.req.method === "POST" && IMPORT_POST.test(c.req.path) ? uploadLimit : formLimit)(c, next);

  // Middleware is registered with `use` only, so the route table (`app.routes`) tells it from routes.
  app.use("*", language, ourHost, fromOurPage, limit);
  app.get("/console.css", (c) => c.body(css, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "no-cache" }));
  app.get("/console.js", (c) => c.body(js, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" }));
  mountLoginRoutes(app, deps);
  app.use("*", signedIn);
  mountLogoutRoute(app, deps);
  mountListRoutes(app, deps);
  mountDossierRoutes(app, deps);
  mountEntryRoutes(app, deps);
  mountPostingRoutes(app, deps);
  mountRoundRoutes(app, deps);
  mountMeetingRoutes(app, deps);
  mountExportRoutes(app, deps);
  mountImportRoutes(app, deps);

  // Last: under /console, an unknown path is the console's 404 (signed-in people only), also when mounted.
  app.on(["GET", "POST"], "*", (c) => messagePage(c, 404, "error.not_found"));
  app.onError((err, c) => {
    deps.log.error({ err, method: c.req.method, path: c.req.path }, "console: unexpected error");
    return messagePage(c, 500, "error.internal");
  });
  return app;
}

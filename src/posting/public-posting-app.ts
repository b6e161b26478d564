/**
 * The public pages of posted lists, mounted by src/main.ts at /cong-khai: `GET /cong-khai/<code>`
 * shows a posting to anyone, read-only. The code is random (public-postings.ts): a page cannot be
 * found from a round's or a dossier's code. An unknown or malformed code, and a posting whose round
 * is gone, get the same 404 page, so nothing tells a guesser how close they came. A closed posting
 * still shows, saying it has ended.
 *
 * As the web chat and the console: the Host header must be one of ours (DNS rebinding), pages carry
 * a strict Content-Security-Policy (no script, no form), no-store caching and no referrer; no route
 * sets a cookie or takes a body.
 */
import { readFileSync } from "node:fs";
import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { HostAllowList } from "../channels/web/host-allow-list.ts";
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import type { Db } from "../db/open-database.ts";
import { LANGS, type I18n, type Lang } from "../i18n/i18n.ts";
import type { AppLog } from "../log.ts";
import { formatLocalDate, localDateFromIso, toIsoDate } from "../time/local-date.ts";
import { localDateInVietnam } from "../time/vietnam-time.ts";
import { isPublicCode, postedEntries } from "./public-postings.ts";
import { notFoundView, publicPostingView, type PublicPostingPage } from "./public-posting-view.ts";

export interface PublicPostingAppDeps {
  db: Db;
  units: UnitDirectory;
  i18n: I18n;
  allowedHosts: readonly string[];
  now: () => Date;
  log: AppLog;
}

const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

export function createPublicPostingApp(deps: PublicPostingAppDeps): Hono {
  const css = readFileSync(new URL("./public/cong-khai.css", import.meta.url), "utf8");
  const hosts = new HostAllowList(deps.allowedHosts);
  const app = new Hono();

  app.use("*", async (c, next) => {
    if (!hosts.allows(c.req.header("host"))) {
      deps.log.warn({ host: c.req.header("host"), path: c.req.path }, "public posting: Host not allowed");
      return c.text("Forbidden", 403);
    }
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-Frame-Options", "DENY");
    c.header("Content-Security-Policy", CSP);
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  });
  app.get("/cong-khai.css", (c) => c.body(css, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "no-cache" }));

  app.get("/:publicCode", async (c) => {
    const lang: Lang = LANGS.find((l) => l === c.req.query("lang")) ?? "vi";
    const t = (key: string, params?: Record<string, string | number>) => deps.i18n.t(lang, key, params);
    const code = c.req.param("publicCode").toUpperCase();
    const posting = isPublicCode(code)
      ? await deps.db.publicPosting.findUnique({ where: { publicCode: code }, include: { round: true } })
      : null;
    if (!posting) return page(c, notFoundView(t, lang), 404);
    const today = toIsoDate(localDateInVietnam(deps.now()));
    const view: PublicPostingPage = {
      title: posting.round.title,
      unit: deps.units.label(posting.round.unitId),
      from: formatLocalDate(localDateFromIso(posting.startsOn)),
      to: formatLocalDate(localDateFromIso(posting.endsOn)),
      state: posting.status === "CLOSED" ? "closed" : today < posting.startsOn ? "upcoming" : today > posting.endsOn ? "ended" : "running",
      result: posting.result ? t(`bot.posting.result.${posting.result}`) : null,
      entries: await postedEntries(deps.db, posting.id),
    };
    return page(c, publicPostingView(t, lang, view));
  });

  app.on(["GET", "HEAD"], "*", (c) => page(c, notFoundView((key) => deps.i18n.t("vi", key), "vi"), 404));
  app.onError((err, c) => {
    deps.log.error({ err, path: c.req.path }, "public posting: unexpected error");
    return c.text("Lỗi hệ thống, vui lòng thử lại sau.", 500);
  });
  return app;
}

async function page(c: Context, body: ReturnType<typeof notFoundView>, status: ContentfulStatusCode = 200): Promise<Response> {
  return c.html(await body, status);
}

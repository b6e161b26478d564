/**
 * Review rounds (đợt xét) in the console: `GET /rounds` the rounds of the person's scope,
 * `GET /rounds/new` + `POST /rounds` open one (for a unit within the scope), `GET /rounds/:round`
 * its page, `POST /rounds/:round/close` close it (a confirmation page first), and
 * `POST /rounds/:round/dossiers` put in nominations sent before it opened, and
 * `GET /rounds/:round/documents/:file` one of its papers (tờ trình, biên bản), made when asked.
 * A round outside the scope answers 404, as an unknown code does.
 */
import type { Context, Hono } from "hono";
import { attachmentDisposition } from "../../documents/document-links.ts";
import { addToRound, closeRound, createRound } from "../../rounds/review-rounds.ts";
import { localDateInVietnam } from "../../time/vietnam-time.ts";
import type { ConsoleDeps } from "../console-deps.ts";
import type { ConsoleEnv } from "../console-env.ts";
import { FILE_HEADERS, messagePage, renderPage } from "../console-pages.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import { scopeUnitOptions } from "../dossier-list.ts";
import { inScope } from "../dossier-details.ts";
import { ROUND_CODE } from "../list-filters.ts";
import { newRoundValues, readRoundForm, type RoundFormField, type RoundFormValues } from "../round-form.ts";
import { roundInScope, roundsInScope } from "../round-list.ts";
import { closeRoundConfirmView } from "../views/round-page-view.ts";
import { roundFormView, roundsListView } from "../views/round-views.ts";
import { roundPapers, showRound } from "./round-page.ts";

/** Papers may hold personal data: kept by nobody's cache, never rendered as a page. */

/** The route's round when the person's scope covers it, else null. */
export async function routeRound(c: Context<ConsoleEnv>, deps: ConsoleDeps) {
  const code = c.req.param("round") ?? "";
  return ROUND_CODE.test(code) ? roundInScope(deps, c.var.viewer.scope, code) : null;
}

export function mountRoundRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get("/rounds", async (c) => {
    const unit = askedUnit(c, deps);
    if (unit === false) return messagePage(c, 403, "error.out_of_scope");
    const rounds = await roundsInScope(deps, unit ? { all: false, unitId: unit } : c.var.viewer.scope);
    return renderPage(c, { title: c.var.t("rounds.title"), body: roundsListView({ t: c.var.t, rounds, unitLabel: (id) => deps.units.label(id) }) });
  });

  app.get("/rounds/new", (c) => {
    const unit = askedUnit(c, deps);
    if (unit === false) return messagePage(c, 403, "error.out_of_scope");
    const { scope } = c.var.viewer;
    const today = localDateInVietnam(deps.now());
    // The unit asked for (`?unit=`), else the secretary's own; an administrator picks one.
    return showForm(c, deps, newRoundValues(unit ?? (scope.all ? "" : scope.unitId), today), []);
  });

  app.post("/rounds", async (c) => {
    const { viewer, t } = c.var;
    const now = deps.now();
    const form = await c.req.parseBody();
    const known = (unitId: string) => deps.units.units.some((u) => u.id === unitId);
    // The unit is a choice among the scope's: another one was not picked on our page, and is refused as the list refuses it.
    if (typeof form.unit === "string" && known(form.unit) && !inScope(viewer.scope, form.unit, deps.units)) return messagePage(c, 403, "error.out_of_scope");
    const read = readRoundForm(form, localDateInVietnam(now), known);
    if (!read.ok) return showForm(c, deps, read.values, read.invalid, t("round_form.invalid", { fields: read.invalid.map((f) => t(`round_form.${f}`)).join(", ") }), 400);
    const round = await deps.serializeWrites(() => deps.db.$transaction((tx) => createRound(tx, { ...read.round, createdById: viewer.userId, now })));
    deps.log.info({ round: round.code, unitId: round.unitId, userId: viewer.userId }, "console: review round opened");
    return c.redirect(`${CONSOLE_PATH}/rounds/${round.code}?done=opened`, 303);
  });

  app.get("/rounds/:round", async (c) => {
    const round = await routeRound(c, deps);
    if (!round) return messagePage(c, 404, "error.not_found");
    const done = c.req.query("done");
    const known = ["opened", "closed", "meeting", "recommended", "added"].find((d) => d === done);
    return showRound(c, deps, round, known ? { notice: { kind: "success", text: c.var.t(`round.done_${known}`, { code: round.code }) } } : {});
  });

  // Earlier nominations put in the round (those it would have taken, checked again in the transaction).
  app.post("/rounds/:round/dossiers", async (c) => {
    const { viewer, t } = c.var;
    const round = await routeRound(c, deps);
    if (!round) return messagePage(c, 404, "error.not_found");
    if (round.status !== "OPEN") return showRound(c, deps, round, { notice: { kind: "error", text: t("round.already_closed") } }, 409);
    const form = await c.req.parseBody({ all: true });
    const chosen = [form.dossier ?? []].flat().filter((v): v is string => typeof v === "string");
    const added = chosen.length ? await deps.serializeWrites(() => deps.db.$transaction((tx) => addToRound(tx, deps.units, round, chosen, viewer.userId, deps.now()))) : 0;
    if (!added) return showRound(c, deps, round, { notice: { kind: "error", text: t("round.earlier_none_chosen") } }, 400);
    deps.log.info({ round: round.code, added, userId: viewer.userId }, "console: earlier dossiers put in a round");
    return c.redirect(`${CONSOLE_PATH}/rounds/${round.code}?done=added`, 303);
  });

  app.post("/rounds/:round/close", async (c) => {
    const { viewer, t } = c.var;
    const round = await routeRound(c, deps);
    if (!round) return messagePage(c, 404, "error.not_found");
    if (round.status !== "OPEN") return showRound(c, deps, round, { notice: { kind: "error", text: t("round.already_closed") } }, 409);
    const form = await c.req.parseBody();
    if (form.confirm !== "1") return renderPage(c, { title: t("round.close_title"), body: closeRoundConfirmView(t, round) });
    // Closed once, whoever presses first: the status is checked again in the transaction.
    const closed = await deps.serializeWrites(() =>
      deps.db.$transaction(async (tx) => {
        const current = await tx.reviewRound.findUnique({ where: { id: round.id }, select: { status: true } });
        if (current?.status !== "OPEN") return false;
        await closeRound(tx, round.id, viewer.userId, deps.now());
        return true;
      }),
    );
    if (closed) deps.log.info({ round: round.code, userId: viewer.userId }, "console: review round closed");
    return c.redirect(`${CONSOLE_PATH}/rounds/${round.code}?done=closed`, 303);
  });

  app.get("/rounds/:round/documents/:file", async (c) => {
    const round = await routeRound(c, deps);
    const papers = round ? await roundPapers(deps, round) : [];
    const paper = papers.find((p) => p.fileName === c.req.param("file"));
    if (!round || !paper) return messagePage(c, 404, "error.not_found");
    return c.body(Buffer.from(paper.bytes), 200, { ...FILE_HEADERS, "Content-Type": paper.mediaType, "Content-Disposition": attachmentDisposition(paper.fileName) });
  });
}

/**
 * The unit a page was asked for (`?unit=`): undefined when none, false when it is outside the
 * person's scope (refused rather than shown empty, as the dossier list does).
 */
function askedUnit(c: Context<ConsoleEnv>, deps: ConsoleDeps): string | undefined | false {
  const unit = c.req.query("unit")?.trim();
  if (!unit) return undefined;
  return inScope(c.var.viewer.scope, unit, deps.units) ? unit : false;
}

/** The new round's form, with the units of the scope. */
function showForm(c: Context<ConsoleEnv>, deps: ConsoleDeps, values: RoundFormValues, invalid: RoundFormField[], error?: string, status: 200 | 400 = 200) {
  const labelled = scopeUnitOptions(deps.units, c.var.viewer.scope);
  return renderPage(
    c,
    { title: c.var.t("rounds.new"), body: roundFormView({ t: c.var.t, values, invalid, units: labelled }), ...(error ? { notice: { kind: "error" as const, text: error } } : {}) },
    status,
  );
}

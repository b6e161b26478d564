/**
 * A review round's public posting (công khai) in the console, all within the person's scope (the
 * round's unit; 404 otherwise, as for an unknown code):
 * - `GET /rounds/:round/posting`: the latest posting (short link, list, objections with an answer
 *   form each, the close form), or the publish form with the period prefilled (5 working days);
 * - `POST /rounds/:round/posting`: publish, after a confirmation page (`confirm=1`);
 * - `POST /rounds/:round/posting/close`: close with the result and a note, after a confirmation;
 * - `POST /rounds/:round/posting/objections/:id/answer` and `POST /dossiers/:code/objections/:id/answer`:
 *   answer an objection (once); its sender is told in their chat.
 * After a change, a redirect back to the page (`?done=`), so a reload posts nothing twice.
 */
import type { Context, Hono } from "hono";
import { POSTING_NOTE_MAX, POSTING_RESULTS, postedEntries, type PostingResult } from "../../posting/public-postings.ts";
import type { ConsoleDeps } from "../console-deps.ts";
import type { ConsoleEnv } from "../console-env.ts";
import { messagePage, renderPage } from "../console-pages.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import { inScope } from "../dossier-details.ts";
import { loadObjections, readNote } from "../posting-details.ts";
import { roundInScope } from "../round-list.ts";
import type { PageFrame } from "../views/page-layout.ts";
import { closeConfirmView, postingPageView, publishConfirmView } from "../views/posting-view.ts";

type Round = NonNullable<Awaited<ReturnType<typeof roundInScope>>>;
const DONE = ["published", "closed", "answered"];

export function mountPostingRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  const round = (c: Context<ConsoleEnv>) => roundInScope(deps, c.var.viewer.scope, c.req.param("round")!);
  const back = (r: Round, done: string) => `${CONSOLE_PATH}/rounds/${r.code}/posting?done=${done}`;

  app.get("/rounds/:round/posting", async (c) => {
    const r = await round(c);
    if (!r) return messagePage(c, 404, "error.not_found");
    const done = c.req.query("done");
    return showPosting(c, deps, r, done && DONE.includes(done) ? { kind: "success", text: c.var.t(`posting.done_${done}`) } : undefined);
  });

  app.post("/rounds/:round/posting", async (c) => {
    const r = await round(c);
    if (!r) return messagePage(c, 404, "error.not_found");
    const { t, viewer } = c.var;
    const form = await c.req.parseBody();
    const period = deps.postings.checkPeriod(String(form.startsOn ?? ""), String(form.endsOn ?? ""));
    if (!period) return showPosting(c, deps, r, { kind: "error", text: t("posting.bad_period") }, 400);
    if (form.confirm !== "1") {
      const count = (await deps.postings.candidates(r.id)).length;
      if (!count) return showPosting(c, deps, r, { kind: "error", text: t("posting.refused_empty") }, 409);
      return renderPage(c, { title: t("posting.confirm_title"), body: publishConfirmView(t, r.code, period, count) });
    }
    const outcome = await deps.postings.publish({ roundId: r.id, ...period, actorId: viewer.userId });
    if (!outcome.ok) return showPosting(c, deps, r, { kind: "error", text: t(`posting.refused_${outcome.reason}`) }, 409);
    deps.log.info({ round: r.code, postingId: outcome.postingId, notified: outcome.notified, userId: viewer.userId }, "console: list posted publicly");
    return c.redirect(back(r, "published"), 303);
  });

  app.post("/rounds/:round/posting/close", async (c) => {
    const r = await round(c);
    if (!r) return messagePage(c, 404, "error.not_found");
    const { t, viewer } = c.var;
    const posting = await deps.db.publicPosting.findFirst({ where: { roundId: r.id, status: "OPEN" } });
    if (!posting) return showPosting(c, deps, r, { kind: "error", text: t("posting.refused_not_open") }, 409);
    const form = await c.req.parseBody();
    const result = POSTING_RESULTS.find((x) => x === form.result);
    const note = readNote(form.note, POSTING_NOTE_MAX) ?? "";
    const objections = await deps.db.objection.count({ where: { postingId: posting.id } });
    const problem = !result ? "posting.refused_result" : result === "KHONG_CO_Y_KIEN" && objections ? "posting.refused_has_objections" : result === "CO_Y_KIEN_DA_XU_LY" && !note ? "posting.refused_note" : null;
    if (problem) return showPosting(c, deps, r, { kind: "error", text: t(problem) }, 400);
    if (form.confirm !== "1") return renderPage(c, { title: t("posting.confirm_title"), body: closeConfirmView(t, r.code, result!, note) });
    if (!(await deps.postings.close({ postingId: posting.id, result: result as PostingResult, note, actorId: viewer.userId }))) {
      return showPosting(c, deps, r, { kind: "error", text: t("posting.refused_not_open") }, 409);
    }
    deps.log.info({ round: r.code, postingId: posting.id, result, userId: viewer.userId }, "console: public posting closed");
    return c.redirect(back(r, "closed"), 303);
  });

  app.post("/rounds/:round/posting/objections/:id/answer", async (c) => {
    const r = await round(c);
    const objection = r ? await deps.db.objection.findUnique({ where: { id: c.req.param("id") }, include: { posting: true } }) : null;
    if (!r || !objection || objection.posting.roundId !== r.id) return messagePage(c, 404, "error.not_found");
    const error = await answer(c, deps, objection.id);
    if (error) return showPosting(c, deps, r, { kind: "error", text: c.var.t(error) }, 400);
    return c.redirect(back(r, "answered"), 303);
  });

  app.post("/dossiers/:code/objections/:id/answer", async (c) => {
    const dossier = await deps.db.dossier.findUnique({ where: { code: c.req.param("code") } });
    const objection = dossier && inScope(c.var.viewer.scope, dossier.unitId, deps.units) ? await deps.db.objection.findUnique({ where: { id: c.req.param("id") } }) : null;
    if (!dossier || !objection || objection.dossierId !== dossier.id) return messagePage(c, 404, "error.not_found");
    const error = await answer(c, deps, objection.id);
    const to = `${CONSOLE_PATH}/dossiers/${dossier.code}`;
    // The dossier's page shows the objections; an error is shown there as the posting page shows it.
    return c.redirect(error ? `${to}?objection=${error === "posting.answer_invalid" ? "invalid" : "already"}#s-objections` : `${to}?objection=answered#s-objections`, 303);
  });
}

/** Records the answer typed in the form; the string key of why not, or null. */
async function answer(c: Context<ConsoleEnv>, deps: ConsoleDeps, objectionId: string): Promise<string | null> {
  const form = await c.req.parseBody();
  const text = readNote(form.answer, POSTING_NOTE_MAX);
  if (!text) return "posting.answer_invalid";
  if (!(await deps.postings.answer({ objectionId, answer: text, actorId: c.var.viewer.userId }))) return "posting.answer_already";
  deps.log.info({ objectionId, userId: c.var.viewer.userId }, "console: objection answered");
  return null;
}

async function showPosting(c: Context<ConsoleEnv>, deps: ConsoleDeps, r: Round, notice?: PageFrame["notice"], status: 200 | 400 | 409 = 200): Promise<Response> {
  const { t } = c.var;
  const posting = await deps.db.publicPosting.findFirst({ where: { roundId: r.id }, orderBy: { publishedAt: "desc" } });
  const open = posting?.status === "OPEN";
  const body = postingPageView({
    t,
    round: r,
    unitLabel: deps.units.label(r.unitId),
    posting: posting
      ? { ...posting, url: deps.postings.publicUrl(posting.publicCode), entries: await postedEntries(deps.db, posting.id) }
      : null,
    objections: posting ? await loadObjections(deps.db, { postingId: posting.id }) : [],
    publish: open ? null : { ...deps.postings.defaultPeriod(), candidates: await deps.postings.candidates(r.id) },
  });
  return renderPage(c, { title: t("posting.title", { code: r.code }), body, ...(notice ? { notice } : {}) }, status);
}

/**
 * `POST /dossiers/:code/entries`: a council entry on a dossier, in two steps. The form's post is
 * checked (entry-form.ts) and answered with a confirmation page; the confirmation's post is checked
 * again and queued through the same service as the chat's (src/council/council-entries.ts), which
 * checks the scope and the status once more in its transaction. Then the page shows it was sent;
 * the submitter hears of it in the chat once the council has it. A refused entry sends nothing and
 * shows why, with the form as it was typed.
 */
import type { Hono } from "hono";
import { councilEntryAnswer } from "../../council/council-entry-answer.ts";
import { queueCouncilEntry, type EntryQueued } from "../../council/council-entries.ts";
import { formatAnswer } from "../../flows/advance-run.ts";
import { COUNCIL_TRANSITION_JOB } from "../../outbox/jobs.ts";
import { jobsInUse } from "../../jobs/jobs-in-use.ts";
import { newSessionToken, isSessionToken } from "../../security/session-token.ts";
import { localDateInVietnam } from "../../time/vietnam-time.ts";
import type { ConsoleDeps } from "../console-deps.ts";
import type { ConsoleEnv } from "../console-env.ts";
import { messagePage, renderPage } from "../console-pages.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import { loadDossierDetails } from "../dossier-details.ts";
import { localized } from "../localized.ts";
import { actionStep, COUNCIL_REVIEW_FLOW, readEntryForm } from "../entry-form.ts";
import { confirmView } from "../views/confirm-view.ts";
import { showDossier } from "./dossier-page.ts";

export function mountEntryRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.post("/dossiers/:code/entries", async (c) => {
    const { t, lang, viewer } = c.var;
    const d = await loadDossierDetails(deps, viewer.scope, c.req.param("code"), lang);
    if (!d) return messagePage(c, 404, "error.not_found");
    const flow = deps.flows.current.get(COUNCIL_REVIEW_FLOW);
    if (!flow || (deps.council.external && !deps.council.acceptsEntries)) return showDossier(c, deps, d, {}, 409);

    const form = await c.req.parseBody({ all: true });
    const now = deps.now();
    const read = readEntryForm(flow, d.code, d.kind, form, localDateInVietnam(now));
    if (!read.ok) {
      const labels = read.invalid.map((id) => {
        const step = flow.steps.find((s) => s.id === id);
        return step ? localized(step.label ?? step.prompt, lang) : id;
      });
      return showDossier(c, deps, d, { notice: { kind: "error", text: t("entry.invalid", { fields: labels.join(", ") }) }, refused: { action: read.action, form, invalid: read.invalid } }, 400);
    }
    const actionLabel = localized(actionStep(flow)!.options.find((o) => o.value === read.entry.action)!.label, lang);

    if (form.confirm !== "1") {
      const ctx = deps.runContext(now);
      const body = confirmView({
        t,
        code: d.code,
        nominee: d.nominee ?? t(`bot.dossier.kind.${d.kind}`),
        action: { value: read.entry.action, label: actionLabel },
        fields: read.steps.flatMap((s) => {
          const answer = read.answers[s.id];
          return answer === undefined || answer === null ? [] : [{ name: s.id, values: Array.isArray(answer) ? answer.map(String) : [String(answer)] }];
        }),
        shown: read.steps.map((s) => ({ label: localized(s.label ?? s.prompt, lang), value: formatAnswer(s, read.answers[s.id] ?? null, ctx, lang) })),
        nonce: newSessionToken(),
      });
      return renderPage(c, { title: t("confirm.title"), body });
    }

    const nonce = typeof form.nonce === "string" ? form.nonce : undefined;
    if (!isSessionToken(nonce)) return showDossier(c, deps, d, {}, 400);
    // The nonce is the job's key: a confirmation posted twice queues one entry.
    const key = `${COUNCIL_TRANSITION_JOB.kind}:console:${nonce}`;
    const queued: EntryQueued | "already" = await deps.serializeWrites(() =>
      deps.db.$transaction(async (tx) => {
        if ((await jobsInUse().statusOf(tx, COUNCIL_TRANSITION_JOB, key)) !== null) return "already" as const;
        return queueCouncilEntry(tx, { entry: read.entry, actor: { id: viewer.userId, scope: viewer.scope.all ? null : viewer.scope.unitId }, key, now, units: deps.units });
      }),
    );
    if (queued === "already") return showDossier(c, deps, d, { notice: { kind: "success", text: t("entry.already") } });
    if (!queued.ok) return showDossier(c, deps, d, { notice: { kind: "error", text: councilEntryAnswer(queued, t) } }, 409);
    deps.log.info({ code: d.code, action: queued.action, userId: viewer.userId }, "console: council entry queued");
    return c.redirect(`${CONSOLE_PATH}/dossiers/${d.code}?done=${queued.action}`, 303);
  });
}

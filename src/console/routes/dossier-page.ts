/**
 * Renders a dossier's page for the routes that show it: the page itself, and an entry refused or
 * answered (with its notice, and the refused form filled again).
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { localDateInVietnam } from "../../time/vietnam-time.ts";
import type { ConsoleDeps } from "../console-deps.ts";
import type { ConsoleEnv } from "../console-env.ts";
import { renderPage } from "../console-pages.ts";
import type { DossierDetails } from "../dossier-details.ts";
import { localized } from "../localized.ts";
import { actionStep, COUNCIL_REVIEW_FLOW } from "../entry-form.ts";
import { dossierView } from "../views/dossier-view.ts";
import type { PageFrame } from "../views/page-layout.ts";
import type { EntryFormsInput } from "../views/entry-forms.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import { loadObjections } from "../posting-details.ts";
import { objectionsSection } from "../views/posting-view.ts";

export async function showDossier(
  c: Context<ConsoleEnv>,
  deps: ConsoleDeps,
  d: DossierDetails,
  opts: { notice?: PageFrame["notice"]; refused?: EntryFormsInput["refused"] } = {},
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  const { t, lang } = c.var;
  const flow = deps.flows.current.get(COUNCIL_REVIEW_FLOW);
  const award = d.awardCode ? await deps.db.awardType.findUnique({ where: { code: d.awardCode } }) : null;
  const options = flow ? (actionStep(flow)?.options ?? []) : [];
  const objections = await loadObjections(deps.db, { dossierId: d.id });
  const body = dossierView({
    t,
    d,
    awardName: award?.name ?? d.awardCode,
    unitLabel: deps.units.label(d.unitId),
    council: deps.council,
    forms: flow ? { lang, flow, today: localDateInVietnam(deps.now()), ...(opts.refused ? { refused: opts.refused } : {}) } : null,
    ...(objections.length ? { objections: objectionsSection(t, objections, (o) => `${CONSOLE_PATH}/dossiers/${d.code}/objections/${o.id}/answer`) } : {}),
    actionLabel: (action) => {
      const option = options.find((o) => o.value === action);
      return option ? localized(option.label, lang) : action;
    },
  });
  return renderPage(c, { title: `${d.code}${d.nominee ? ` — ${d.nominee}` : ""}`, body, ...(opts.notice ? { notice: opts.notice } : {}) }, status);
}

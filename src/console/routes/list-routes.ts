/** `GET /`: the dossier list of the person's scope, filtered by the query string. */
import type { Hono } from "hono";
import type { ConsoleDeps } from "../console-deps.ts";
import type { ConsoleEnv } from "../console-env.ts";
import { messagePage, renderPage } from "../console-pages.ts";
import { asksOutsideScope, listDossiers, scopeUnitOptions } from "../dossier-list.ts";
import { readListFilters } from "../list-filters.ts";
import { listView } from "../views/list-view.ts";
import { roundsInScope } from "../round-list.ts";
import { subjectLabel } from "../subject-label.ts";

export function mountListRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get("/", async (c) => {
    const { t, viewer } = c.var;
    const { filters, badDate } = readListFilters(c.req.query(), deps.now());
    const { units } = deps;
    if (asksOutsideScope(units, viewer.scope, filters)) return messagePage(c, 403, "error.out_of_scope");
    const [list, awardTypes, rounds] = await Promise.all([
      listDossiers(deps.db, units, viewer.scope, filters),
      deps.db.awardType.findMany({ orderBy: { name: "asc" } }),
      roundsInScope(deps, viewer.scope),
    ]);
    const body = listView({
      t,
      filters,
      list,
      units: scopeUnitOptions(units, viewer.scope),
      awards: new Map(awardTypes.map((a) => [a.code, a.name])),
      unitLabel: (id) => units.label(id),
      rounds,
      subjectLabel: (kind, subject) => subjectLabel(deps.flows, kind, subject, c.var.lang),
      shareReference: deps.shareReference,
    });
    return renderPage(c, { title: t("list.title"), body, ...(badDate ? { notice: { kind: "error" as const, text: t("filter.bad_date") } } : {}) });
  });
}

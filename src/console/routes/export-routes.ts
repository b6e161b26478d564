/**
 * Downloads of the console, each within the person's scope only:
 * - `GET /export.xlsx` and `GET /export.csv`: every dossier the list's filters match (the same
 *   query string as the list page, read by the same `readListFilters`), not just a page; more
 *   than {@link EXPORT_LIMIT} are refused with a message asking to narrow the filters;
 * - `GET /rounds/:round/documents.zip`: a review round's papers (404 for a round outside the scope,
 *   as for an unknown code).
 * Files carry `Content-Disposition: attachment` with the Vietnamese name (and an ASCII fallback),
 * and are cached by no one. Each answer sets the page's download mark (exports/download-mark.ts).
 */
import type { Context, Hono } from "hono";
import { attachmentDisposition } from "../../documents/document-links.ts";
import { formatLocalDate, toIsoDate } from "../../time/local-date.ts";
import { localDateInVietnam } from "../../time/vietnam-time.ts";
import type { ConsoleDeps } from "../console-deps.ts";
import type { ConsoleEnv } from "../console-env.ts";
import { FILE_HEADERS, messagePage } from "../console-pages.ts";
import { roundInScope } from "../round-list.ts";
import { asksOutsideScope } from "../dossier-list.ts";
import { readListFilters } from "../list-filters.ts";
import { markDownload } from "../exports/download-mark.ts";
import { exportHeading } from "../exports/export-heading.ts";
import { EXPORT_LIMIT, exportRows } from "../exports/export-rows.ts";
import { exportTable } from "../exports/export-table.ts";
import { roundZip, ZIP_MEDIA_TYPE } from "../exports/round-zip.ts";
import { CSV_MEDIA_TYPE, writeCsv } from "../exports/write-csv.ts";
import { writeXlsx, XLSX_MEDIA_TYPE } from "../exports/write-xlsx.ts";

type Format = "xlsx" | "csv";

export function mountExportRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get("/export.xlsx", (c) => listExport(c, deps, "xlsx"));
  app.get("/export.csv", (c) => listExport(c, deps, "csv"));

  app.get("/rounds/:round/documents.zip", async (c) => {
    markDownload(c, deps.secureCookies);
    const round = await roundInScope(deps, c.var.viewer.scope, c.req.param("round"));
    if (!round) return messagePage(c, 404, "error.not_found");
    const now = deps.now();
    const bytes = await roundZip(deps, round.id, toIsoDate(localDateInVietnam(now)), now);
    return download(c, bytes, ZIP_MEDIA_TYPE, `${c.var.t("export.zip_name", { code: round.code })}.zip`);
  });
}

async function listExport(c: Context<ConsoleEnv>, deps: ConsoleDeps, format: Format): Promise<Response> {
  markDownload(c, deps.secureCookies);
  const { t, viewer } = c.var;
  const now = deps.now();
  const { filters, badDate } = readListFilters(c.req.query(), now);
  // The list page shows a bad date and ignores it; a file must not hold another set than asked for.
  if (badDate) return messagePage(c, 400, "filter.bad_date");
  if (asksOutsideScope(deps.units, viewer.scope, filters)) return messagePage(c, 403, "error.out_of_scope");
  const found = await exportRows(deps, viewer.scope, filters, { kind: (k) => t(`bot.dossier.kind.${k}`), status: (s) => t(`status.${s}`) });
  if (!found.ok) return messagePage(c, 422, "export.too_many", { count: found.total, limit: EXPORT_LIMIT });

  const award = filters.award ? await deps.db.awardType.findUnique({ where: { code: filters.award } }) : null;
  const today = localDateInVietnam(now);
  const lines = exportHeading({
    t,
    filters,
    scopeLine: c.var.scopeLine,
    unitLabel: (id) => deps.units.label(id),
    awardName: (code) => award?.name ?? code,
    madeOn: formatLocalDate(today),
  });
  const table = exportTable(t, found.rows, lines);
  const name = `${t("export.file_name")} ${toIsoDate(today)}.${format}`;
  return format === "xlsx" ? download(c, await writeXlsx(table, now), XLSX_MEDIA_TYPE, name) : download(c, writeCsv(table), CSV_MEDIA_TYPE, name);
}

function download(c: Context<ConsoleEnv>, bytes: Uint8Array, mediaType: string, fileName: string): Response {
  return c.body(Buffer.from(bytes), 200, {
    ...FILE_HEADERS,
    "Content-Type": mediaType,
    "Content-Length": String(bytes.byteLength),
    "Content-Disposition": attachmentDisposition(fileName),
  });
}

/**
 * A round's Excel list (`/rounds/:round/import`): the template of each kind of list, generated
 * from its flow; the upload, answered with a report checking each row as the chat checks a
 * nomination (nothing stored); and the submission of the valid rows, after the secretary confirms
 * the flow's attestation for the list, each stored as a chat's nomination is (submit-import.ts).
 *
 * Security: the round must be within the viewer's scope (else 404, as an unknown code); uploads
 * are multipart posts from the console's own page (the console's middleware), their body limit
 * raised for this route only (console-app.ts), the file capped, checked to be a ZIP archive whose
 * declared contents are of a list's size (no zip bomb reaches exceljs), and read by exceljs, whose
 * failures are answered politely; at most MAX_IMPORT_ROWS rows.
 */
import { createHash } from "node:crypto";
import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Flow } from "../../flows/flow-definition.ts";
import { registerFor, withRegister } from "../../i18n/register.ts";
import { checkImportList, nomineesInRound, type CheckedRow } from "../../round-import/check-import-list.ts";
import { columnLetter, importColumns, IMPORT_FLOWS, isImportFlow, roundAnswers } from "../../round-import/import-columns.ts";
import { buildImportTemplate } from "../../round-import/import-template.ts";
import { IDS_ROW, MAX_IMPORT_FILE_BYTES, MAX_IMPORT_ROWS, readImportWorkbook, type ImportSheet } from "../../round-import/read-import-workbook.ts";
import { NoChatError, RoundMismatchError, submitImport } from "../../round-import/submit-import.ts";
import type { ConsoleDeps } from "../console-deps.ts";
import { consoleTranslator, type ConsoleEnv } from "../console-env.ts";
import { messagePage, renderPage } from "../console-pages.ts";
import { localized } from "../localized.ts";
import { roundInScope, type RoundSummary } from "../round-list.ts";
import { importDone, importReport, uploadForm, type ImportKind } from "../views/import-view.ts";
import type { PageFrame } from "../views/page-layout.ts";

/** The body limit of the import post: the file, or the checked file again as base64 with the confirmation. */
export const MAX_IMPORT_BODY_BYTES = 2 * 1024 * 1024;

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function mountImportRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get("/rounds/:round/import", async (c) => {
    const round = await roundInScope(deps, c.var.viewer.scope, c.req.param("round"));
    if (!round) return messagePage(c, 404, "error.not_found");
    return uploadPage(c, deps, round, kindOf(deps, c.req.query("flow")));
  });

  app.get("/rounds/:round/import/template.xlsx", async (c) => {
    const round = await roundInScope(deps, c.var.viewer.scope, c.req.param("round"));
    const flow = kindOf(deps, c.req.query("flow"));
    if (!round || !flow) return messagePage(c, 404, "error.not_found");
    // The template is an official's paper: Vietnamese, whatever the page's language.
    const bytes = await buildImportTemplate({ flow, round, ctx: deps.runContext(deps.now()), t: consoleTranslator(deps.i18n, "vi") });
    const name = `danh-sach-${round.code}-${flow.id.replace(/^nomination-/, "")}.xlsx`;
    return c.body(new Uint8Array(bytes), 200, { "Content-Type": XLSX_TYPE, "Content-Disposition": `attachment; filename="${name}"` });
  });

  app.post("/rounds/:round/import", async (c) => {
    const { t, lang, viewer } = c.var;
    const round = await roundInScope(deps, viewer.scope, c.req.param("round"));
    if (!round) return messagePage(c, 404, "error.not_found");
    const form = await c.req.parseBody();
    const flow = kindOf(deps, typeof form.flow === "string" ? form.flow : undefined);
    const refuse = (key: string, params: Record<string, string | number> = {}, status: ContentfulStatusCode = 400) =>
      uploadPage(c, deps, round, flow, { kind: "error", text: t(key, params) }, status);
    if (!flow) return refuse("import.choose_file");
    const file = form.file instanceof File ? form.file : null;
    const bytes = file ? new Uint8Array(await file.arrayBuffer()) : typeof form.payload === "string" ? new Uint8Array(Buffer.from(form.payload, "base64")) : new Uint8Array();
    if (!bytes.length) return refuse("import.choose_file");
    if (bytes.length > MAX_IMPORT_FILE_BYTES) return refuse("import.too_large", { max: sizeText(MAX_IMPORT_FILE_BYTES) }, 413);
    const sheet = await readImportWorkbook(bytes, flow, MAX_IMPORT_ROWS);
    if (!sheet.ok) return refuse(...sheetProblem(sheet));

    const now = deps.now();
    const base = deps.runContext(now);
    const ctx = { ...base, i18n: withRegister(base.i18n, registerFor(["secretary"])) };
    const rows = checkImportList(sheet.rows, await nomineesInRound(deps.db, round.id), { flow, fixed: roundAnswers(round), now, ctx, lang });
    const open = round.status === "OPEN";
    const report = (notice: PageFrame["notice"] | undefined, status: ContentfulStatusCode = 200) =>
      reportPage(c, round, flow, rows, open ? Buffer.from(bytes).toString("base64") : null, notice ?? (open ? undefined : { kind: "error", text: t("import.round_closed") }), status);
    if (form.confirm !== "1") return report(undefined);
    if (!open) return report(undefined, 409);
    if (form.attest !== "1") return report({ kind: "error", text: t("import.attest_needed") }, 400);

    const valid = rows.flatMap((r) => (r.status === "ok" ? [{ rowNumber: r.rowNumber, answers: r.answers }] : []));
    const user = await deps.db.user.findUnique({ where: { id: viewer.userId }, select: { id: true, fullName: true } });
    // A confirmation sent again finds its rows in the round: nothing is left to store.
    if (!user || !valid.length) return report({ kind: "error", text: t("import.nothing_valid") }, 409);
    const law = ctx.law;
    try {
      const result = await deps.serializeWrites(() =>
        deps.db.$transaction(
          (tx) =>
            submitImport(tx, {
              flow,
              round,
              rows: valid,
              fileSha256: createHash("sha256").update(bytes).digest("hex"),
              user,
              now,
              units: deps.units,
              awards: ctx.awards,
              ...(law ? { assess: (f, a) => law.assess(f, a) } : {}),
            }),
          { timeout: 60_000, maxWait: 20_000 },
        ),
      );
      deps.log.info({ round: round.code, flowId: flow.id, stored: result.stored.length, already: result.already.length, userId: viewer.userId }, "console: round list imported");
      return renderPage(c, { title: t("import.title", { round: round.title }), body: importDone(t, round.code, result.stored, result.already), notice: { kind: "success", text: t("import.done", { count: result.stored.length, round: round.code }) } });
    } catch (err) {
      if (err instanceof RoundMismatchError) return report({ kind: "error", text: t("import.mismatch", { row: err.rowNumber }) }, 409);
      if (err instanceof NoChatError) return report({ kind: "error", text: t("import.no_chat") }, 409);
      throw err;
    }
  });
}

/** The flow of the kind of list asked (individuals by default), if the registry serves it. */
function kindOf(deps: ConsoleDeps, asked: string | undefined): Flow | undefined {
  return deps.flows.current.get(isImportFlow(asked) ? asked : IMPORT_FLOWS[0]);
}

function kinds(deps: ConsoleDeps, lang: ConsoleEnv["Variables"]["lang"]): ImportKind[] {
  return IMPORT_FLOWS.flatMap((id) => {
    const flow = deps.flows.current.get(id);
    return flow ? [{ flowId: id, title: localized(flow.title, lang) }] : [];
  });
}

function uploadPage(c: Context<ConsoleEnv>, deps: ConsoleDeps, round: RoundSummary, flow: Flow | undefined, notice?: PageFrame["notice"], status: ContentfulStatusCode = 200) {
  const { t, lang } = c.var;
  const body = uploadForm({ t, roundCode: round.code, kinds: kinds(deps, lang), selected: flow?.id ?? IMPORT_FLOWS[0], maxSize: sizeText(MAX_IMPORT_FILE_BYTES) });
  const closed: PageFrame["notice"] | undefined = round.status === "OPEN" ? undefined : { kind: "error", text: t("import.round_closed") };
  const shown = notice ?? closed;
  return renderPage(c, { title: t("import.title", { round: round.title }), body, ...(shown ? { notice: shown } : {}) }, status);
}

function reportPage(c: Context<ConsoleEnv>, round: RoundSummary, flow: Flow, rows: CheckedRow[], payload: string | null, notice: PageFrame["notice"] | undefined, status: ContentfulStatusCode) {
  const { t, lang } = c.var;
  const columns = importColumns(flow);
  const columnOf = (stepId: string | null) => {
    const step = stepId ? flow.steps.find((s) => s.id === stepId) : undefined;
    const label = step ? localized(step.label ?? step.prompt, lang) : t("import.row");
    const at = step ? columns.indexOf(step) : -1;
    // Excel names columns by letters: the report says where to look.
    return at >= 0 ? `${label} (${t("import.column_letter", { letter: columnLetter(at) })})` : label;
  };
  const attestation = flow.steps.find((s) => s.kind === "consent");
  const statement = attestation?.kind === "consent" ? localized(attestation.statement, lang) : "";
  const body = importReport({ t, roundCode: round.code, flowId: flow.id, rows, columnOf, payload, statement });
  return renderPage(c, { title: t("import.title", { round: round.title }), body, ...(notice ? { notice } : {}) }, status);
}

/** A sheet that could not be read, as the upload page's notice. */
function sheetProblem(sheet: Exclude<ImportSheet, { ok: true }>): [string, Record<string, string | number>] {
  switch (sheet.problem) {
    case "missing_columns":
      return ["import.missing_columns", { columns: sheet.columns.join(", ") }];
    case "too_many_rows":
      return ["import.too_many_rows", { max: sheet.max }];
    case "empty":
      return ["import.empty", { first: IDS_ROW + 1 }];
    case "too_large":
      return ["import.too_large_unpacked", {}];
    default:
      return [`import.${sheet.problem}`, {}];
  }
}

function sizeText(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

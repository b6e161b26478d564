/**
 * A dossier's page and what it links to, each found within the person's scope only (404
 * otherwise, as for an unknown code): `GET /dossiers/:code`, a photo or file of it
 * `GET /dossiers/:code/files/:fileId` (`?size=thumb` for a photo's thumbnail), and one of its
 * papers `GET /dossiers/:code/documents/:documentId`. Files are never served from a public path.
 */
import { readFile } from "node:fs/promises";
import type { Context, Hono } from "hono";
import { imageThumbnail } from "../../attachments/image-thumbnail.ts";
import { attachmentDisposition } from "../../documents/document-links.ts";
import type { ConsoleDeps } from "../console-deps.ts";
import type { ConsoleEnv } from "../console-env.ts";
import { FILE_HEADERS, messagePage } from "../console-pages.ts";
import { inScope, loadDossierDetails } from "../dossier-details.ts";
import { actionStep, COUNCIL_REVIEW_FLOW } from "../entry-form.ts";
import { showDossier } from "./dossier-page.ts";

const OBJECTION_NOTICES: Record<string, { kind: "success" | "error"; key: string }> = {
  answered: { kind: "success", key: "posting.done_answered" },
  invalid: { kind: "error", key: "posting.answer_invalid" },
  already: { kind: "error", key: "posting.answer_already" },
};

export function mountDossierRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get("/dossiers/:code", async (c) => {
    const d = await loadDossierDetails(deps, c.var.viewer.scope, c.req.param("code"), c.var.lang);
    if (!d) return messagePage(c, 404, "error.not_found");
    // After an entry was queued, the page says so (the redirect after the POST carries which).
    const done = c.req.query("done");
    const flow = deps.flows.current.get(COUNCIL_REVIEW_FLOW);
    const known = flow && done ? actionStep(flow)?.options.some((o) => o.value === done) : false;
    if (known) return showDossier(c, deps, d, { notice: { kind: "success", text: c.var.t(`bot.review.queued_${done}`, { code: d.code }) } });
    // After an objection's answer (posting-routes.ts), whether it was recorded.
    const asked = c.req.query("objection");
    const objection = asked && Object.hasOwn(OBJECTION_NOTICES, asked) ? OBJECTION_NOTICES[asked] : undefined;
    return showDossier(c, deps, d, objection ? { notice: { kind: objection.kind, text: c.var.t(objection.key) } } : {});
  });

  app.get("/dossiers/:code/files/:fileId", async (c) => {
    const dossier = await dossierInScope(c, deps);
    const file = dossier
      ? await deps.db.attachment.findFirst({ where: { id: c.req.param("fileId"), ...(dossier.nominationId ? { nominationId: dossier.nominationId } : { goodDeedReportId: dossier.goodDeedReportId ?? "-" }) } })
      : null;
    const bytes = file ? await readFile(deps.files.pathOf(file.storageKey)).then((b) => new Uint8Array(b), () => null) : null;
    if (!file || !bytes) return messagePage(c, 404, "error.not_found");
    const image = file.mime.startsWith("image/");
    if (image && c.req.query("size") === "thumb") {
      const thumb = await imageThumbnail(bytes);
      if (thumb) return c.body(Buffer.from(thumb), 200, { ...FILE_HEADERS, "Content-Type": "image/jpeg" });
    }
    // Photos open in place; anything else (a PDF) is downloaded rather than run in our origin.
    const disposition = image ? "inline" : attachmentDisposition(file.fileName ?? `${file.id}.pdf`);
    return c.body(Buffer.from(bytes), 200, { ...FILE_HEADERS, "Content-Type": file.mime, "Content-Disposition": disposition });
  });

  app.get("/dossiers/:code/documents/:documentId", async (c) => {
    const dossier = await dossierInScope(c, deps);
    const found = dossier ? await deps.documents.read(c.req.param("documentId")) : null;
    if (!dossier || !found || found.document.dossierId !== dossier.id) return messagePage(c, 404, "error.not_found");
    return c.body(Buffer.from(found.bytes), 200, {
      ...FILE_HEADERS,
      "Content-Type": found.document.mediaType,
      "Content-Disposition": attachmentDisposition(found.document.fileName),
    });
  });
}

/** The route's dossier when the person's scope covers it, else null. */
async function dossierInScope(c: Context<ConsoleEnv>, deps: ConsoleDeps) {
  const dossier = await deps.db.dossier.findUnique({ where: { code: c.req.param("code") } });
  return dossier && inScope(c.var.viewer.scope, dossier.unitId, deps.units) ? dossier : null;
}

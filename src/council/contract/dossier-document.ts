/**
 * A dossier's papers, sent by reference (contract 2.1, part of the contract gathered in
 * {@link ../council-api-schemas.ts}): with a submission, or later as a replacement list.
 */
import { z } from "zod";
import { DOCUMENT_KINDS } from "../../documents/document-kind.ts";

/**
 * One of a dossier's papers (contract 2.1), by reference: the council fetches the file from `url`
 * and checks it against `sha256` and `size`. The URL is a capability that expires (the bot signs
 * it for 30 days), so a council keeps the bytes it needs rather than the link.
 */
export const dossierDocument = z.object({
  kind: z
    .enum(DOCUMENT_KINDS)
    .describe("BAO_CAO_THANH_TICH: báo cáo thành tích; TO_TRINH: tờ trình kèm danh sách; BIEN_BAN: biên bản họp Hội đồng TĐKT; DU_THAO_QUYET_DINH: dự thảo quyết định (once the council has recommended)."),
  version: z.number().int().min(1).describe("The submitter's version of this kind of paper for the dossier: a new one is made when what it is filled with changes (a decision recorded, a template replaced)."),
  fileName: z.string().trim().min(1).max(255).describe('The file\'s name, e.g. "TDKT-2026-000123-bao-cao-thanh-tich.docx".'),
  mediaType: z
    .string()
    .min(1)
    .max(200)
    .describe("The file's media type: application/vnd.openxmlformats-officedocument.wordprocessingml.document (DOCX), or application/pdf."),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex digits").describe("sha256 of the file's bytes, lowercase hex: check what the url returns against it."),
  size: z.number().int().min(0).describe("The file's size in bytes."),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe("Where to GET the file (no authentication: the link is signed). It expires (30 days from sending, for this bot) and is not part of the request's identity: a repeat whose documents differ only in their urls is the same request."),
});
export type DossierDocument = z.infer<typeof dossierDocument>;

/** A dossier's papers: at most one entry per kind and media type (the latest version). */
export const dossierDocuments = z
  .array(dossierDocument)
  .max(20)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((d, i) => {
      const key = `${d.kind} ${d.mediaType}`;
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i, "kind"], message: `${d.kind} (${d.mediaType}) is listed twice` });
      seen.add(key);
    });
  })
  .describe("The dossier's papers, at most one per kind and media type.");

/** The dossier's papers after they changed (a decision filled the draft quyết định): the whole list. */
export const documentsReplacement = z.object({ documents: dossierDocuments });
export type DocumentsReplacement = z.infer<typeof documentsReplacement>;

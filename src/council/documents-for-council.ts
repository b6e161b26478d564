/**
 * A dossier's papers as the council contract lists them (contract 2.1): the latest stored DOCX
 * version of each kind, made now if missing or stale (`DossierDocuments.ensure`), each with a
 * signed link the council fetches the file from. PDFs are left out: the council receives the
 * editable DOCX and makes its own PDF when it signs.
 *
 * Generation can fail (a commune replaced a template with a broken one); that is returned as a
 * value, so the caller decides — the forwarder sends the dossier without papers rather than hold
 * it back until someone fixes the template.
 */
import { DOCUMENT_KINDS, type DocumentKind } from "../documents/document-kind.ts";
import type { DocumentLinks } from "../documents/document-links.ts";
import { DOCX_MEDIA_TYPE, type DossierDocuments } from "../documents/dossier-documents.ts";
import type { CouncilApiSchemas } from "./council-client.ts";

/**
 * How long a link sent to the council works: 30 days. The council fetches the files when its
 * secretary takes the dossier up, which may be weeks after it arrived (a council meets on a
 * schedule, and a dossier may wait for the next round); 30 days covers a review round. A council
 * that needs the files later keeps the bytes it fetched (checked by sha256) — the link is a way to
 * fetch, not an archive. The papers are re-sent with fresh links whenever they change.
 */
export const COUNCIL_DOCUMENT_LINK_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Where the papers come from: the dossier documents (`assistant.documents`) and the link signer. */
export interface CouncilDocumentSources {
  documents: Pick<DossierDocuments, "ensure">;
  links: Pick<DocumentLinks, "url">;
}

export type CouncilDocument = CouncilApiSchemas["DossierDocument"];

export type DocumentsForCouncil = { ok: true; documents: CouncilDocument[] } | { ok: false; error: string };

const KINDS: ReadonlySet<string> = new Set(DOCUMENT_KINDS);

/** The dossier's papers with fresh links, or why they could not be made. A good-deed report has none. */
export async function documentsForCouncil(sources: CouncilDocumentSources, dossier: Parameters<DossierDocuments["ensure"]>[0]): Promise<DocumentsForCouncil> {
  let stored;
  try {
    stored = await sources.documents.ensure(dossier);
  } catch (err) {
    return { ok: false, error: (err as Error)?.message ?? String(err) };
  }
  const documents = stored
    .filter((d) => d.mediaType === DOCX_MEDIA_TYPE && KINDS.has(d.kind))
    .map((d) => ({
      kind: d.kind as DocumentKind,
      version: d.version,
      fileName: d.fileName,
      mediaType: d.mediaType,
      sha256: d.sha256,
      size: d.size,
      url: sources.links.url(d.id, COUNCIL_DOCUMENT_LINK_TTL_MS),
    }));
  return { ok: true, documents };
}

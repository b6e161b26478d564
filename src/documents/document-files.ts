/**
 * The {@link DocumentFiles} port the channels use to deliver a reply's documents: the bytes of a
 * stored document (for an upload) and a signed link to it valid for `ttlMs` (DOCUMENT_LINK_DAYS),
 * for channels that can only send text or render a link. Built by the composition root.
 */
import type { DocumentFiles } from "../channels/channel-port.ts";
import type { DocumentLinks } from "./document-links.ts";
import type { DossierDocuments } from "./dossier-documents.ts";

export function documentFiles(documents: Pick<DossierDocuments, "read">, links: Pick<DocumentLinks, "url">, ttlMs: number): DocumentFiles {
  return {
    async read(id) {
      const found = await documents.read(id);
      return found ? { bytes: found.bytes, fileName: found.document.fileName, mediaType: found.document.mediaType } : null;
    },
    link: (id) => links.url(id, ttlMs),
  };
}

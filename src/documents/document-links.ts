/**
 * Download links for generated documents, for the receivers that take a link rather than a file:
 * the web chat, the Zalo Bot Platform (which has no file message) and the council (the dossier's
 * `documents` list). A link is a capability: `/documents/<id>?e=<expiry>&s=<signature>`, where the
 * signature is an HMAC-SHA256 of the id and the expiry under a key only this service holds. It
 * names one version of one document, stops working at its expiry, and cannot be forged or turned
 * into a link to another document; a wrong or expired link answers the same 404 as an unknown one.
 *
 * The key comes from DOCUMENT_LINK_SECRET, or is made once and kept in DATA_DIR/document-links.key
 * (0600) so that links survive a restart.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Hono } from "hono";
import type { Logger } from "../log.ts";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "../storage/ensure-private-dir.ts";
import type { DossierDocuments } from "./dossier-documents.ts";

/** The path the route serves, under the app's root. */
export const DOCUMENTS_PATH = "/documents";

export interface DocumentLinksOptions {
  key: Uint8Array;
  /** "https://tdkt.example.gov.vn": where people and the council reach this service. */
  baseUrl: string;
  now?: () => Date;
}

export class DocumentLinks {
  private readonly now: () => Date;
  private readonly baseUrl: string;

  constructor(private readonly opts: DocumentLinksOptions) {
    if (opts.key.byteLength < 32) throw new Error("document link key: at least 32 bytes");
    this.now = opts.now ?? (() => new Date());
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
  }

  /** A link to the document valid for `ttlMs`. */
  url(documentId: string, ttlMs: number): string {
    const expires = Math.floor((this.now().getTime() + ttlMs) / 1000);
    return `${this.baseUrl}${DOCUMENTS_PATH}/${encodeURIComponent(documentId)}?e=${expires}&s=${this.sign(documentId, expires)}`;
  }

  /** True when the signature is ours for this id and expiry, and the expiry has not passed. */
  verify(documentId: string, expires: string | undefined, signature: string | undefined): boolean {
    if (!expires || !signature || !/^\d{1,12}$/.test(expires) || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return false;
    if (Number(expires) * 1000 < this.now().getTime()) return false;
    const expected = Buffer.from(this.sign(documentId, Number(expires)));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(documentId: string, expires: number): string {
    return createHmac("sha256", this.opts.key).update(`${documentId}\n${expires}`).digest("base64url");
  }
}

/** The key from configuration, or the one kept in the data folder (made on first use). */
export async function loadDocumentLinkKey(dataDir: string, configured: string | null): Promise<Uint8Array> {
  if (configured) return new TextEncoder().encode(configured);
  const file = join(dataDir, "document-links.key");
  const stored = await readFile(file, "utf8").catch(() => null);
  if (stored && stored.trim().length >= 43) return Buffer.from(stored.trim(), "base64url");
  await ensurePrivateDir(dataDir);
  const key = randomBytes(32);
  await writeFile(file, key.toString("base64url"), { mode: PRIVATE_FILE_MODE });
  await chmod(file, PRIVATE_FILE_MODE);
  return key;
}

/**
 * The file name in plain ASCII ("Tờ trình.docx" → "To_trinh.docx"): for headers and multipart
 * fields that some clients read as Latin-1, where a Vietnamese letter would arrive garbled.
 */
export function asciiFileName(fileName: string): string {
  return fileName.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").replace(/[^\w.-]+/g, "_");
}

/** `Content-Disposition` with the Vietnamese file name (RFC 6266 filename*) and an ASCII fallback. */
export function attachmentDisposition(fileName: string): string {
  return `attachment; filename="${asciiFileName(fileName)}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * `GET /documents/:id?e=…&s=…` → the document's bytes, as an attachment, never cached by shared
 * caches. Anything but a valid, unexpired signature for a stored document answers 404.
 */
export function mountDocumentRoute(app: Hono, deps: { links: DocumentLinks; documents: DossierDocuments; log: Logger }): void {
  app.get(`${DOCUMENTS_PATH}/:id`, async (c) => {
    const id = c.req.param("id");
    const notFound = () => c.text("Không tìm thấy tài liệu, hoặc đường dẫn đã hết hạn.", 404, { "Cache-Control": "no-store" });
    if (!deps.links.verify(id, c.req.query("e"), c.req.query("s"))) return notFound();
    const found = await deps.documents.read(id);
    if (!found) {
      deps.log.warn({ documentId: id }, "a signed document link names a document that is gone");
      return notFound();
    }
    return c.body(Buffer.from(found.bytes), 200, {
      "Content-Type": found.document.mediaType,
      "Content-Length": String(found.bytes.byteLength),
      "Content-Disposition": attachmentDisposition(found.document.fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    });
  });
}

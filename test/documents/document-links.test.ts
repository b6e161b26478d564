/**
 * The signed download route: GET /documents/:id?e=…&s=… serves a stored document with its
 * headers while the link is valid; a tampered id, expiry or signature, an expired link, a link
 * signed with another key and a link to a document that is gone all answer the same 404.
 */
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachmentDisposition, DocumentLinks, loadDocumentLinkKey, mountDocumentRoute } from "../../src/documents/document-links.ts";
import { DOCX_MEDIA_TYPE, type StoredDocument } from "../../src/documents/dossier-documents.ts";
import { createLogger } from "../../src/log.ts";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { tempDir } from "../support/test-databases.ts";
import { testAssistant } from "../support/test-assistant.ts";
import { nominationOfHoa } from "../support/officer-scripts.ts";

const HOA = nominationOfHoa();
const DAY = 86_400_000;

let a: Awaited<ReturnType<typeof testAssistant>>;
let app: Hono;
let links: DocumentLinks;
let doc: StoredDocument;

/** The path and query of a link, for app.request. */
const local = (url: string) => url.replace("https://tdkt.example.gov.vn", "");

beforeAll(async () => {
  a = await testAssistant();
  const chat = new MemoryChat(a.service, "can-bo-1");
  for (const line of HOA) await chat.say(line);
  const dossier = await a.db.dossier.findFirstOrThrow();
  doc = (await a.documents.ensure(dossier))[0]!;
  links = new DocumentLinks({ key: new Uint8Array(32).fill(1), baseUrl: "https://tdkt.example.gov.vn/", now: a.clock.now });
  app = new Hono();
  mountDocumentRoute(app, { links, documents: a.documents, log: createLogger({ level: "silent", pretty: false }) });
}, 60_000);

afterAll(async () => {
  await a?.close();
});

describe("signed document links", () => {
  it("serves the document with its type, length, file name and no caching while the link is valid", async () => {
    const url = links.url(doc.id, 7 * DAY);
    expect(url).toMatch(new RegExp(`^https://tdkt\\.example\\.gov\\.vn/documents/${doc.id}\\?e=\\d+&s=[\\w-]{43}$`));
    const res = await app.request(local(url));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(DOCX_MEDIA_TYPE);
    expect(res.headers.get("content-length")).toBe(String(doc.size));
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${doc.fileName}"; filename*=UTF-8''${doc.fileName}`);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    expect(bytes.byteLength).toBe(doc.size);
  });

  it("answers 404 to a tampered id, expiry or signature, and to a link of another key", async () => {
    const url = new URL(links.url(doc.id, DAY));
    const e = url.searchParams.get("e")!;
    const s = url.searchParams.get("s")!;
    const other = await a.db.dossierDocument.findFirstOrThrow({ where: { id: { not: doc.id } } });
    const flipped = `${s.slice(0, -1)}${s.endsWith("A") ? "B" : "A"}`;
    const foreign = new DocumentLinks({ key: new Uint8Array(32).fill(2), baseUrl: "https://tdkt.example.gov.vn" }).url(doc.id, DAY);
    for (const path of [
      `/documents/${other.id}?e=${e}&s=${s}`,
      `/documents/${doc.id}?e=${Number(e) + 3600}&s=${s}`,
      `/documents/${doc.id}?e=${e}&s=${flipped}`,
      `/documents/${doc.id}?e=${e}`,
      `/documents/${doc.id}`,
      local(foreign),
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.text()).toContain("Không tìm thấy tài liệu");
    }
  });

  it("answers 404 once the link has expired", async () => {
    const url = links.url(doc.id, DAY);
    expect((await app.request(local(url))).status).toBe(200);
    a.clock.advance(DAY + 1000);
    expect((await app.request(local(url))).status).toBe(404);
  });

  it("answers 404 to a valid link whose document is gone", async () => {
    const url = links.url("no-such-document", DAY);
    expect((await app.request(local(url))).status).toBe(404);
  });

  it("keeps a made key in the data folder, so links survive a restart", async () => {
    const dir = tempDir();
    const first = await loadDocumentLinkKey(dir, null);
    expect(Buffer.from(await loadDocumentLinkKey(dir, null))).toEqual(Buffer.from(first));
    expect(first.byteLength).toBe(32);
  });

  it("gives a Vietnamese file name an ASCII fallback next to its UTF-8 name", () => {
    expect(attachmentDisposition("Tờ trình đề nghị.docx")).toBe(`attachment; filename="To_trinh_de_nghi.docx"; filename*=UTF-8''${encodeURIComponent("Tờ trình đề nghị.docx")}`);
  });
});

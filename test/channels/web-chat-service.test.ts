/** The web chat in front of the real conversation service, over real HTTP on 127.0.0.1. */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import { createWebChatApp } from "../../src/channels/web/web-chat-app.ts";
import { WebChatSender } from "../../src/channels/web/web-chat-sender.ts";
import { WebSessions } from "../../src/channels/web/web-sessions.ts";
import { createLogger } from "../../src/log.ts";
import { testAssistant } from "../support/test-assistant.ts";
import { PNG } from "../support/test-images.ts";
import { WebChatClient } from "../support/web-chat-client.ts";
import type { DocumentFiles } from "../../src/channels/channel-port.ts";
import { documentFiles } from "../../src/documents/document-files.ts";
import { DocumentLinks, mountDocumentRoute } from "../../src/documents/document-links.ts";
import { DOCX_MEDIA_TYPE } from "../../src/documents/dossier-documents.ts";

const GOOD_DEED_TO_PHOTOS = ["đồng ý", "mot nguoi", "Đặng Văn Hùng", "bỏ qua", "cuu nguoi", "Anh Hùng cứu hai em học sinh bị đuối nước trên sông Hoạt.", "20/11/2026", "tk2, ha trung"];

let server: ServerType | undefined;
let assistant: Awaited<ReturnType<typeof testAssistant>> | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await assistant?.close();
  server = undefined;
  assistant = undefined;
});

/** The real assistant behind the real web chat app on a free loopback port. */
async function start() {
  assistant = await testAssistant();
  const a = assistant;
  const sender = new WebChatSender();
  const sessions = new WebSessions({ db: a.db, now: a.clock.now, idleMs: 30 * 86_400_000, serializeWrites: a.serializeWrites });
  const app = createWebChatApp({
    handler: a.service,
    sender,
    maxUploadBytes: 1024 * 1024,
    log: createLogger({ level: "silent", pretty: false }),
    sessions,
    allowedHosts: ["127.0.0.1"],
    // The links name the server's address, known once it listens.
    documents: { link: (id) => files!.link(id) },
  });
  let files: DocumentFiles | undefined;
  const base = await new Promise<string>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`));
  });
  const links = new DocumentLinks({ key: new Uint8Array(32).fill(9), baseUrl: base, now: a.clock.now });
  files = documentFiles(a.documents, links, 7 * 86_400_000);
  mountDocumentRoute(app, { links, documents: a.documents, log: createLogger({ level: "silent", pretty: false }) });
  return { a, sender, base, client: new WebChatClient(base) };
}

describe("web chat with the real service", () => {
  it("answers the “Tải hồ sơ (Word)” button with signed download links that serve the DOCX, also when the answer is resent", async () => {
    const { client } = await start();
    for (const line of ["/dexuat", "binh xet cuoi nam", "bỏ qua", "nong dan", "lao dong tien tien", "2026", "hoan thanh tot", "Nguyễn Thị Hoa", "nu", "05/03/1985", "bỏ qua",
      "Trưởng thôn Tân Lập", "thon tan lap, ha trung", "Năm 2026 vận động 45 hộ hiến đất làm đường, thôn đạt chuẩn văn hóa, thu gom rác thải đạt 100%.", "khong", "bỏ qua", "bỏ qua", "đồng ý", "gửi"]) {
      await client.say(line);
    }
    const confirmation = client.lastReplies.find((r) => r.text.includes("Mã hồ sơ: TDKT-2026-000001"));
    expect(confirmation?.choices?.[0]?.label).toBe("Tải hồ sơ (Word)");
    // The page shows it although the menu follows: its scope is not the menu's.
    expect(confirmation?.scope).not.toBe(client.lastReplies.at(-1)?.scope);

    const button = client.button("tải hồ sơ TDKT-2026-000001");
    const replies = (await client.press("tải hồ sơ TDKT-2026-000001")) as Array<{ text: string; documents?: Array<{ fileName: string; url: string }> }>;
    expect(replies[0]!.text).toContain("Hồ sơ TDKT-2026-000001 gồm 3 tài liệu:");
    const documents = replies[0]!.documents!;
    expect(documents.map((d) => d.fileName)).toEqual(["TDKT-2026-000001-bao-cao-thanh-tich.docx", "TDKT-2026-000001-to-trinh.docx", "TDKT-2026-000001-bien-ban-hop-hoi-dong.docx"]);
    for (const d of documents) {
      const res = await fetch(d.url);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(DOCX_MEDIA_TYPE);
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${d.fileName}"; filename*=UTF-8''${d.fileName}`);
      expect(Buffer.from(await res.arrayBuffer()).subarray(0, 2).toString("latin1")).toBe("PK");
    }
    // A resend of the same message (its answer lost) gets the documents again, with links.
    const again = await client.send({ button }, client.lastMessageId);
    expect((again.body.replies?.[0] as { documents?: Array<{ url: string }> } | undefined)?.documents?.[0]?.url).toMatch(/\/documents\/.+\?e=\d+&s=/);
  }, 30_000);

  it("runs a good-deed report with a photo upload and reminds the session through /api/pending", async () => {
    const { a, sender, client } = await start();

    const menu = await client.say("/start");
    expect(menu[0]?.choices?.map((c) => c.value)).toEqual(["flow:good-deed-report", "flow:nomination-individual", "flow:nomination-collective", "flow:nomination-household", "flow:report-verification"]);
    await client.press("flow:good-deed-report");
    for (const text of GOOD_DEED_TO_PHOTOS) await client.say(text);

    const upload = await client.upload([{ bytes: PNG, name: "anh-cuu-nguoi.png", type: "image/png" }]);
    expect(upload.status).toBe(200);
    expect(upload.body.replies?.[0]?.text).toContain("Đã nhận 1 tệp");

    a.clock.advance(25 * 3_600_000);
    expect(await a.service.remindIdleDrafts(new Map([["web", sender]]))).toBe(1);
    const pending = await client.pending();
    expect(pending[0]?.text).toContain("còn đang điền dở");

    for (const text of ["xong", "có"]) await client.say(text);
    await client.press("DONG_Y");
    const done = await client.press("SUBMIT");
    expect(done[0]?.text).toMatch(/Mã (?:hồ sơ|tin báo): TDKT-2026-\d{6}/);
    const attachment = await a.db.attachment.findFirstOrThrow();
    expect(attachment).toMatchObject({ mime: "image/png", fileName: "anh-cuu-nguoi.png" });
    expect(attachment.goodDeedReportId).not.toBeNull();
  });

  it("refuses a button of an earlier question instead of taking it as an answer", async () => {
    const { a, client } = await start();
    await client.say("/start");
    const staleMenuButton = client.button("flow:nomination-individual");
    await client.press("flow:good-deed-report");
    const before = await a.db.draft.findFirstOrThrow();

    const answer = await client.send({ button: staleMenuButton });

    expect(answer.status).toBe(200);
    const replies = answer.body.replies!;
    expect(replies[0]?.text).toBe(a.i18n.t("vi", "bot.button.stale"));
    // The question still asked comes again, and nothing else moved.
    expect(replies.at(-1)?.text).toContain("Câu 1:");
    const after = await a.db.draft.findFirstOrThrow();
    expect(await a.db.draft.count()).toBe(1);
    expect(after.state).toEqual(before.state);
    expect(after.flowId).toBe("good-deed-report");
  });

  it("gives a resent message whose answer was lost the same replies, reference code included", async () => {
    const { a, client } = await start();
    await client.say("/start");
    await client.press("flow:good-deed-report");
    for (const text of [...GOOD_DEED_TO_PHOTOS, "xong", "có"]) await client.say(text);
    await client.press("DONG_Y");

    const submit = client.button("SUBMIT");
    const first = await client.send({ button: submit }, "confirm-1");
    const again = await client.send({ button: submit }, "confirm-1");

    expect(first.status).toBe(200);
    const code = /TDKT-2026-\d{6}/.exec(JSON.stringify(first.body.replies))?.[0];
    expect(code).toBeDefined();
    expect(again.status).toBe(200);
    expect(again.body.replies).toEqual(first.body.replies);
    expect(await a.db.dossier.count()).toBe(1);
    expect(await a.db.dossier.count({ where: { code: code! } })).toBe(1);
  });
});

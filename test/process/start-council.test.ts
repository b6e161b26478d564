/** `npm start` runs the bot and the embedded council together: a web-chat dossier reaches the council within seconds. */
import { afterEach, describe, expect, it } from "vitest";
import { killAllChildren, startServer } from "../support/spawn-app.ts";
import { tempDir } from "../support/test-databases.ts";
import { WebChatClient } from "../support/web-chat-client.ts";

const STAFF = "thuky-staff-token-0123456789";
afterEach(killAllChildren);

describe("npm start with the embedded council", () => {
  it("forwards a dossier submitted in the web chat and tells the person it was received", async () => {
    const server = await startServer(tempDir(), 30_000, {
      COUNCIL_CLIENTS: `thuky:staff:${STAFF}`,
      COUNCIL_FORWARD_INTERVAL_SECONDS: "0.2",
      COUNCIL_FEED_INTERVAL_SECONDS: "0.2",
    });
    const web = new WebChatClient(server.url);
    for (const text of ["/baotin", "đồng ý", "mot nguoi", "Đặng Văn Hùng", "bỏ qua", "cuu nguoi", "Anh Hùng cứu hai em học sinh bị đuối nước trên sông Hoạt.", "20/11/2026", "tk2, ha trung", "xong", "có", "1", "gửi"]) {
      expect((await web.send({ text })).status).toBe(200);
    }
    const staff = { headers: { authorization: `Bearer ${STAFF}` } };
    let items: Array<{ code: string; status: string }> = [];
    for (let i = 0; i < 100 && items.length === 0; i++) {
      items = ((await (await fetch(`${server.url}/council/v1/dossiers`, staff)).json()) as { items: typeof items }).items;
      if (items.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(items).toEqual([expect.objectContaining({ code: expect.stringMatching(/^TDKT-\d{4}-000001$/), status: "received" })]);
    let pending: string[] = [];
    for (let i = 0; i < 100 && pending.length === 0; i++) {
      pending = (await web.pending()).map((m) => m.text);
      if (pending.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(pending.join("\n")).toContain("đã nhận tin báo TDKT-");
    expect((await fetch(`${server.url}/council/v1/dossiers`)).status).toBe(401);
  });
});

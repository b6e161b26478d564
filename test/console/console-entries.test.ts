/**
 * The council's entries taken on the console go through the same service as the chat's: a
 * confirmation first, one outbox job per confirmation, the status and scope checked when it is
 * queued, and the submitter told in the chat once the council has it (the officer's chat receives
 * the fields to fix; the decision congratulates).
 */
import { afterEach, describe, expect, it } from "vitest";
import { ConsoleClient } from "../support/console-client.ts";
import { consoleFixture } from "../support/console-fixture.ts";

let fixture: Awaited<ReturnType<typeof consoleFixture>> | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** Posts an entry, then its confirmation; returns both answers. */
async function record(browser: ConsoleClient, code: string, form: Record<string, string | string[]>) {
  const confirm = await browser.post(`/console/dossiers/${code}/entries`, form);
  const nonce = /name="nonce" value="([^"]+)"/.exec(confirm.text)?.[1];
  const done = nonce ? await browser.post(`/console/dossiers/${code}/entries`, { ...form, nonce, confirm: "1" }) : confirm;
  return { confirm, done, nonce };
}

describe("council entries on the console", () => {
  it("returns a dossier with the fields to fix: the officer's chat is told which, and the form reopens there", async () => {
    const f = (fixture = await consoleFixture());
    const browser = ConsoleClient.of(f.app);
    await browser.signIn(await f.linkFor(f.people.secretary));
    const { confirm, done } = await record(browser, f.codes.hoa, { action: "RETURN", fields: ["SUMMARY", "EVIDENCE"], note: "Cần nêu số liệu cụ thể về số hộ hiến đất" });
    expect(confirm.text).toContain("Xác nhận trước khi gửi");
    expect(confirm.text).toContain("Tóm tắt thành tích hoặc nội dung việc tốt, Minh chứng (ảnh, tệp)");
    expect(confirm.text).toContain("không thể hủy sau khi gửi");
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`/console/dossiers/${f.codes.hoa}?done=RETURN`);
    const after = await browser.get(done.headers.get("location")!);
    expect(after.text).toContain("Đã gửi yêu cầu bổ sung hồ sơ TDKT-2026-000001. Người lập hồ sơ sẽ được báo qua trò chuyện.");
    expect(after.text).toContain("Đang gửi tới Hội đồng: “Trả lại để bổ sung”");
    expect(after.text).not.toContain('name="action"');

    await f.h.settle();
    const told = f.h.narrative.filter((l) => l.startsWith("[Cán bộ Hà Trung] < (tin nhắn)")).join("\n");
    expect(told).toContain("TDKT-2026-000001");
    expect(told).toContain("Cần nêu số liệu cụ thể về số hộ hiến đất");
    expect(told).toMatch(/Tóm tắt thành tích/);
    const returned = await f.h.assistant.db.dossier.findUniqueOrThrow({ where: { code: f.codes.hoa } });
    expect(await f.h.assistant.db.draft.count({ where: { sourceDossierId: returned.id, status: "ACTIVE" } })).toBe(1);
    const page = await browser.get(`/console/dossiers/${f.codes.hoa}`);
    expect(page.text).toContain("Trả lại để bổ sung");
    expect(page.text).toContain("Hồ sơ ở trạng thái này không còn việc cần ghi.");
    const audit = await f.h.assistant.db.auditLog.findFirstOrThrow({ where: { action: "dossier.reviewed" } });
    expect(audit.actorId).toBe((await f.h.assistant.db.channelIdentity.findFirstOrThrow({ where: { externalId: "thu-ky-ht" } })).userId);
  });

  it("takes a nomination through review, recommendation and the decision; the officer is congratulated after the decision only", async () => {
    const f = (fixture = await consoleFixture());
    const browser = ConsoleClient.of(f.app);
    await browser.signIn(await f.linkFor(f.people.secretary));
    expect((await record(browser, f.codes.hoa, { action: "IN_REVIEW" })).done.status).toBe(303);
    await f.h.settle();
    expect((await record(browser, f.codes.hoa, { action: "RECOMMEND" })).done.status).toBe(303);
    await f.h.settle();
    const decided = await record(browser, f.codes.hoa, { action: "DECIDE", decisionNumber: "125/QĐ-UBND", decisionDate: "2026-11-25", signer: "Chủ tịch UBND xã Lê Văn Bình", outcome: "GRANTED" });
    expect(decided.confirm.text).toContain("25/11/2026");
    expect(decided.confirm.text).toContain("Khen thưởng");
    expect(decided.done.status).toBe(303);
    await f.h.settle();
    const told = f.h.narrative.filter((l) => l.startsWith("[Cán bộ Hà Trung] < (tin nhắn)")).join("\n");
    expect(told).toContain("đã được Hội đồng TĐKT thống nhất đề nghị");
    expect(told).toContain("Chúc mừng! Nguyễn Thị Hoa đã được tặng “Lao động tiên tiến” theo Quyết định số 125/QĐ-UBND ngày 25/11/2026");
    expect(told.indexOf("Chúc mừng")).toBeGreaterThan(told.indexOf("thống nhất đề nghị"));
    const page = await browser.get(`/console/dossiers/${f.codes.hoa}`);
    expect(page.text).toContain("Được khen thưởng");
    expect(page.text).toContain("Quyết định số 125/QĐ-UBND ngày 25/11/2026 của Chủ tịch UBND xã Lê Văn Bình: khen thưởng");
    expect(page.text).toContain("Dự thảo quyết định");
    expect(await f.h.deadJobs()).toEqual([]);
  });

  it("refuses what the form or the status does not allow, and sends nothing", async () => {
    const f = (fixture = await consoleFixture());
    const browser = ConsoleClient.of(f.app);
    await browser.signIn(await f.linkFor(f.people.secretary));
    const short = await browser.post(`/console/dossiers/${f.codes.hoa}/entries`, { action: "RETURN", note: "x" });
    expect(short.status).toBe(400);
    expect(short.text).toContain("Vui lòng kiểm tra lại: Mục cần sửa, Ghi chú. Chưa có gì được gửi đi.");
    expect(short.text).toMatch(/<textarea id="e-RETURN-note"[^>]*aria-invalid="true"[^>]*>x<\/textarea>/);
    // A form that passes is only a confirmation page: nothing is queued before "Xác nhận và gửi".
    expect((await browser.post(`/console/dossiers/${f.codes.hoa}/entries`, { action: "IN_REVIEW" })).status).toBe(200);
    // A decision the status does not allow yet (the council has not recommended).
    const early = await record(browser, f.codes.hoa, { action: "DECIDE", decisionNumber: "1/QĐ", decisionDate: "2026-11-20", signer: "Chủ tịch UBND xã", outcome: "GRANTED" });
    expect(early.done.status).toBe(409);
    expect(early.done.text).toContain("nên chưa thể ghi việc này; chưa có gì được gửi đi");
    // Today is 27/11/2026 on the fixture's clock: a decision cannot be signed in December yet.
    const future = await browser.post(`/console/dossiers/${f.codes.hoa}/entries`, { action: "DECIDE", decisionNumber: "1/QĐ", decisionDate: "2026-12-01", signer: "Chủ tịch UBND xã", outcome: "GRANTED" });
    expect(future.status).toBe(400);
    expect(future.text).toContain("Vui lòng kiểm tra lại: Ngày ký.");
    const unknown = await browser.post(`/console/dossiers/${f.codes.hoa}/entries`, { action: "DELETE" });
    expect(unknown.status).toBe(400);
    expect(await f.h.assistant.db.outboxJob.count({ where: { kind: "council-transition" } })).toBe(0);
  });

  it("queues one entry for a confirmation posted twice", async () => {
    const f = (fixture = await consoleFixture());
    const browser = ConsoleClient.of(f.app);
    await browser.signIn(await f.linkFor(f.people.secretary));
    const { nonce } = await record(browser, f.codes.hoa, { action: "IN_REVIEW" });
    const again = await browser.post(`/console/dossiers/${f.codes.hoa}/entries`, { action: "IN_REVIEW", nonce: nonce!, confirm: "1" });
    expect(again.text).toContain("Việc này đã được ghi trước đó; không gửi lại.");
    expect(await f.h.assistant.db.outboxJob.count({ where: { kind: "council-transition" } })).toBe(1);
  });

  it("says which actions belong to another council system, and takes none without a staff token there", async () => {
    const f = (fixture = await consoleFixture({ council: { external: true, url: "https://hoidong.example.gov.vn/tdkt", acceptsEntries: false } }));
    const browser = ConsoleClient.of(f.app);
    await browser.signIn(await f.linkFor(f.people.secretary));
    const page = await browser.get(`/console/dossiers/${f.codes.hoa}`);
    expect(page.text).toContain("Hội đồng xử lý hồ sơ trên hệ thống riêng (https://hoidong.example.gov.vn/tdkt)");
    expect(page.text).toContain("trả lại để bổ sung, thống nhất hoặc không thống nhất đề nghị, trình cấp trên và ghi quyết định được thực hiện trên hệ thống đó");
    expect(page.text).not.toContain('name="action"');
    expect((await browser.post(`/console/dossiers/${f.codes.hoa}/entries`, { action: "IN_REVIEW" })).status).toBe(409);
    expect(await f.h.assistant.db.outboxJob.count({ where: { kind: "council-transition" } })).toBe(0);
  });
});

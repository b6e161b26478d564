/**
 * Public posting (công khai) from end to end, on the console fixture's commune: the secretary posts
 * a round's list from the console; the officers and secretaries of the commune get the short link in
 * their chat; anyone reads the public page over real HTTP on 127.0.0.1 (names, units and awards,
 * never a birth date); citizens object from their chat, by name or anonymously; the objections
 * show on the posting's page and on the dossier's, the anonymous one without its sender; answering
 * tells the sender in their chat; closing records the result. Outside the period, nothing is taken.
 * On SQLite and, when DATABASE_URL_POSTGRES is set, on PostgreSQL.
 */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRound } from "../../src/rounds/review-rounds.ts";
import { createPublicPostingApp } from "../../src/posting/public-posting-app.ts";
import { POSTING_PATH } from "../../src/posting/public-postings.ts";
import { createLogger } from "../../src/log.ts";
import { erasePersonRows } from "../../src/privacy/erase-person.ts";
import { ConsoleClient } from "../support/console-client.ts";
import { consoleFixture, HA_TRUNG } from "../support/console-fixture.ts";
import type { Actor } from "../support/council-harness.ts";
import { onEachDatabase } from "../support/test-databases.ts";

function suite(name: string, databaseUrl: () => Promise<string | undefined>) {
  describe(name, () => {
    let f: Awaited<ReturnType<typeof consoleFixture>>;
    let server: ServerType;
    let publicUrl: string;
    let publicApp: import("hono").Hono;
    let roundCode: string;
    let secretary: ConsoleClient;
    let named: Actor;
    let hidden: Actor;
    const text = (replies: Array<{ text: string }>) => replies.map((r) => r.text).join("\n");

    beforeAll(async () => {
      const url = await databaseUrl();
      f = await consoleFixture(url ? { databaseUrl: url } : {});
      const { db, clock, units, i18n } = f.h.assistant;
      const secretaryId = (await db.channelIdentity.findFirstOrThrow({ where: { externalId: "thu-ky-ht" } })).userId;
      const round = await db.$transaction((tx) => createRound(tx, { unitId: HA_TRUNG, kind: "TONG_KET_NAM", year: 2026, title: "Bình xét cuối năm 2026", deadline: "2026-12-20", createdById: secretaryId, now: clock.now() }));
      roundCode = round.code;
      await db.dossier.updateMany({ where: { code: { in: [f.codes.hoa, f.codes.nam] } }, data: { roundId: round.id } });
      // The public pages on a server of their own on loopback, as main.ts mounts them.
      const app = createPublicPostingApp({ db, units, i18n, allowedHosts: ["127.0.0.1", "localhost"], now: clock.now, log: createLogger({ level: "silent", pretty: false }) });
      const { Hono } = await import("hono");
      const root = new Hono().route(POSTING_PATH, app);
      publicApp = root;
      server = await new Promise((resolve) => {
        const s = serve({ fetch: root.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
      });
      publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${POSTING_PATH}`;
      secretary = ConsoleClient.of(f.app);
      await secretary.signIn(await f.linkFor(f.people.secretary));
      named = f.people.citizen;
      hidden = f.h.actor("Người dân ẩn danh", "nguoi-dan-2");
      await hidden.say("xin chào");
      // Names the console could show: the anonymous sender's must never appear.
      await db.user.update({ where: { id: (await db.channelIdentity.findFirstOrThrow({ where: { externalId: "nguoi-dan" } })).userId }, data: { fullName: "Phạm Văn Góp" } });
      await db.user.update({ where: { id: (await db.channelIdentity.findFirstOrThrow({ where: { externalId: "nguoi-dan-2" } })).userId }, data: { fullName: "Trần Thị Giấu" } });
    }, 240_000);
    afterAll(async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await f?.close();
    });

    async function publicPage(code: string) {
      const res = await fetch(`${publicUrl}/${code}`);
      return { status: res.status, text: await res.text(), headers: res.headers };
    }

    describe("public posting", () => {
      it("publishes the round's list after a confirmation and tells the commune's staff", async () => {
        const { db } = f.h.assistant;
        const page = await secretary.get(`/console/rounds/${roundCode}/posting`);
        expect(page.status).toBe(200);
        expect(page.text).toContain("Nguyễn Thị Hoa");
        expect(page.text).toContain("Lê Văn Nam");
        expect(page.text).not.toContain("Lò Thị Xuân");
        // 27/11/2026 (Friday) + 5 working days counting it: Thursday 03/12/2026.
        expect(page.text).toMatch(/name="startsOn" value="2026-11-27"/);
        expect(page.text).toMatch(/name="endsOn" value="2026-12-03"/);

        const confirm = await secretary.post(`/console/rounds/${roundCode}/posting`, { startsOn: "2026-11-27", endsOn: "2026-12-03" });
        expect(confirm.status).toBe(200);
        expect(confirm.text).toContain("Xác nhận công khai");
        expect(await db.publicPosting.count()).toBe(0);

        const done = await secretary.post(`/console/rounds/${roundCode}/posting`, { startsOn: "2026-11-27", endsOn: "2026-12-03", confirm: "1" });
        expect(done.status).toBe(303);
        const posting = await db.publicPosting.findFirstOrThrow({ include: { entries: { orderBy: { position: "asc" } } } });
        expect(posting.publicCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
        expect(posting.entries.map((e) => e.nominee)).toEqual(["Nguyễn Thị Hoa", "Lê Văn Nam"]);
        expect(await db.auditLog.count({ where: { action: "posting.published" } })).toBe(1);

        // A second publication while this one is open is refused.
        expect((await secretary.post(`/console/rounds/${roundCode}/posting`, { startsOn: "2026-11-27", endsOn: "2026-12-03", confirm: "1" })).status).toBe(409);

        const shown = await secretary.get(`/console/rounds/${roundCode}/posting?done=published`);
        expect(shown.text).toContain(`/cong-khai/${posting.publicCode}`);
        await f.h.settle();
        const told = f.h.text();
        expect(told).toMatch(new RegExp(`\\[Cán bộ Hà Trung\\] < \\(tin nhắn\\) Danh sách đề nghị “Bình xét cuối năm 2026”.*/cong-khai/${posting.publicCode}`));
        expect(told).toMatch(/\[Thư ký Hà Trung\] < \(tin nhắn\) Danh sách đề nghị/);
        expect(told).not.toMatch(/\[Cán bộ Tam Đường\] < \(tin nhắn\) Danh sách đề nghị/);
      });

      it("shows the list on the public page over HTTP: names, units, awards, no birth date, no cookie", async () => {
        const { db } = f.h.assistant;
        const posting = await db.publicPosting.findFirstOrThrow();
        const page = await publicPage(posting.publicCode);
        expect(page.status).toBe(200);
        expect(page.text).toContain("Bình xét cuối năm 2026");
        expect(page.text).toContain("Nguyễn Thị Hoa");
        expect(page.text).toContain("Lê Văn Nam");
        expect(page.text).toContain("Lao động tiên tiến");
        expect(page.text).toContain(`góp ý ${f.codes.hoa}`);
        const hoa = await db.nomination.findFirstOrThrow({ where: { nomineeName: "Nguyễn Thị Hoa" } });
        expect(hoa.birthDate).toBe("1985-03-05");
        for (const secret of ["05/03/1985", "1985-03-05", "1985"]) expect(page.text).not.toContain(secret);
        expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
        expect(page.headers.get("cache-control")).toBe("no-store");
        expect(page.headers.get("set-cookie")).toBeNull();
        const css = await fetch(`${publicUrl}/cong-khai.css`);
        expect([css.status, css.headers.get("content-type")]).toEqual([200, "text/css; charset=utf-8"]);

        const unknown = await publicPage("ABCDEFGH");
        const malformed = await publicPage("x'<script>");
        expect(unknown.status).toBe(404);
        expect(malformed.status).toBe(404);
        expect(malformed.text).toBe(unknown.text);
        expect(unknown.text).toContain("Không tìm thấy danh sách");
        // fetch sends the URL's own Host: another name (DNS rebinding) is asked of the app directly.
        expect((await publicApp.request(`http://evil.example${POSTING_PATH}/${posting.publicCode}`, { headers: { host: "evil.example" } })).status).toBe(403);
      });

      it("takes objections from any chat, by name or anonymously, and refuses politely what it cannot take", async () => {
        const first = text(await named.say(`góp ý ${f.codes.hoa} Bà Hoa chưa hoàn thành việc hiến đất làm đường như đã báo cáo`));
        expect(first).toContain("GY-2026-000001");
        expect(first).toContain("trả lời bạn");
        const second = text(await hidden.say("gop y an danh tdkt 2026 2: Ông Nam thường xuyên vắng các buổi họp thôn"));
        expect(second).toContain("GY-2026-000002");
        expect(second).toContain("ẩn danh");

        expect(text(await named.say(`góp ý ${f.codes.hoa} ngắn`))).toContain("ít nhất 10 ký tự");
        expect(text(await named.say(`/gopy ${f.codes.hoa} ${"x".repeat(1001)}`))).toContain("dài quá 1000 ký tự");
        expect(text(await named.say(`góp ý ${f.codes.xuan} Bà Xuân chưa đủ tiêu chuẩn gì cả`))).toContain("không trong thời gian công khai");
        expect(text(await named.say("góp ý"))).toContain("góp ý <mã hồ sơ> <nội dung>");

        const { db } = f.h.assistant;
        expect(await db.objection.count()).toBe(2);
        const anonymous = await db.objection.findUniqueOrThrow({ where: { code: "GY-2026-000002" } });
        expect(anonymous.anonymous).toBe(true);
        const audit = await db.auditLog.findFirstOrThrow({ where: { action: "objection.received", entityId: anonymous.id } });
        expect(audit.actorId).toBeNull();
      });

      it("shows the objections on the posting's page and the dossier's, the anonymous one without its sender", async () => {
        const posting = await secretary.get(`/console/rounds/${roundCode}/posting`);
        expect(posting.text).toContain("GY-2026-000001");
        expect(posting.text).toContain("Phạm Văn Góp");
        expect(posting.text).toContain("GY-2026-000002");
        expect(posting.text).toContain("Người gửi: ẩn danh");
        expect(posting.text).not.toContain("Trần Thị Giấu");

        const nam = await secretary.get(`/console/dossiers/${f.codes.nam}`);
        expect(nam.text).toContain("Ông Nam thường xuyên vắng các buổi họp thôn");
        expect(nam.text).toContain("Người gửi: ẩn danh");
        expect(nam.text).not.toContain("Trần Thị Giấu");
        expect(nam.text).not.toContain("GY-2026-000001");
      });

      it("puts the posting and its comments still to answer in the secretary's digest, and none in another commune's", async () => {
        const { db, digests } = f.h.assistant;
        const userOf = async (chatId: string) => (await db.channelIdentity.findFirstOrThrow({ where: { externalId: chatId } })).userId;
        const digest = (await digests.compose(await userOf("thu-ky-ht")))!.text;
        expect(digest).toContain("📢 ĐANG CÔNG KHAI DANH SÁCH (1)");
        expect(digest).toMatch(new RegExp(`• ${roundCode} Bình xét cuối năm 2026: công khai đến hết \\d{2}/\\d{2}/2026; 2 góp ý, 2 chưa trả lời`));
        expect((await digests.compose(await userOf("thu-ky-td")))!.text).not.toContain("ĐANG CÔNG KHAI");
      });

      it("tells the sender the answer in their chat, the anonymous one too, once", async () => {
        const { db } = f.h.assistant;
        const anonymous = await db.objection.findUniqueOrThrow({ where: { code: "GY-2026-000002" } });
        const answered = await secretary.post(`/console/dossiers/${f.codes.nam}/objections/${anonymous.id}/answer`, { answer: "Hội đồng đã kiểm tra với trưởng thôn: ông Nam vắng họp có lý do." });
        expect(answered.status).toBe(303);
        expect(answered.headers.get("location")).toContain("objection=answered");
        const again = await secretary.post(`/console/dossiers/${f.codes.nam}/objections/${anonymous.id}/answer`, { answer: "Lần hai" });
        expect(again.headers.get("location")).toContain("objection=already");
        // Answered on another dossier's path: not found.
        expect((await secretary.post(`/console/dossiers/${f.codes.hoa}/objections/${anonymous.id}/answer`, { answer: "Sai hồ sơ" })).status).toBe(404);

        const first = await db.objection.findUniqueOrThrow({ where: { code: "GY-2026-000001" } });
        expect((await secretary.post(`/console/rounds/${roundCode}/posting/objections/${first.id}/answer`, { answer: "" })).status).toBe(400);
        expect((await secretary.post(`/console/rounds/${roundCode}/posting/objections/${first.id}/answer`, { answer: "Bà Hoa đã hoàn thành hiến đất ngày 20/11." })).status).toBe(303);

        await f.h.settle();
        const told = f.h.text();
        expect(told).toContain("[Người dân ẩn danh] < (tin nhắn) Hội đồng Thi đua – Khen thưởng trả lời góp ý GY-2026-000002 (hồ sơ TDKT-2026-000002) của bạn:\nHội đồng đã kiểm tra với trưởng thôn");
        expect(told).toContain("trả lời góp ý GY-2026-000001");
        expect(told).not.toContain("Lần hai");
        expect((await secretary.get(`/console/dossiers/${f.codes.nam}`)).text).toContain("ông Nam vắng họp có lý do");
      });

      it("closes with the result and a note, after a confirmation; the public page says it has ended", async () => {
        const { db } = f.h.assistant;
        const base = `/console/rounds/${roundCode}/posting/close`;
        expect((await secretary.post(base, { result: "KHONG_CO_Y_KIEN" })).status).toBe(400);
        expect((await secretary.post(base, { result: "CO_Y_KIEN_DA_XU_LY" })).status).toBe(400);
        const confirm = await secretary.post(base, { result: "CO_Y_KIEN_DA_XU_LY", note: "Hai ý kiến, đã kiểm tra và trả lời." });
        expect(confirm.status).toBe(200);
        expect(confirm.text).toContain("Xác nhận kết thúc");
        expect((await db.publicPosting.findFirstOrThrow()).status).toBe("OPEN");
        expect((await secretary.post(base, { result: "CO_Y_KIEN_DA_XU_LY", note: "Hai ý kiến, đã kiểm tra và trả lời.", confirm: "1" })).status).toBe(303);
        const closed = await db.publicPosting.findFirstOrThrow();
        expect([closed.status, closed.result, closed.closingNote]).toEqual(["CLOSED", "CO_Y_KIEN_DA_XU_LY", "Hai ý kiến, đã kiểm tra và trả lời."]);
        expect(await db.auditLog.count({ where: { action: "posting.closed", entityId: closed.id } })).toBe(1);
        const page = await publicPage(closed.publicCode);
        expect(page.text).toContain("Đã kết thúc công khai.");
        expect(page.text).toContain("Có ý kiến – đã xử lý.");
        expect(page.text).not.toContain("Hai ý kiến");
        expect(text(await named.say(`góp ý ${f.codes.hoa} Một ý kiến nữa sau khi đã kết thúc`))).toContain("không trong thời gian công khai");
      });

      it("takes no objection before the period starts, and at most five an hour from one person", async () => {
        const { db, clock } = f.h.assistant;
        expect((await secretary.post(`/console/rounds/${roundCode}/posting`, { startsOn: "2026-11-30", endsOn: "2026-12-04", confirm: "1" })).status).toBe(303);
        expect(text(await named.say(`góp ý ${f.codes.hoa} Ý kiến gửi trước ngày bắt đầu công khai`))).toContain("không trong thời gian công khai");
        clock.set("2026-11-30T02:00:00.000Z");
        for (let i = 1; i <= 5; i++) expect(text(await named.say(`góp ý ${f.codes.hoa} Ý kiến thứ ${i} về hồ sơ bà Hoa`))).toContain("Mã góp ý: GY-2026-");
        expect(text(await named.say(`góp ý ${f.codes.hoa} Ý kiến thứ sáu về hồ sơ bà Hoa`))).toContain("đã gửi 5 góp ý trong một giờ qua");
        expect(await db.objection.count()).toBe(7);
      });

      it("keeps a person's objections when they erase their data, linked to nobody", async () => {
        const { db, clock } = f.h.assistant;
        const userId = (await db.channelIdentity.findFirstOrThrow({ where: { externalId: "nguoi-dan" } })).userId;
        await db.$transaction((tx) => erasePersonRows(tx, { userId, now: clock.now(), by: "self" }));
        expect(await db.objection.count({ where: { reporterUserId: userId } })).toBe(0);
        expect(await db.objection.count()).toBe(7);
        // Days later: the secretary signs in again.
        const again = ConsoleClient.of(f.app);
        await again.signIn(await f.linkFor(f.people.secretary));
        const page = await again.get(`/console/dossiers/${f.codes.hoa}`);
        expect(page.status).toBe(200);
        expect(page.text).not.toContain("Phạm Văn Góp");
        expect(page.text).toContain("Người gửi: không rõ tên");
      });
    });
  });
}

onEachDatabase("public posting", suite);

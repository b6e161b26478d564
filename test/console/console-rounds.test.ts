/**
 * Review rounds and the council meeting on the console, as a commune's secretary works: open a
 * round, the officer's nominations join it, the list filters by it; the meeting is recorded (a
 * meeting without its quorum passes nobody), its result goes to the council as entries (after a
 * confirmation, once), the dossiers become recommended or not, and the biên bản carries the
 * tallies. Another commune's secretary finds none of it. On SQLite and, when DATABASE_URL_POSTGRES is
 * set, on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRound } from "../../src/rounds/review-rounds.ts";
import { toIsoDate } from "../../src/time/local-date.ts";
import { localDateInVietnam } from "../../src/time/vietnam-time.ts";
import { ConsoleClient } from "../support/console-client.ts";
import { consoleFixture, HA_TRUNG } from "../support/console-fixture.ts";
import { docxText } from "../support/docx-text.ts";
import { nominationOfHoa, sayAll } from "../support/officer-scripts.ts";
import { onEachDatabase } from "../support/test-databases.ts";

function suite(name: string, databaseUrl: () => Promise<string | undefined>) {
  describe(name, () => {
    let f: Awaited<ReturnType<typeof consoleFixture>>;
    let secretary: ConsoleClient;
    beforeAll(async () => {
      const url = await databaseUrl();
      f = await consoleFixture(url ? { databaseUrl: url } : {});
      secretary = ConsoleClient.of(f.app);
      await secretary.signIn(await f.linkFor(f.people.secretary));
    }, 240_000);
    afterAll(async () => {
      await f?.close();
    });

    const today = () => toIsoDate(localDateInVietnam(f.h.assistant.clock.now()));
    const nonceOf = (text: string) => /name="nonce" value="([^"]+)"/.exec(text)?.[1] ?? "";
    const statusOf = async (code: string) => (await f.h.assistant.db.dossier.findUniqueOrThrow({ where: { code } })).status;

    /** The round's code (DX-2026-001) and the two nominations that joined it. */
    let round = "";
    const BINH = "TDKT-2026-000004";
    const CHI = "TDKT-2026-000005";

    it("opens a round from the form (refusing a bad one with what was typed), and the officer's nominations join it", async () => {
      const form = await secretary.get("/console/rounds/new");
      expect(form.status).toBe(200);
      expect(form.text).toContain('value="Bình xét thi đua năm 2026"');
      expect(form.text).toContain(`<option value="${HA_TRUNG}" selected>`);

      const bad = await secretary.post("/console/rounds", { unit: HA_TRUNG, kind: "TONG_KET_NAM", year: "2062", title: "Bình xét thi đua năm 2026", movement: "", deadline: "31/02/2026" });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain("Anh/chị vui lòng kiểm tra lại: Năm xét, Hạn nhận đề nghị.");
      expect(bad.text).toContain('value="31/02/2026"');
      expect(bad.text).toContain('value="2062"');
      // Another commune is not among the form's units: posted anyway, it is refused.
      expect((await secretary.post("/console/rounds", { unit: "lai-chau/tam-duong", kind: "TONG_KET_NAM", year: "2026", title: "Bình xét thi đua năm 2026", movement: "", deadline: today() })).status).toBe(403);

      const made = await secretary.post("/console/rounds", { unit: HA_TRUNG, kind: "TONG_KET_NAM", year: "2026", title: "Bình xét thi đua năm 2026", movement: "", deadline: today() });
      expect(made.status).toBe(303);
      round = /\/console\/rounds\/(DX-2026-\d{3})\?done=opened/.exec(made.headers.get("location") ?? "")?.[1] ?? "";
      expect(round).toMatch(/^DX-2026-\d{3}$/);

      for (const name of ["Trần Văn Bình", "Phạm Thị Chi"]) await sayAll(f.people.officer, nominationOfHoa().map((l) => (l === "Nguyễn Thị Hoa" ? name : l)));
      await f.h.settle();
      const page = await secretary.get(`/console/rounds/${round}`);
      expect(page.text).toContain("Hồ sơ trong đợt (2)");
      expect(page.text).toContain(BINH);
      expect(page.text).toContain(CHI);
      // Hoa's nomination was sent before the round opened: not in it, only offered to be put in.
      const inRound = page.text.slice(page.text.indexOf("Hồ sơ trong đợt"), page.text.indexOf("Hồ sơ gửi trước khi mở đợt"));
      expect(inRound).toContain(BINH);
      expect(inRound).not.toContain(f.codes.hoa);

      const rounds = await secretary.get("/console/rounds");
      expect(rounds.text).toContain(round);
      expect(rounds.text).toContain("Tổng kết năm");
      expect(rounds.text).toContain('href="/console/rounds"');
    });

    it("filters the list by round, with counts by subject and the direct-worker share for reference", async () => {
      const list = await secretary.get(`/console?round=${round}`);
      expect(list.text).toContain(`<option value="${round}" selected>`);
      expect(list.text).toContain(BINH);
      expect(list.text).not.toContain(f.codes.hoa);
      expect(list.text).toContain("Có 2 hồ sơ phù hợp.");
      // Both were nominated as "nông dân" (officer-scripts.ts): the form's label, and direct workers.
      expect(list.text).toContain("Cá nhân — Nông dân: <strong>2</strong>");
      expect(list.text).toContain("2/2 (100%) — tham khảo: Kon Tum 2021 đạt 58%");
    });

    it("answers 404 to another commune's secretary for the round and its meeting", async () => {
      const other = ConsoleClient.of(f.app);
      await other.signIn(await f.linkFor(f.people.secretaryTd));
      expect((await other.get(`/console/rounds/${round}`)).status).toBe(404);
      expect((await other.get(`/console/rounds/${round}/meeting`)).status).toBe(404);
      expect((await other.post(`/console/rounds/${round}/recommend`, {})).status).toBe(404);
      expect((await other.get("/console/rounds")).text).not.toContain(round);
    });

    const meeting = (present: string, binh: string, chi: string) => ({
      date: today(), start: "14:00", end: "16:30", place: "Hội trường UBND xã", chair: "Ông Nguyễn Văn An, Chủ tịch Hội đồng", secretary: "Bà Lê Thị Bích",
      members: "9", present, [`votes_${BINH}`]: binh, [`votes_${CHI}`]: chi,
    });

    it("refuses impossible counts, and a meeting without its quorum passes nobody", async () => {
      const form = await secretary.get(`/console/rounds/${round}/meeting`);
      expect(form.text).toContain("Có mặt ít nhất 2/3 tổng số thành viên Hội đồng");
      const bad = await secretary.post(`/console/rounds/${round}/meeting`, meeting("10", "5", "x"));
      expect(bad.status).toBe(400);
      expect(bad.text).toContain("Số thành viên có mặt");
      expect(bad.text).toContain(`số phiếu của ${CHI}`);

      const noQuorum = await secretary.post(`/console/rounds/${round}/meeting`, meeting("5", "5", "2"));
      expect(noQuorum.text).toContain("Cuộc họp không đủ túc số: 5/9 thành viên có mặt, cần ít nhất 6.");
      expect(noQuorum.text).not.toContain("<strong>Đạt</strong>");
      const stored = await secretary.post(`/console/rounds/${round}/meeting`, { ...meeting("5", "5", "2"), confirm: "1", nonce: nonceOf(noQuorum.text) });
      expect(stored.status).toBe(303);
      const votes = await f.h.assistant.db.meetingVote.findMany();
      expect(votes.map((v) => v.passed)).toEqual([false, false]);
      // Its votes count for nothing: nobody is sent to the council as refused.
      const page = await secretary.get(`/console/rounds/${round}`);
      expect(page.text).toContain(`${CHI}: cuộc họp không đủ túc số`);
      expect(page.text).toContain("Không còn ý kiến nào cần gửi theo kết quả họp này.");
      expect((await secretary.post(`/console/rounds/${round}/recommend`, {})).text).not.toContain('name="nonce"');
    });

    it("records the meeting once, and sends its result to the council: recommended or not", async () => {
      f.h.assistant.clock.advance(3_600_000);
      expect((await secretary.get(`/console/rounds/${round}/meeting`)).text).toContain('name="chair" value="Ông Nguyễn Văn An, Chủ tịch Hội đồng"');
      const confirm = await secretary.post(`/console/rounds/${round}/meeting`, meeting("8", "8", "4"));
      expect(confirm.status).toBe(200);
      expect(confirm.text).toContain("Đủ (cần ít nhất 6 thành viên có mặt)");
      expect(confirm.text).toMatch(new RegExp(`${BINH}[\\s\\S]*?8/9[\\s\\S]*?5/9[\\s\\S]*?<strong>Đạt</strong>`));
      expect(confirm.text).toMatch(new RegExp(`${CHI}[\\s\\S]*?4/9[\\s\\S]*?<strong>Không đạt</strong>`));
      const nonce = nonceOf(confirm.text);
      for (let i = 0; i < 2; i++) expect((await secretary.post(`/console/rounds/${round}/meeting`, { ...meeting("8", "8", "4"), confirm: "1", nonce })).status).toBe(303);
      expect(await f.h.assistant.db.councilMeeting.count()).toBe(2);
      expect(await f.h.assistant.db.auditLog.count({ where: { action: "round.meeting_recorded" } })).toBe(2);

      const page = await secretary.get(`/console/rounds/${round}`);
      expect(page.text).toContain("8/9 — đạt");
      expect(page.text).toContain("4/9 — không đạt");
      // The council has only received them: the one who passed is taken into review first.
      expect(page.text).toContain(`${BINH}: chuyển sang xem xét trước`);
      expect(page.text).toContain(`${CHI}: không thống nhất đề nghị`);

      const ask = await secretary.post(`/console/rounds/${round}/recommend`, {});
      expect(ask.text).toContain("Kết quả bỏ phiếu: 4/9 phiếu đồng ý");
      const send = nonceOf(ask.text);
      expect((await secretary.post(`/console/rounds/${round}/recommend`, { confirm: "1", nonce: send })).status).toBe(303);
      expect((await secretary.post(`/console/rounds/${round}/recommend`, { confirm: "1", nonce: send })).status).toBe(200);
      expect(await f.h.assistant.db.outboxJob.count({ where: { kind: "council-transition" } })).toBe(2);
      await f.h.settle();
      expect(await statusOf(BINH)).toBe("IN_REVIEW");
      expect(await statusOf(CHI)).toBe("NOT_RECOMMENDED");

      // Once the council has it in review, the same result recommends.
      const again = await secretary.post(`/console/rounds/${round}/recommend`, {});
      expect(again.text).toContain(`${BINH}: <strong>thống nhất đề nghị khen thưởng</strong> — Kết quả bỏ phiếu: 8/9 phiếu đồng ý`);
      expect((await secretary.post(`/console/rounds/${round}/recommend`, { confirm: "1", nonce: nonceOf(again.text) })).status).toBe(303);
      await f.h.settle();
      expect(await statusOf(BINH)).toBe("RECOMMENDED");
      const told = f.h.narrative.filter((l) => l.startsWith("[Cán bộ Hà Trung] < (tin nhắn)")).join("\n");
      expect(told).toContain("Kết quả bỏ phiếu: 4/9 phiếu đồng ý");
    });

    it("serves the round's biên bản with the meeting's attendance and tallies", async () => {
      const page = await secretary.get(`/console/rounds/${round}`);
      const href = /href="(\/console\/rounds\/[^"]+bien-ban-hop-hoi-dong\.docx)"/.exec(page.text)?.[1];
      expect(href).toBeDefined();
      const res = await f.app.request(`http://127.0.0.1${href}`, { headers: { host: "127.0.0.1", cookie: [...secretary.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toContain("attachment");
      const text = docxText(new Uint8Array(await res.arrayBuffer()));
      expect(text).toContain("Hội trường UBND xã");
      expect(text).toContain("Ông Nguyễn Văn An");
      expect(text).toMatch(/Trần Văn Bình.*\| 8 \|/);
    });

    it("closes the round after a confirmation", async () => {
      const ask = await secretary.post(`/console/rounds/${round}/close`, {});
      expect(ask.text).toContain("Xác nhận đóng đợt");
      const done = await secretary.post(`/console/rounds/${round}/close`, { confirm: "1" });
      expect(done.status).toBe(303);
      expect((await f.h.assistant.db.reviewRound.findUniqueOrThrow({ where: { code: round } })).status).toBe("CLOSED");
      expect((await secretary.get(done.headers.get("location")!)).text).toContain(`Đợt ${round} đã đóng.`);
    });

    it("puts the nominations sent before a round opened in it, when the secretary ticks them; another commune's stay out", async () => {
      const { db, clock } = f.h.assistant;
      const later = await db.$transaction((tx) => createRound(tx, { unitId: HA_TRUNG, kind: "TONG_KET_NAM", year: 2026, title: "Bình xét bổ sung năm 2026", deadline: today(), createdById: "thu-ky", now: clock.now() }));
      const page = await secretary.get(`/console/rounds/${later.code}`);
      expect(page.text).toContain("Hồ sơ gửi trước khi mở đợt");
      expect(page.text).toContain(`${f.codes.hoa} — Nguyễn Thị Hoa`);
      expect(page.text).toContain(`${f.codes.nam} — Lê Văn Nam`);
      expect(page.text).not.toContain(f.codes.xuan);
      expect(page.text).not.toContain(BINH);

      const [hoa, xuan] = await Promise.all([f.codes.hoa, f.codes.xuan].map((code) => db.dossier.findUniqueOrThrow({ where: { code } })));
      expect((await secretary.post(`/console/rounds/${later.code}/dossiers`, {})).status).toBe(400);
      const added = await secretary.post(`/console/rounds/${later.code}/dossiers`, { dossier: [hoa!.id, xuan!.id] });
      expect(added.status).toBe(303);
      expect((await db.dossier.findUniqueOrThrow({ where: { id: hoa!.id } })).roundId).toBe(later.id);
      expect((await db.dossier.findUniqueOrThrow({ where: { id: xuan!.id } })).roundId).toBeNull();
      expect((await secretary.get(added.headers.get("location")!)).text).toContain(`Đã đưa hồ sơ vào đợt ${later.code}.`);
      expect((await secretary.get(`/console/dossiers/${f.codes.hoa}`)).text).toContain(`${later.code} — Bình xét bổ sung năm 2026`);

      const other = ConsoleClient.of(f.app);
      await other.signIn(await f.linkFor(f.people.secretaryTd));
      expect((await other.post(`/console/rounds/${later.code}/dossiers`, { dossier: [xuan!.id] })).status).toBe(404);
    });
  });
}

onEachDatabase("review rounds on the console", suite);

/**
 * A round's Excel list on the console: the template is the flow's (headers are its labels), a
 * filled list is checked row by row with the chat's own messages and nothing is stored, then the
 * valid rows are submitted, once, as chat nominations are: each joins the round, is forwarded and
 * reaches the council. What is not a workbook is refused politely; another commune's round is not
 * found.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRound, createRound } from "../../src/rounds/review-rounds.ts";
import { importColumns } from "../../src/round-import/import-columns.ts";
import { ConsoleClient } from "../support/console-client.ts";
import { consoleFixture, HA_TRUNG, TAM_DUONG } from "../support/console-fixture.ts";
import { onEachDatabase } from "../support/test-databases.ts";

function suite(name: string, databaseUrl: () => Promise<string | undefined>) {
  describe(name, () => {
    let f: Awaited<ReturnType<typeof consoleFixture>>;
    let browser: ConsoleClient;
    let round: { id: string; code: string };
    let otherRound: { code: string };
    beforeAll(async () => {
      const url = await databaseUrl();
      f = await consoleFixture(url ? { databaseUrl: url } : {});
      const { db, clock } = f.h.assistant;
      const open = (unitId: string, title: string) =>
        db.$transaction((tx) => createRound(tx, { unitId, kind: "TONG_KET_NAM", year: 2026, title, deadline: "2026-12-20", createdById: "thu-ky", now: clock.now() }));
      round = await open(HA_TRUNG, "Bình xét thi đua năm 2026 xã Hà Trung");
      otherRound = await open(TAM_DUONG, "Bình xét thi đua năm 2026 xã Tam Đường");
      browser = ConsoleClient.of(f.app);
      await browser.signIn(await f.linkFor(f.people.secretary));
    }, 240_000);
    afterAll(async () => {
      await f?.close();
    });

    /** A request as the signed-in browser sends it: its cookies, the page's origin. */
    async function request(client: ConsoleClient, path: string, init: RequestInit = {}): Promise<Response> {
      const headers = new Headers(init.headers);
      headers.set("host", "127.0.0.1");
      headers.set("cookie", [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
      if (init.method === "POST") headers.set("origin", "http://127.0.0.1");
      return f.app.request(`http://127.0.0.1${path}`, { ...init, headers });
    }

    async function upload(bytes: Uint8Array<ArrayBuffer>, fields: Record<string, string> = {}, fileName = "danh-sach.xlsx") {
      const form = new FormData();
      form.set("flow", "nomination-individual");
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      form.set("file", new File([bytes], fileName));
      const res = await request(browser, `/console/rounds/${round.code}/import`, { method: "POST", body: form });
      return { status: res.status, text: await res.text() };
    }

    async function confirm(report: string) {
      const payload = /name="payload" value="([^"]+)"/.exec(report)?.[1];
      expect(payload).toBeDefined();
      const form = new FormData();
      form.set("flow", "nomination-individual");
      form.set("payload", payload!);
      form.set("attest", "1");
      form.set("confirm", "1");
      const res = await request(browser, `/console/rounds/${round.code}/import`, { method: "POST", body: form });
      return { status: res.status, text: await res.text() };
    }

    async function template(flow = "nomination-individual"): Promise<ExcelJS.Workbook> {
      const res = await request(browser, `/console/rounds/${round.code}/import/template.xlsx?flow=${flow}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("spreadsheetml");
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
      return workbook;
    }

    const SUMMARY = "Năm 2026 vận động 45 hộ hiến đất làm đường, thôn đạt chuẩn văn hóa, thu gom rác thải đạt 100%.";

    /** Five nominees of Hà Trung: three good rows, a birth date that does not exist, an award nobody gives. */
    function rowsOfHaTrung(): Array<Record<string, string | Date>> {
      const person = { subjectCategory: "Nông dân", award: "Lao động tiên tiến", taskCompletion: "Hoàn thành tốt nhiệm vụ", gender: "Nữ", unit: "Thôn Tân Lập, Hà Trung", summary: SUMMARY, pendingReview: "Không" };
      return [
        { ...person, fullName: "Nguyễn Thị Hoa", birthDate: "05/03/1985", position: "Trưởng thôn Tân Lập" },
        // A date Excel converted into a date cell is read as the day it shows.
        { ...person, subjectCategory: "Công chức, viên chức", taskCompletion: "hoàn thành xuất sắc", fullName: "Lê Văn Minh", gender: "Nam", birthDate: new Date(Date.UTC(1979, 7, 12)), position: "Công chức Văn phòng - Thống kê xã Hà Trung", unit: "Hà Trung" },
        { ...person, fullName: "Phạm Thị Lan", birthDate: "20/11/1990", position: "Chi hội trưởng Chi hội Phụ nữ thôn Tân Lập", taskCompletion: "Hoàn thành nhiệm vụ" },
        { ...person, fullName: "Trần Văn Bình", gender: "Nam", birthDate: "31/02/1985", position: "Nông dân" },
        { ...person, fullName: "Hoàng Thị Mai", award: "Huân chương Sao Vàng", birthDate: "14/07/1988", position: "Nông dân" },
      ];
    }

    async function filledList(rows = rowsOfHaTrung()): Promise<Uint8Array<ArrayBuffer>> {
      const workbook = await template();
      const sheet = workbook.worksheets[0]!;
      const ids = (sheet.getRow(2).values as unknown[]).slice(1).map(String);
      rows.forEach((row, i) => {
        const r = sheet.getRow(3 + i);
        ids.forEach((id, col) => {
          const value = row[id];
          if (value === undefined) return;
          r.getCell(col + 1).value = value;
          // As Excel shows a date it converted.
          if (value instanceof Date) r.getCell(col + 1).numFmt = "dd/mm/yyyy";
        });
      });
      return new Uint8Array(await workbook.xlsx.writeBuffer());
    }

    describe("a round's Excel list", () => {
      it("offers a template generated from the flow: the labels as headers, the step ids hidden, the accepted values explained", async () => {
        const flow = f.h.assistant.flows.current.get("nomination-individual")!;
        const workbook = await template();
        const [list, notes] = workbook.worksheets;
        const columns = importColumns(flow);
        expect((list!.getRow(1).values as unknown[]).slice(1)).toEqual(columns.map((s) => s.label?.vi ?? s.prompt.vi));
        expect((list!.getRow(1).values as unknown[]).slice(1)).toContain("Họ và tên");
        expect((list!.getRow(1).values as unknown[]).slice(1)).not.toContain("Loại hình khen thưởng");
        expect(list!.getRow(2).hidden).toBe(true);
        // The choices as drop-downs (typing stays allowed), from a sheet nobody sees.
        const gender = columns.findIndex((s) => s.id === "gender") + 1;
        const dropDown = list!.getRow(3).getCell(gender).dataValidation;
        expect([dropDown.type, dropDown.showErrorMessage ?? false]).toEqual(["list", false]);
        const lists = workbook.getWorksheet("LuaChon")!;
        expect(lists.state).toBe("veryHidden");
        const letter = /^LuaChon!\$([A-Z]+)\$1:\$[A-Z]+\$2$/.exec(String(dropDown.formulae?.[0]))?.[1];
        expect([lists.getCell(`${letter}1`).value, lists.getCell(`${letter}2`).value]).toEqual(["Nam", "Nữ"]);
        const text = notes!.getSheetValues().flat().filter((v) => typeof v === "string").join("\n");
        expect(text).toContain("Bình xét thi đua năm 2026 xã Hà Trung");
        expect(text).toContain("Công trạng, thường xuyên (tổng kết năm)");
        expect(text).toContain("Lao động tiên tiến");
        expect(text).toContain("Hoàn thành xuất sắc nhiệm vụ");
        // The round's page leads to it.
        const page = await request(browser, `/console/rounds/${round.code}`);
        expect(await page.text()).toContain(`href="/console/rounds/${round.code}/import"`);
        const collective = await template("nomination-collective");
        expect((collective.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toContain("Tên tập thể");
      });

      it("reports each row with the chat's messages, stores nothing, then submits the valid rows once; they reach the council", async () => {
        const { db } = f.h.assistant;
        const before = await db.dossier.count();
        const report = await upload(await filledList());
        expect(report.status).toBe(200);
        expect(report.text).toContain("3/5 dòng hợp lệ, 2 dòng cần sửa");
        expect(report.text).toMatch(/<th scope="row">6<\/th><td data-label="[^"]+">Trần Văn Bình<\/td><td data-label="[^"]+"><ul class="issues"><li>Ngày sinh \(cột \w+\): [^<]+<\/li><\/ul>/);
        expect(report.text).toMatch(/<th scope="row">7<\/th><td data-label="[^"]+">Hoàng Thị Mai<\/td><td data-label="[^"]+"><ul class="issues"><li>Danh hiệu, hình thức đề nghị \(cột \w+\): [^<]*Giá trị được chấp nhận: [^<]*Lao động tiên tiến/);
        // The law's finding is a warning, as in the chat: Lan's row is valid and says why it may fail.
        expect(report.text).toMatch(/<th scope="row">5<\/th><td data-label="[^"]+">Phạm Thị Lan<\/td><td data-label="[^"]+"><span class="status s-ok">Hợp lệ<\/span><\/td><td data-label="[^"]+"><ul><li>[^<]*Hoàn thành nhiệm vụ/);
        expect(report.text).toContain("Nộp 3 hồ sơ hợp lệ");
        expect(report.text).toContain("Tôi cam đoan thông tin trên là đúng sự thật");
        expect(await db.dossier.count()).toBe(before);

        // Without the attestation, nothing.
        const payload = /name="payload" value="([^"]+)"/.exec(report.text)![1]!;
        const unattested = new FormData();
        unattested.set("flow", "nomination-individual");
        unattested.set("payload", payload);
        unattested.set("confirm", "1");
        expect((await request(browser, `/console/rounds/${round.code}/import`, { method: "POST", body: unattested })).status).toBe(400);
        expect(await db.dossier.count()).toBe(before);

        const done = await confirm(report.text);
        expect(done.status).toBe(200);
        expect(done.text).toContain(`Đã nộp 3 hồ sơ vào đợt ${round.code}`);
        const stored = await db.dossier.findMany({ where: { roundId: round.id }, include: { nomination: true }, orderBy: { code: "asc" } });
        expect(stored.map((d) => d.nomination?.nomineeName)).toEqual(["Nguyễn Thị Hoa", "Lê Văn Minh", "Phạm Thị Lan"]);
        expect(stored.map((d) => d.nomination?.birthDate)).toEqual(["1985-03-05", "1979-08-12", "1990-11-20"]);
        expect(await db.outboxJob.count({ where: { kind: "forward-dossier", idempotencyKey: { in: stored.map((d) => `forward-dossier:${d.id}`) } } })).toBe(3);
        const lan = stored[2]!.payload as { nomination: { eligibility?: { failed: unknown[] } }; submittedBy: { channel: string } };
        expect(lan.submittedBy.channel).toBe("console");
        expect(lan.nomination.eligibility?.failed.length).toBeGreaterThan(0);

        // The same confirmation again stores nothing twice; the same list uploaded again finds them in the round.
        const again = await confirm(report.text);
        expect(again.status).toBe(409);
        expect(again.text).toContain("Chưa có dòng nào hợp lệ để nộp.");
        expect(again.text).toContain(`Người (tập thể) này đã có hồ sơ ${stored[0]!.code}`);
        expect(await db.dossier.count({ where: { roundId: round.id } })).toBe(3);
        const rechecked = await upload(await filledList());
        expect(rechecked.text).toContain("0/5 dòng hợp lệ, 2 dòng cần sửa, 3 dòng trùng");
        expect(rechecked.text).toContain(stored[0]!.code);

        await f.h.settle();
        const reached = await db.dossier.findMany({ where: { roundId: round.id } });
        expect(reached.every((d) => d.councilDossierId !== null && d.status !== "QUEUED")).toBe(true);
        expect(await f.h.deadJobs()).toEqual([]);
        // The council's news of each reaches the secretary's chat, as a chat nomination's reaches its officer.
        const told = f.h.narrative.filter((l) => l.startsWith("[Thư ký Hà Trung] < (tin nhắn)")).join("\n");
        for (const d of stored) expect(told).toContain(d.code);
      });

      it("refuses what is not a workbook, politely, and stores nothing", async () => {
        const text = await upload(new TextEncoder().encode("Họ và tên;Ngày sinh\nNguyễn Văn A;01/01/1980\n"), {}, "danh-sach.xlsx");
        expect(text.status).toBe(400);
        expect(text.text).toContain("Tệp này không phải tệp Excel (.xlsx)");
        const zip = await upload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]));
        expect(zip.status).toBe(400);
        expect(zip.text).toContain("Không đọc được tệp Excel này");
        // Larger than the file's cap, then than the route's body limit: refused before anything is read.
        const big = await upload(new Uint8Array(1_200_000).fill(0x50));
        expect(big.status).toBe(413);
        expect(big.text).toContain("Tệp lớn hơn 1 MB");
        const huge = await upload(new Uint8Array(2_200_000));
        expect(huge.status).toBe(413);
        // Other posts keep the forms' limit.
        const entry = await request(browser, `/console/dossiers/${f.codes.hoa}/entries`, { method: "POST", body: new URLSearchParams({ action: "IN_REVIEW", note: "x".repeat(40_000) }) });
        expect(entry.status).toBe(413);
        const none = await request(browser, `/console/rounds/${round.code}/import`, { method: "POST", body: new FormData() });
        expect(none.status).toBe(400);
        expect(await none.text()).toContain("Vui lòng chọn tệp Excel");
      });

      it("answers another commune's round as not found", async () => {
        for (const path of [`/console/rounds/${otherRound.code}/import`, `/console/rounds/${otherRound.code}/import/template.xlsx`]) {
          expect((await request(browser, path)).status).toBe(404);
        }
        const form = new FormData();
        form.set("file", new File([await filledList()], "danh-sach.xlsx"));
        expect((await request(browser, `/console/rounds/${otherRound.code}/import`, { method: "POST", body: form })).status).toBe(404);
        expect((await request(browser, "/console/rounds/DX-2026-999/import")).status).toBe(404);
      });

      // Last: it closes the round.
      it("checks a list for a closed round but offers nothing to submit, and refuses a submission", async () => {
        const { db, clock } = f.h.assistant;
        const late = rowsOfHaTrung().slice(0, 1).map((r) => ({ ...r, fullName: "Đỗ Thị Thu", birthDate: "02/09/1992" }));
        const report = await upload(await filledList(late));
        expect(report.text).toContain("Nộp 1 hồ sơ hợp lệ");
        await db.$transaction((tx) => closeRound(tx, round.id, "thu-ky", clock.now()));
        const closed = await upload(await filledList(late));
        expect(closed.text).toContain("Đợt xét này đã đóng");
        expect(closed.text).not.toContain('name="payload"');
        const before = await db.dossier.count();
        expect((await confirm(report.text)).status).toBe(409);
        expect(await db.dossier.count()).toBe(before);
      });
    });
  });
}

onEachDatabase("the Excel list of a round", suite);

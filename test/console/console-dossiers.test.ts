/**
 * The console's list and a dossier's page, over the real bot, council and console: a secretary
 * sees their commune's dossiers only, filters them, counts them by award, and opens one with its
 * answers, criteria, photo (through the authorised route), papers and history.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ConsoleClient } from "../support/console-client.ts";
import { consoleFixture } from "../support/console-fixture.ts";
import { createPostgresDatabase, POSTGRES_URL } from "../support/test-databases.ts";

let fixture: Awaited<ReturnType<typeof consoleFixture>> | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe("the dossier list", () => {
  it("shows a secretary the dossiers of their commune, with counts by award, filters and criteria warnings", async () => {
    const f = (fixture = await consoleFixture());
    const browser = ConsoleClient.of(f.app);
    await browser.signIn(await f.linkFor(f.people.secretary));
    const all = await browser.get("/console");
    expect(all.status).toBe(200);
    expect(all.text).toContain(f.codes.hoa);
    expect(all.text).toContain(f.codes.nam);
    expect(all.text).not.toContain(f.codes.xuan);
    expect(all.text).toContain("Có 2 hồ sơ phù hợp.");
    expect(all.text).toMatch(/Lao động tiên tiến<\/a>: <strong>2<\/strong>/);
    expect(all.text).toContain("Chờ tiếp nhận");

    const warned = await browser.get("/console?warnings=1");
    expect(warned.text).toContain("Có 1 hồ sơ phù hợp.");
    expect(warned.text).toContain(f.codes.nam);
    expect(warned.text).toContain("Có cảnh báo tiêu chuẩn");
    // Dates are Vietnamese calendar days: 25/11 holds Hoa's dossier only (Nam's came the next day).
    const day = await browser.get("/console?from=2026-11-25&to=25%2F11%2F2026");
    expect(day.text).toContain("Có 1 hồ sơ phù hợp.");
    expect(day.text).toContain(f.codes.hoa);
    expect((await browser.get("/console?unit=thanh-hoa/ha-trung/tk-2")).text).toContain("Không có hồ sơ nào phù hợp");
    expect((await browser.get("/console?status=GRANTED")).text).toContain("Không có hồ sơ nào phù hợp");
    expect((await browser.get("/console?from=31/02/2026")).text).toContain("Ngày lọc không hợp lệ");
    // Another commune is out of scope, even asked for by name.
    expect((await browser.get("/console?unit=lai-chau/tam-duong")).status).toBe(403);
  });

  it("shows an administrator every unit, fifty to a page", async () => {
    const f = (fixture = await consoleFixture());
    const browser = ConsoleClient.of(f.app);
    await browser.signIn(await f.linkFor(f.people.admin));
    const all = await browser.get("/console");
    expect(all.text).toContain("Phạm vi: tất cả đơn vị");
    expect(all.text).toContain("Có 3 hồ sơ phù hợp.");
    const base = await f.h.assistant.db.dossier.findUniqueOrThrow({ where: { code: f.codes.xuan } });
    const { id: _id, code: _code, ...copy } = base;
    await f.h.assistant.db.dossier.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({ ...copy, payload: copy.payload as object, decision: undefined, returnedFields: undefined, nominationId: null, code: `TDKT-2025-${String(i + 1).padStart(6, "0")}`, submittedAt: new Date(Date.UTC(2025, 0, 1, 0, i)) })),
    });
    const first = await browser.get("/console");
    expect(first.text).toContain("Trang 1/2");
    expect(first.text.match(/<tr>/g)?.length).toBe(51);
    const second = await browser.get("/console?page=2");
    expect(second.text).toContain("Trang 2/2");
    expect(second.text).toContain("TDKT-2025-000001");
    expect(second.text.match(/<tr>/g)?.length).toBe(1 + 13);
  });
});

describe("a dossier's page", () => {
  it("shows every answer as the form asked it, the criteria, the photo, the papers and the history", async () => {
    const f = (fixture = await consoleFixture());
    const browser = ConsoleClient.of(f.app);
    await browser.signIn(await f.linkFor(f.people.secretary));
    const page = await browser.get(`/console/dossiers/${f.codes.hoa}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("<dt>Họ và tên</dt><dd>Nguyễn Thị Hoa</dd>");
    expect(page.text).toContain("<dt>Ngày sinh</dt><dd>05/03/1985</dd>");
    expect(page.text).toContain("Hoàn thành tốt nhiệm vụ");
    expect(page.text).toContain("Thẩm quyền quyết định: Chủ tịch UBND xã Hà Trung");
    expect(page.text).toContain("Khi gửi, hồ sơ không có cảnh báo tiêu chuẩn nào.");
    expect(page.text).toContain("Báo cáo thành tích, bản 1 (Word)");
    expect(page.text).toContain("Hồ sơ được gửi");
    expect(page.text).toContain("Trạng thái: Hội đồng đã tiếp nhận");
    expect(page.text).toContain("Chuyển sang xem xét");
    const thumb = /<img src="([^"]+\?size=thumb)"/.exec(page.text)![1]!;
    const image = await browser.get(thumb);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/jpeg");
    expect(image.headers.get("cache-control")).toContain("no-store");
    const paper = /href="([^"]+\/documents\/[^"]+)" download/.exec(page.text)![1]!;
    const docx = await f.app.request(`http://127.0.0.1${paper}`, { headers: { host: "127.0.0.1", cookie: `tdkt_console=${browser.cookies.get("tdkt_console")}` } });
    expect(docx.status).toBe(200);
    expect(docx.headers.get("content-disposition")).toContain("attachment");

    const warned = await browser.get(`/console/dossiers/${f.codes.nam}`);
    expect(warned.text).toContain("Người lập hồ sơ đã gửi dù có các cảnh báo sau");
    expect(warned.text).toContain("Điều 24");
  });
});

describe.skipIf(!POSTGRES_URL)("the dossier list on PostgreSQL", () => {
  it("filters by unit, award, dates and warnings, and counts by award, as on SQLite", async () => {
    const database = await createPostgresDatabase();
    try {
      const f = (fixture = await consoleFixture({ databaseUrl: database.url }));
      const browser = ConsoleClient.of(f.app);
      await browser.signIn(await f.linkFor(f.people.secretary));
      const all = await browser.get("/console?award=LAO_DONG_TIEN_TIEN&unit=thanh-hoa/ha-trung");
      expect(all.text).toContain("Có 2 hồ sơ phù hợp.");
      expect(all.text).toMatch(/Lao động tiên tiến<\/a>: <strong>2<\/strong>/);
      expect((await browser.get("/console?warnings=1")).text).toContain("Có 1 hồ sơ phù hợp.");
      expect((await browser.get("/console?from=2026-11-25&to=2026-11-25")).text).toContain(f.codes.hoa);
      expect((await browser.get(`/console/dossiers/${f.codes.hoa}`)).text).toContain("<dt>Họ và tên</dt><dd>Nguyễn Thị Hoa</dd>");
      await f.close();
      fixture = undefined;
    } finally {
      await database.drop();
    }
  });
});

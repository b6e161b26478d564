/**
 * The console's exports over the real bot, council and console: the list as XLSX and CSV read back
 * with exceljs and csv-parse (the filters and the person's scope respected, Vietnamese intact, no
 * CCCD and no full birth date), a review round's papers as one ZIP opened with pizzip, the cap on
 * a list's size, who may download, and the download mark the page's spinner waits for (the page's
 * script run against a fake page and the real server's answer).
 */
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import PizZip from "pizzip";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORT_LIMIT, exportRows } from "../../src/console/exports/export-rows.ts";
import { readListFilters } from "../../src/console/list-filters.ts";
import { roundExportLinks } from "../../src/console/views/export-links.ts";
import { createRound } from "../../src/rounds/review-rounds.ts";
import { ConsoleClient } from "../support/console-client.ts";
import { consoleFixture, HA_TRUNG, TAM_DUONG } from "../support/console-fixture.ts";

let f: Awaited<ReturnType<typeof consoleFixture>>;
let secretary: ConsoleClient;
/** Hoa's CCCD, put in her payload: it must never reach an export. */
const HOA_CCCD = "038185012345";

beforeAll(async () => {
  f = await consoleFixture();
  const db = f.h.assistant.db;
  const hoa = await db.dossier.findUniqueOrThrow({ where: { code: f.codes.hoa } });
  const payload = hoa.payload as { nomination: { nominee: { nationalId: string | null } } };
  payload.nomination.nominee.nationalId = HOA_CCCD;
  await db.dossier.update({ where: { id: hoa.id }, data: { payload: payload as object } });
  secretary = ConsoleClient.of(f.app);
  await secretary.signIn(await f.linkFor(f.people.secretary));
}, 240_000);
afterAll(async () => {
  await f?.close();
});

/** A client whose answers keep their bytes (text decoding would garble XLSX and ZIP files). */
function binaryClient(from: ConsoleClient): (path: string) => Promise<Response> {
  return (path) =>
    Promise.resolve(
      f.app.request(`http://127.0.0.1${path}`, { headers: { host: "127.0.0.1", cookie: [...from.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } }),
    );
}

async function readXlsx(res: Response): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await res.arrayBuffer());
  return workbook.worksheets[0]!;
}

function sheetRows(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1).map((v) => (v === null || v === undefined ? "" : String(v))));
  });
  return rows;
}

describe("list exports", () => {
  it("gives the secretary the commune's list as XLSX laid out as the danh sách, without CCCD or full birth date", async () => {
    const res = await binaryClient(secretary)("/console/export.xlsx");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("cache-control")).toContain("no-store");
    const disposition = res.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^attachment; filename="Danh_sach_de_nghi_khen_thuong_\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("''")[1]!)).toMatch(/^Danh sách đề nghị khen thưởng \d{4}-\d{2}-\d{2}\.xlsx$/);

    const sheet = await readXlsx(res);
    const rows = sheetRows(sheet);
    expect(rows[0]![0]).toBe("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG");
    expect(rows[1]![0]).toContain("Hà Trung");
    expect(rows[2]![0]).toBe("Tất cả hồ sơ trong phạm vi");
    const headerAt = rows.findIndex((r) => r[0] === "STT");
    expect(rows[headerAt]).toEqual([
      "STT", "Họ và tên / Tên tập thể", "Năm sinh", "Chức vụ, nơi công tác", "Hình thức đề nghị", "Ghi chú", "Mã hồ sơ", "Loại", "Đơn vị", "Ngày nộp", "Trạng thái", "Số phiếu đồng ý", "Tỷ lệ (%)", "Kết quả",
    ]);
    expect(sheet.getRow(headerAt + 1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: headerAt + 1 });
    expect(sheet.getColumn(2).width).toBeGreaterThan(20);

    const data = rows.slice(headerAt + 1);
    expect(data.map((r) => [r[0], r[1], r[6]])).toEqual([
      ["1", "Nguyễn Thị Hoa", f.codes.hoa],
      ["2", "Lê Văn Nam", f.codes.nam],
    ]);
    const hoa = data[0]!;
    expect(hoa[2]).toBe("1985");
    expect(hoa[3]).toContain("Trưởng thôn Tân Lập");
    expect(hoa[4]).toBe("Lao động tiên tiến");
    expect(hoa[5]).toBe("");
    expect(data[1]![5]).toMatch(/^Chưa đạt: /);
    const everything = rows.flat().join("|");
    expect(everything).not.toContain(HOA_CCCD);
    expect(everything).not.toContain("05/03/1985");
    expect(everything).not.toContain("1985-03-05");
    expect(everything).not.toContain(f.codes.xuan);
  });

  it("writes CSV with a BOM and CRLF that parses back with Vietnamese intact, and keeps the list's filters", async () => {
    const res = await binaryClient(secretary)("/console/export.csv?warnings=1");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="Danh_sach_de_nghi_khen_thuong_[\d-]+\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("\r\n");
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    const records = parse(text, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(records.map((r) => r["Họ và tên / Tên tập thể"])).toEqual(["Lê Văn Nam"]);
    expect(records[0]!["Mã hồ sơ"]).toBe(f.codes.nam);
    expect(records[0]!["Ghi chú"]).toMatch(/^Chưa đạt: /);
    expect(records[0]!["Loại"]).toBe("Đề nghị khen thưởng cá nhân");

    const all = parse(new TextDecoder().decode(new Uint8Array(await (await binaryClient(secretary)("/console/export.csv")).arrayBuffer())), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(all.map((r) => r["Họ và tên / Tên tập thể"])).toEqual(["Nguyễn Thị Hoa", "Lê Văn Nam"]);
    expect(all[0]!["Năm sinh"]).toBe("1985");
    expect(JSON.stringify(all)).not.toContain(HOA_CCCD);

    const byAward = await secretary.get("/console/export.csv?award=CSTD_CO_SO");
    expect(parse(byAward.text, { bom: true, columns: true })).toEqual([]);
    const byUnit = await secretary.get(`/console/export.csv?unit=${encodeURIComponent(`${HA_TRUNG}/tk-2`)}`);
    expect(parse(byUnit.text, { bom: true, columns: true })).toEqual([]);
    expect((await secretary.get(`/console/export.csv?unit=${encodeURIComponent(TAM_DUONG)}`)).status).toBe(403);
    expect((await secretary.get("/console/export.csv?from=31/02/2026")).status).toBe(400);
  });

  it("gives another commune's secretary only their own dossiers", async () => {
    const other = ConsoleClient.of(f.app);
    await other.signIn(await f.linkFor(f.people.secretaryTd));
    const records = parse((await other.get("/console/export.csv")).text, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(records.map((r) => r["Mã hồ sơ"])).toEqual([f.codes.xuan]);
    expect(records[0]!["Họ và tên / Tên tập thể"]).toBe("Lò Thị Xuân");
  });

  it("refuses a list larger than the cap, counting what matched", async () => {
    const { filters } = readListFilters({}, f.h.assistant.clock.now());
    const labels = { kind: (k: string) => k, status: (s: string) => s };
    const deps = { db: f.h.assistant.db, units: f.h.assistant.units };
    expect(await exportRows(deps, { all: false, unitId: HA_TRUNG }, filters, labels, 1)).toEqual({ ok: false, total: 2 });
    expect(await exportRows(deps, { all: false, unitId: HA_TRUNG }, { ...filters, warnings: true }, labels, 1)).toMatchObject({ ok: true, rows: [{ code: f.codes.nam }] });
  });

  it("links the exports from the list page with the current filters, and serves the spinner's script under a CSP that allows only it", async () => {
    const page = await secretary.get("/console?warnings=1");
    expect(page.text).toContain('href="/console/export.xlsx?warnings=1" data-export>Tải Excel</a>');
    expect(page.text).toContain('href="/console/export.csv?warnings=1" data-export>Tải CSV</a>');
    expect(page.text).toContain('data-busy="Đang chuẩn bị tệp…"');
    expect(page.text).toContain('<script src="/console/console.js" defer></script>');
    expect(page.headers.get("content-security-policy")).toBe("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    const script = await ConsoleClient.of(f.app).get("/console/console.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.text).toContain("tdkt_dl_");
  });
});

describe("the download mark", () => {
  it("sets a short-lived cookie the page's script can read, named by a well-formed token only, on a refusal too", async () => {
    const token = "0123456789abcdef01234567";
    const ok = await secretary.get(`/console/export.csv?dl=${token}`);
    const cookie = ok.headers.getSetCookie().find((c) => c.startsWith(`tdkt_dl_${token}=1`));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/Max-Age=120/);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/HttpOnly/);

    const refused = await secretary.get(`/console/export.xlsx?unit=${encodeURIComponent(TAM_DUONG)}&dl=${token}`);
    expect(refused.status).toBe(403);
    expect(refused.headers.getSetCookie().some((c) => c.startsWith(`tdkt_dl_${token}=`))).toBe(true);

    for (const bad of ["short", "x".repeat(40), "abc;def0123456789abc", "0123456789abcdef%3Dx"]) {
      const answer = await secretary.get(`/console/export.csv?dl=${bad}`);
      expect(answer.headers.getSetCookie().filter((c) => c.startsWith("tdkt_dl_")), bad).toEqual([]);
    }
  });
});

/** Just enough of a page for public/console.js: elements with the few methods it calls, a cookie jar, a timer run by hand. */
function fakePage(script: string) {
  class FakeElement {
    readonly attributes = new Map<string, string>();
    readonly classes = new Set<string>();
    readonly classList = { add: (c: string) => this.classes.add(c), remove: (c: string) => this.classes.delete(c) };
    textContent = "";
    constructor(readonly selectors: string[], readonly dataset: Record<string, string> = {}, readonly href = "", public parent: FakeElement | null = null, public child: FakeElement | null = null) {}
    closest(selector: string): FakeElement | null {
      return this.selectors.includes(selector) ? this : (this.parent?.closest(selector) ?? null);
    }
    querySelector(selector: string): FakeElement | null {
      return this.child?.selectors.includes(selector) ? this.child : null;
    }
    getAttribute(name: string) {
      return this.attributes.get(name) ?? null;
    }
    setAttribute(name: string, value: string) {
      this.attributes.set(name, value);
    }
    removeAttribute(name: string) {
      this.attributes.delete(name);
    }
  }
  const group = new FakeElement([".exports"]);
  const status = new FakeElement([".export-progress"], { busy: "Đang chuẩn bị tệp…", done: "Tệp đã bắt đầu tải về." }, "", group);
  group.child = status;
  const link = new FakeElement(["a[data-export]"], {}, "http://127.0.0.1/console/export.csv?warnings=1", group);
  const jar = new Map<string, string>();
  const written: string[] = [];
  let onClick: ((event: unknown) => void) | undefined;
  let tick: (() => void) | undefined;
  const assigned: string[] = [];
  const context = {
    Element: FakeElement,
    URL,
    crypto: globalThis.crypto,
    Date,
    setInterval: (fn: () => void) => ((tick = fn), 1),
    clearInterval: () => (tick = undefined),
    window: { location: { assign: (url: string) => assigned.push(url) } },
    document: {
      addEventListener: (type: string, fn: (event: unknown) => void) => type === "click" && (onClick = fn),
      get cookie() {
        return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
      },
      set cookie(line: string) {
        written.push(line);
        const [name, value] = line.split(";")[0]!.split("=") as [string, string];
        if (/Max-Age=0/.test(line)) jar.delete(name);
        else jar.set(name, value);
      },
    },
  };
  runInNewContext(script, context);
  const click = (modifiers: { ctrlKey?: boolean } = {}) => {
    const event = { target: link, button: 0, defaultPrevented: false, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...modifiers, preventDefault: () => (event.defaultPrevented = true) };
    onClick!(event);
    return event;
  };
  return { group, status, jar, written, assigned, click, tick: () => tick?.(), ticking: () => tick !== undefined };
}

describe("the page's script", () => {
  it("shows the spinner on an export link, sends a token the server accepts, and stops when the server's mark arrives", async () => {
    const script = (await ConsoleClient.of(f.app).get("/console/console.js")).text;
    const page = fakePage(script);
    expect(page.click({ ctrlKey: true }).defaultPrevented).toBe(false);
    expect(page.assigned).toEqual([]);

    expect(page.click().defaultPrevented).toBe(true);
    expect(page.status.textContent).toBe("Đang chuẩn bị tệp…");
    expect(page.status.classes.has("busy")).toBe(true);
    expect(page.group.getAttribute("aria-busy")).toBe("true");
    const url = new URL(page.assigned[0]!);
    expect(url.pathname).toBe("/console/export.csv");
    expect(url.searchParams.get("warnings")).toBe("1");
    const token = url.searchParams.get("dl")!;
    // A second click while it is busy does not start another download.
    page.click();
    expect(page.assigned).toHaveLength(1);

    page.tick();
    expect(page.status.classes.has("busy")).toBe(true);
    // The server's answer to that very URL sets the mark the script polls for.
    const answer = await secretary.get(`${url.pathname}${url.search}`);
    expect(answer.status).toBe(200);
    const mark = answer.headers.getSetCookie().find((c) => c.startsWith(`tdkt_dl_${token}=`));
    const [name, value] = mark!.split(";")[0]!.split("=") as [string, string];
    page.jar.set(name, value);
    page.tick();
    expect(page.ticking()).toBe(false);
    expect(page.status.textContent).toBe("Tệp đã bắt đầu tải về.");
    expect(page.status.classes.has("busy")).toBe(false);
    expect(page.group.getAttribute("aria-busy")).toBeNull();
    expect(page.jar.has(`tdkt_dl_${token}`)).toBe(false);
    expect(page.written.at(-1)).toMatch(/Max-Age=0; Path=\/console/);
  });
});

describe("a round's papers as one ZIP", () => {
  it("holds the round's tờ trình and biên bản and each dossier's papers in a folder by code, and its tallies reach the list export", async () => {
    const { db, clock } = f.h.assistant;
    const round = await db.$transaction((tx) =>
      createRound(tx, { unitId: HA_TRUNG, kind: "TONG_KET_NAM", year: 2026, title: "Bình xét thi đua năm 2026", deadline: "2026-12-10", createdById: "thu-ky", now: clock.now() }),
    );
    await db.dossier.updateMany({ where: { code: { in: [f.codes.hoa, f.codes.nam] } }, data: { roundId: round.id } });
    const hoa = await db.dossier.findUniqueOrThrow({ where: { code: f.codes.hoa } });
    await db.councilMeeting.create({
      data: {
        roundId: round.id, heldAt: clock.now(), place: "Hội trường UBND xã", chair: "Nguyễn Văn Chủ", secretaryName: "Trần Thị Thư", memberCount: 9, presentCount: 8,
        recordedById: "thu-ky", recordedAt: clock.now(), votes: { create: [{ dossierId: hoa.id, votesFor: 7, passed: true }] },
      },
    });

    const res = await binaryClient(secretary)(`/console/rounds/${round.code}/documents.zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(decodeURIComponent((res.headers.get("content-disposition") ?? "").split("''")[1]!)).toBe(`Hồ sơ đợt xét ${round.code}.zip`);
    const zip = new PizZip(new Uint8Array(await res.arrayBuffer()));
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir).sort();
    expect(names).toContain(`${round.code}-to-trinh.docx`);
    expect(names).toContain(`${round.code}-bien-ban-hop-hoi-dong.docx`);
    for (const code of [f.codes.hoa, f.codes.nam]) {
      expect(names.filter((n) => n.startsWith(`${code}/`)).some((n) => n.includes("bao-cao-thanh-tich"))).toBe(true);
      expect(names).toContain(`${code}/${code}-to-trinh.docx`);
    }
    expect(names.some((n) => n.startsWith(f.codes.xuan))).toBe(false);
    // Each entry is a real DOCX (a ZIP itself), not an empty placeholder.
    expect(new PizZip(zip.file(`${round.code}-to-trinh.docx`)!.asUint8Array()).file("word/document.xml")).not.toBeNull();

    const records = parse((await secretary.get("/console/export.csv")).text, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(records[0]).toMatchObject({ "Mã hồ sơ": f.codes.hoa, "Số phiếu đồng ý": "7", "Tỷ lệ (%)": "77,8", "Kết quả": "Đạt" });
    expect(records[1]).toMatchObject({ "Mã hồ sơ": f.codes.nam, "Số phiếu đồng ý": "", "Kết quả": "" });

    const other = ConsoleClient.of(f.app);
    await other.signIn(await f.linkFor(f.people.secretaryTd));
    const outside = await other.get(`/console/rounds/${round.code}/documents.zip`);
    expect(outside.status).toBe(404);
    expect(outside.headers.get("content-type")).toContain("text/html");
    expect((await secretary.get("/console/rounds/DX-2026-999/documents.zip")).status).toBe(404);
  });

  it("offers the round's ZIP link for the round page", async () => {
    const t = (key: string) => f.h.assistant.i18n.t("vi", `console.${key}`);
    expect(String(await roundExportLinks(t, "DX-2026-001"))).toContain('href="/console/rounds/DX-2026-001/documents.zip" data-export>Tải toàn bộ hồ sơ của đợt (ZIP)</a>');
  });
});

describe("who may download", () => {
  it("asks for sign-in without a session and refuses an officer", async () => {
    for (const path of ["/console/export.xlsx", "/console/export.csv", "/console/rounds/DX-2026-001/documents.zip"]) {
      expect((await ConsoleClient.of(f.app).get(path)).status, path).toBe(401);
    }
    const officerId = (await f.h.assistant.db.channelIdentity.findFirstOrThrow({ where: { externalId: "can-bo-ht" } })).userId;
    const officer = ConsoleClient.of(f.app);
    officer.cookies.set("tdkt_console", await f.sessions.open(officerId));
    const answer = await officer.get("/console/export.xlsx");
    expect(answer.status).toBe(403);
    expect(answer.text).not.toContain("Nguyễn Thị Hoa");
  });
});

describe("the cap on a list export", () => {
  // Last: it adds ten thousand dossiers to Tam Đường.
  it("answers a list of more than ten thousand dossiers with a page asking to narrow the filters", async () => {
    const db = f.h.assistant.db;
    // Copies of Xuân's dossier, filed, written by one statement (SQLite and PostgreSQL alike): the
    // refusal is decided on the count, so they need no payload.
    const copies = await db.$executeRawUnsafe(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${EXPORT_LIMIT})
       INSERT INTO "Dossier" ("id", "code", "kind", "payloadVersion", "payload", "status", "unitId", "submittedById", "submittedAt", "updatedAt")
       SELECT 'cap-' || n.i, 'CAP-' || n.i, d."kind", d."payloadVersion", '{}', 'FILED', d."unitId", d."submittedById", d."submittedAt", d."updatedAt"
       FROM n, "Dossier" d WHERE d."code" = '${f.codes.xuan}'`,
    );
    expect(copies).toBe(EXPORT_LIMIT);
    const other = ConsoleClient.of(f.app);
    await other.signIn(await f.linkFor(f.people.secretaryTd));
    const answer = await other.get("/console/export.xlsx?dl=0123456789abcdef01234567");
    expect(answer.status).toBe(422);
    expect(answer.headers.get("content-type")).toContain("text/html");
    expect(answer.headers.get("content-disposition")).toBeNull();
    expect(answer.text).toContain(`Danh sách có ${EXPORT_LIMIT + 1} hồ sơ, nhiều hơn ${EXPORT_LIMIT} hồ sơ của một lần tải`);
    // The spinner stops on the refusal too.
    expect(answer.headers.getSetCookie().some((c) => c.startsWith("tdkt_dl_0123456789abcdef01234567="))).toBe(true);
    // A narrower list is exported.
    const narrower = await other.get("/console/export.csv?status=RECEIVED");
    expect(narrower.status).toBe(200);
    expect((parse(narrower.text, { bom: true, columns: true }) as Array<Record<string, string>>).map((r) => r["Mã hồ sơ"])).toEqual([f.codes.xuan]);
  }, 60_000);
});

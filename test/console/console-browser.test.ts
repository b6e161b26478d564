/**
 * The console in a real browser: Debian's Chromium (/usr/bin/chromium, installed by .ci/run with
 * apt; nothing is downloaded) driven by playwright-core, against the real bot, the embedded council
 * and the console on 127.0.0.1. A secretary signs in with the link the chat gave, filters the list,
 * opens a dossier with a photo, returns it (the officer's chat receives the fields to fix),
 * recommends another and records its decision (the officer's chat is told). Then a review round:
 * opened, two nominations joining it from a village officer's chat, the council meeting's tallies,
 * the recommendations they lead to, the list posted publicly, an anonymous comment from the
 * terminal chat answered, the decision, and the round's list as XLSX read back. Screenshots of the main
 * pages, on a desktop and on a 360-px phone, go to test-output/screenshots/ (git-ignored).
 *
 * Skipped only on a machine without Chromium outside CI; in CI (CI set) a missing Chromium fails.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../support/spawn-app.ts";
import { tempDir } from "../support/test-databases.ts";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { createInvite } from "../../src/admin/invites.ts";
import { TerminalChannel } from "../../src/channels/terminal/terminal-channel.ts";
import { addDays, toIsoDate } from "../../src/time/local-date.ts";
import { localDateInVietnam } from "../../src/time/vietnam-time.ts";
import { consoleFixture, HA_TRUNG } from "../support/console-fixture.ts";
import { nominationOfHoa, sayAll } from "../support/officer-scripts.ts";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
const SCREENSHOTS = join(PROJECT_ROOT, "test-output", "screenshots");
/** The flags the brief of the CI machine asks for: no sandbox (root in a container), nothing fetched from the network. */
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let f: Awaited<ReturnType<typeof consoleFixture>> | undefined;
let browser: Browser | undefined;

describe.skipIf(!available && !process.env.CI)("the console in Chromium", () => {
  beforeAll(async () => {
    if (!available) throw new Error(`${CHROMIUM} is missing: CI installs it with apt (.ci/run, PACKAGES)`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    f = await consoleFixture();
    // A fresh profile every run: no cookie, cache or setting survives from another.
    const context = await chromium.launchPersistentContext(tempDir("tdkt-chromium-"), { executablePath: CHROMIUM, args: FLAGS, headless: true, locale: "vi-VN", viewport: { width: 1280, height: 900 } });
    browser = context.browser() ?? undefined;
    pages.context = context;
  }, 240_000);

  afterAll(async () => {
    await pages.context?.close();
    await browser?.close();
    await f?.close();
  });

  it("signs in with the chat's link, filters, returns a dossier with a photo, recommends another and records its decision", { timeout: 240_000 }, async () => {
    const { h, people, codes } = f!;
    const page = await pages.context!.newPage();
    const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    // The link names PUBLIC_BASE_URL (the default http://127.0.0.1:3000); this run's server is elsewhere.
    const link = new URL(await f!.linkFor(people.secretary));
    await page.goto(`${h.botUrl}${link.pathname}${link.search}`);
    await shot("01-sign-in");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${h.botUrl}/console`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Danh sách hồ sơ");
    expect(await page.locator("tbody tr").count()).toBe(2);
    await shot("02-list");

    // Filter: the dossiers sent despite a criteria warning.
    await page.getByLabel("Danh hiệu, hình thức", { exact: true }).selectOption({ label: "Lao động tiên tiến" });
    await page.getByLabel("Chỉ hồ sơ có cảnh báo tiêu chuẩn").check();
    await page.getByRole("button", { name: "Lọc" }).click();
    await page.waitForURL(/warnings=1/);
    expect(await page.locator("tbody tr").count()).toBe(1);
    expect(await page.locator("tbody").textContent()).toContain("Lê Văn Nam");
    await page.getByRole("link", { name: "Bỏ lọc" }).click();

    // Hoa's dossier, with her photo as a thumbnail served by the console's own route.
    await page.getByRole("link", { name: codes.hoa }).click();
    await page.waitForURL(`${h.botUrl}/console/dossiers/${codes.hoa}`);
    const photo = page.getByRole("img", { name: `Ảnh minh chứng 1 của hồ sơ ${codes.hoa}` });
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    expect(await page.getByText("Nguyễn Thị Hoa").count()).toBeGreaterThan(0);
    await shot("03-dossier");

    // Return it with the parts to fix.
    const returnForm = page.locator("section.entry", { has: page.getByRole("heading", { name: "Trả lại để bổ sung" }) });
    await returnForm.getByLabel("Tóm tắt thành tích hoặc nội dung việc tốt").check();
    await returnForm.getByLabel("Minh chứng (ảnh, tệp)").check();
    await returnForm.getByLabel("Ghi chú").fill("Cần nêu số hộ hiến đất và diện tích cụ thể; bổ sung ảnh con đường.");
    await returnForm.getByRole("button", { name: "Tiếp tục" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Xác nhận trước khi gửi");
    await shot("04-confirm");
    await page.getByRole("button", { name: "Xác nhận và gửi" }).click();
    await page.waitForURL(/done=RETURN/);
    expect(await page.getByRole("status").first().textContent()).toContain("Đã gửi yêu cầu bổ sung hồ sơ TDKT-2026-000001");
    await h.settle();
    const toOfficer = () => h.narrative.filter((l) => l.startsWith("[Cán bộ Hà Trung] < (tin nhắn)")).join("\n");
    expect(toOfficer()).toContain("Cần nêu số hộ hiến đất và diện tích cụ thể");
    expect(toOfficer()).toContain("Tóm tắt thành tích");

    // Nam's dossier: in review, recommended, then the chair's decision.
    await recordEntry(page, `${h.botUrl}/console/dossiers/${codes.nam}`, "Chuyển sang xem xét");
    await h.settle();
    await recordEntry(page, `${h.botUrl}/console/dossiers/${codes.nam}`, "Thống nhất đề nghị");
    await h.settle();
    await recordEntry(page, `${h.botUrl}/console/dossiers/${codes.nam}`, "Ghi quyết định khen thưởng", async (form) => {
      await form.getByLabel("Số quyết định").fill("125/QĐ-UBND");
      await form.getByLabel("Ngày ký").fill("2026-11-27");
      await form.getByLabel("Người ký").fill("Chủ tịch UBND xã Lê Văn Bình");
      await form.getByLabel("Khen thưởng", { exact: true }).check();
    });
    await h.settle();
    expect(toOfficer()).toContain("Chúc mừng! Lê Văn Nam đã được tặng “Lao động tiên tiến” theo Quyết định số 125/QĐ-UBND ngày 27/11/2026");
    await page.reload();
    expect(await page.locator(".facts").textContent()).toContain("Được khen thưởng");
    await shot("05-decided");
    expect(await h.deadJobs()).toEqual([]);
  });

  it("runs a review round: opened, its meeting's tallies, recommendations, the list posted, a comment from the terminal chat, the decision, the list as XLSX", { timeout: 300_000 }, async () => {
    const { h } = f!;
    const { db, clock } = h.assistant;
    const page = await pages.context!.newPage();
    const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    const link = new URL(await f!.linkFor(f!.people.secretary));
    await page.goto(`${h.botUrl}${link.pathname}${link.search}`);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${h.botUrl}/console`);
    const today = localDateInVietnam(clock.now());

    // The secretary opens the year-end round of the commune.
    await page.getByRole("link", { name: "Đợt xét", exact: true }).click();
    await page.getByRole("link", { name: "Tạo đợt xét mới" }).click();
    await page.getByLabel("Tên đợt").fill("Bình xét thi đua năm 2026");
    await page.getByLabel("Tổng kết năm").check();
    await page.getByLabel("Năm xét").fill("2026");
    await page.getByLabel("Hạn nhận đề nghị").fill(toIsoDate(addDays(today, 10)));
    await page.getByRole("button", { name: "Tạo đợt xét" }).click();
    await page.waitForURL(/\/console\/rounds\/DX-2026-001/);
    expect(await page.getByRole("status").first().textContent()).toContain("Đã tạo đợt DX-2026-001");

    // A village officer nominates two people in the chat: both join the round and reach the council.
    const village = h.actor("Cán bộ thôn Tân Lập", "can-bo-tan-lap");
    await village.say((await createInvite(db, { role: "officer", unitId: HA_TRUNG, now: clock.now() })).code);
    const person = (name: string, gender: string) => nominationOfHoa().map((l) => (l === "Nguyễn Thị Hoa" ? name : l === "nu" ? gender : l));
    expect(await sayAll(village, person("Trần Văn Minh", "nam"))).toContain("TDKT-2026-");
    expect(await sayAll(village, person("Phạm Thị Lan", "nu"))).toContain("TDKT-2026-");
    await h.settle();
    const byName = (name: string) => db.dossier.findFirstOrThrow({ where: { nomination: { is: { nomineeName: name } } } });
    const [minh, lan] = [await byName("Trần Văn Minh"), await byName("Phạm Thị Lan")];
    await page.reload();
    expect(await page.locator("table.dossiers tbody").first().textContent()).toContain("Trần Văn Minh");
    await shot("08-round");

    // The council meets: 8 of 9 members present; Minh gets 8 votes, Lan 4 (more than half of 9 is needed).
    await page.getByRole("link", { name: "Ghi kết quả họp Hội đồng" }).click();
    await page.getByLabel("Ngày họp").fill(toIsoDate(today));
    await page.getByLabel("Giờ bắt đầu").fill("14:00");
    await page.getByLabel("Giờ kết thúc (nếu có)").fill("16:30");
    await page.getByLabel("Địa điểm").fill("Hội trường UBND xã Hà Trung");
    await page.getByLabel("Người chủ trì").fill("Lê Văn Bình");
    await page.getByLabel("Thư ký cuộc họp").fill("Trần Thị Mai");
    await page.getByLabel("Tổng số thành viên Hội đồng").fill("9");
    await page.getByLabel("Số thành viên có mặt").fill("8");
    await page.getByLabel(`${minh.code} — Trần Văn Minh`).fill("8");
    await page.getByLabel(`${lan.code} — Phạm Thị Lan`).fill("4");
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Kiểm tra kết quả trước khi lưu");
    await shot("09-meeting-confirm");
    await page.getByRole("button", { name: "Lưu kết quả họp" }).click();
    await page.waitForURL(/done=/);

    // Recommendations by the tallies: first into review (the council had only received them), then recommended.
    for (let press = 0; press < 2; press++) {
      await page.getByRole("button", { name: "Đề nghị theo kết quả họp…" }).click();
      await page.getByRole("button", { name: "Xác nhận và gửi" }).click();
      await page.waitForURL(/done=/);
      await h.settle();
      await page.goto(`${h.botUrl}/console/rounds/DX-2026-001`);
    }
    const statusOf = async (id: string) => (await db.dossier.findUniqueOrThrow({ where: { id } })).status;
    expect(await statusOf(minh.id)).toBe("RECOMMENDED");
    expect(await statusOf(lan.id)).toBe("NOT_RECOMMENDED");
    const toVillage = () => h.narrative.filter((l) => l.startsWith("[Cán bộ thôn Tân Lập] < (tin nhắn)")).join("\n");
    expect(toVillage()).toContain("Kết quả bỏ phiếu: 4/9 phiếu đồng ý");

    // The list is posted publicly for 5 working days; the public page shows names and awards, no birth date.
    await page.getByRole("link", { name: "Mở trang công khai và góp ý" }).click();
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await page.getByRole("button", { name: "Xác nhận công khai" }).click();
    await page.waitForURL(/done=/);
    const publicUrl = new URL((await page.locator("a[href*='/cong-khai/']").first().getAttribute("href"))!);
    const board = await pages.context!.newPage();
    await board.goto(`${h.botUrl}${publicUrl.pathname}`);
    const posted = (await board.locator("main").textContent())!;
    expect(posted).toContain("Trần Văn Minh");
    expect(posted).not.toContain("Phạm Thị Lan");
    expect(posted).not.toContain("05/03/1985");
    await board.screenshot({ path: join(SCREENSHOTS, "10-public-posting.png"), fullPage: true });
    await board.close();

    // A citizen comments from the terminal chat, anonymously; the secretary answers on the posting's page.
    const printed: string[] = [];
    const terminal = new TerminalChannel({ handler: h.assistant.service, chatId: "nguoi-dan-terminal", input: new PassThrough(), print: (line) => printed.push(line), interactive: false });
    await terminal.say(`góp ý ẩn danh ${minh.code} Đề nghị Hội đồng kiểm tra lại số hộ hiến đất mà ông Minh đã vận động.`);
    const code = /GY-2026-\d{6}/.exec(printed.join("\n"))?.[0];
    expect(code, printed.join("\n")).toBeDefined();
    await page.reload();
    const objections = (await page.locator("main").textContent())!;
    expect(objections).toContain("kiểm tra lại số hộ hiến đất");
    expect(objections).toContain("Người gửi: ẩn danh");
    await page.getByLabel(`Trả lời góp ý ${code}`).fill("Hội đồng đã kiểm tra biên bản của thôn: 45 hộ hiến đất, đúng như báo cáo.");
    await page.getByRole("button", { name: "Gửi trả lời" }).click();
    await page.waitForURL(/done=/);
    await h.settle();
    expect(h.narrative.filter((l) => l.startsWith("[nguoi-dan-terminal] < (tin nhắn)")).join("\n")).toContain("45 hộ hiến đất, đúng như báo cáo");
    await page.getByLabel("Có ý kiến – đã xử lý").check();
    await page.getByLabel("Ghi chú kết quả").fill("01 ý kiến về số hộ hiến đất; đã kiểm tra, trả lời người góp ý.");
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await page.getByRole("button", { name: "Xác nhận kết thúc" }).click();
    await page.waitForURL(/done=/);
    await shot("11-posting");

    // The chair decides; the officer who nominated Minh is told in the chat.
    await recordEntry(page, `${h.botUrl}/console/dossiers/${minh.code}`, "Ghi quyết định khen thưởng", async (form) => {
      await form.getByLabel("Số quyết định").fill("131/QĐ-UBND");
      await form.getByLabel("Ngày ký").fill(toIsoDate(today));
      await form.getByLabel("Người ký").fill("Chủ tịch UBND xã Lê Văn Bình");
      await form.getByLabel("Khen thưởng", { exact: true }).check();
    });
    await h.settle();
    expect(toVillage()).toContain("Chúc mừng! Trần Văn Minh đã được tặng “Lao động tiên tiến” theo Quyết định số 131/QĐ-UBND");

    // The round's list as XLSX, with a spinner while it is made, read back.
    await page.goto(`${h.botUrl}/console/rounds/DX-2026-001`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải Excel" }).click()]);
    await expect.poll(() => page.locator(".export-progress").first().textContent()).toBe("Tệp đã bắt đầu tải về.");
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const rows: string[] = [];
    book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).map(String).join(" | ")));
    expect(rows.join("\n")).toContain("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG");
    const minhRow = rows.find((r) => r.includes("Trần Văn Minh"))!;
    expect(minhRow).toContain(minh.code);
    expect(minhRow).toContain("Lao động tiên tiến");
    expect(minhRow).toContain("| 8 |");
    expect(rows.join("\n")).not.toContain("05/03/1985");
    await shot("12-round-decided");
    expect(await h.deadJobs()).toEqual([]);
  });

  it("fits a 360-px phone, in Vietnamese and in English", { timeout: 120_000 }, async () => {
    const { h, people, codes } = f!;
    const phone = await pages.context!.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    const link = new URL(await f!.linkFor(people.secretary));
    await phone.goto(`${h.botUrl}${link.pathname}${link.search}`);
    await phone.getByRole("button", { name: "Đăng nhập" }).click();
    await phone.waitForURL(`${h.botUrl}/console`);
    const fits = () => phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await fits()).toBe(true);
    await phone.screenshot({ path: join(SCREENSHOTS, "06-list-phone.png"), fullPage: true });
    await phone.goto(`${h.botUrl}/console/dossiers/${codes.hoa}`);
    expect(await fits()).toBe(true);
    await phone.screenshot({ path: join(SCREENSHOTS, "07-dossier-phone.png"), fullPage: true });
    // Keyboard users reach the content first: the skip link is the first stop and becomes visible.
    await phone.keyboard.press("Tab");
    expect(await phone.evaluate(() => document.activeElement?.textContent)).toBe("Bỏ qua, đến nội dung chính");
    // Every field has a label a screen reader announces.
    expect(await phone.evaluate(() => Array.from(document.querySelectorAll("input:not([type=hidden]), select, textarea")).filter((e) => !(e as HTMLInputElement).labels?.length).length)).toBe(0);
    await phone.getByRole("link", { name: "English" }).click();
    expect(await phone.locator("h2").first().textContent()).toBe("Summary");
    expect(await fits()).toBe(true);
  });
});

/** The browser context shared by the tests (one fresh profile). */
const pages: { context?: Awaited<ReturnType<typeof chromium.launchPersistentContext>> } = {};

/** Opens the dossier, fills the entry's form, confirms it, and waits for the page to say it was sent. */
async function recordEntry(page: Page, url: string, entry: string, fill?: (form: ReturnType<Page["locator"]>) => Promise<void>): Promise<void> {
  await page.goto(url);
  const form = page.locator("section.entry", { has: page.getByRole("heading", { name: entry, exact: true }) });
  await fill?.(form);
  await form.getByRole("button", { name: "Tiếp tục" }).click();
  await page.getByRole("button", { name: "Xác nhận và gửi" }).click();
  await page.waitForURL(/done=/);
}

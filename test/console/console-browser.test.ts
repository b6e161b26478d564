/**
 * The console in a real browser: Debian's Chromium (/usr/bin/chromium, installed by .ci/run with
 * apt; nothing is downloaded) driven by playwright-core, against the real bot, the embedded council
 * and the console on 127.0.0.1. A secretary signs in with the link the chat gave, filters the list,
 * opens a dossier with a photo, returns it (the officer's chat receives the fields to fix),
 * recommends another and records its decision (the officer's chat is told). Screenshots of the main
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
import { consoleFixture } from "../support/console-fixture.ts";

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

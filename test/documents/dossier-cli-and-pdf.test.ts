/**
 * `npm run dossier` in a real process on a real database, and the PDF path through LibreOffice:
 * the documents are written to a folder, stored as versions (a second run adds none), and each DOCX
 * has a PDF whose text layer (pdftotext) holds the nominee's name. Without LibreOffice the PDF part
 * is skipped on a laptop and fails in CI, which installs it (.ci/run).
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { detectPdfConverter } from "../../src/documents/pdf-converter.ts";
import { openDatabase } from "../../src/db/open-database.ts";
import { PROJECT_ROOT, appEnv } from "../support/spawn-app.ts";
import { sqliteUrl, tempDir } from "../support/test-databases.ts";
import { testAssistant } from "../support/test-assistant.ts";
import { docxText } from "../support/docx-text.ts";
import { nominationOfHoa, sayAll } from "../support/officer-scripts.ts";

const run = promisify(execFile);

function has(program: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${program}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const PDF_TOOLS = has("soffice") && has("pdftotext") && has("pdfinfo");

const HOA = nominationOfHoa();

let dir: string;

async function dossierCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["src/cli/dossier.ts", ...args], { cwd: PROJECT_ROOT, env: appEnv(dir, { DATABASE_URL: sqliteUrl(dir) }), timeout: 240_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw err;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

beforeAll(async () => {
  dir = tempDir();
  const a = await testAssistant({ dataDir: dir });
  const chat = new MemoryChat(a.service, "officer-cli");
  expect(await sayAll(chat, HOA)).toContain("TDKT-2026-000001");
  await a.close();
}, 60_000);

afterAll(() => undefined);

describe("npm run dossier", () => {
  it("documents <code> writes the dossier's DOCX files (and PDFs when LibreOffice is installed), stored once", async () => {
    if (process.env.CI && !PDF_TOOLS) throw new Error("CI must install libreoffice-writer-nogui and poppler-utils (.ci/run)");
    const out = join(dir, "out");
    const first = await dossierCli(["documents", "tdkt-2026-000001", "--out", out]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("TDKT-2026-000001-bao-cao-thanh-tich.docx  (Báo cáo thành tích, phiên bản 1)");
    const files = (await readdir(out)).sort();
    const docx = ["TDKT-2026-000001-bao-cao-thanh-tich.docx", "TDKT-2026-000001-bien-ban-hop-hoi-dong.docx", "TDKT-2026-000001-to-trinh.docx"];
    expect(files).toEqual(PDF_TOOLS ? [...docx, ...docx.map((f) => f.replace(".docx", ".pdf"))].sort() : docx);
    expect(docxText(await readFile(join(out, docx[0]!)))).toContain("Nguyễn Thị Hoa");

    const again = await dossierCli(["documents", "TDKT-2026-000001", "--out", out, "--no-pdf"]);
    expect(again.stdout).toContain("phiên bản 1");
    const { db } = await openDatabase(sqliteUrl(dir));
    try {
      const rows = await db.dossierDocument.findMany();
      expect(rows.filter((r) => r.mediaType.includes("wordprocessingml"))).toHaveLength(3);
      expect(rows.every((r) => r.version === 1)).toBe(true);
    } finally {
      await db.$disconnect();
    }
    const versions = await dossierCli(["versions", "TDKT-2026-000001"]);
    expect(versions.stdout).toContain("Tờ trình kèm danh sách phiên bản 1 (DOCX");
  }, 240_000);

  it("refuses an unknown code and an unknown unit with one Vietnamese line", async () => {
    const unknown = await dossierCli(["documents", "TDKT-2026-999999"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe("Không tìm thấy hồ sơ đề nghị khen thưởng TDKT-2026-999999 (tin báo người tốt, việc tốt không có giấy tờ).");
    const unit = await dossierCli(["list", "--unit", "khong-co", "--year", "2026"]);
    expect(unit.code).toBe(1);
    expect(unit.stderr).toContain("Không có đơn vị khong-co");
  }, 120_000);

  it("list --unit --year writes the unit's tờ trình and biên bản", async () => {
    const out = join(dir, "list");
    const result = await dossierCli(["list", "--unit", "thanh-hoa/ha-trung", "--year", "2026", "--out", out]);
    expect(result.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(["Hà Trung-2026-bien-ban-hop-hoi-dong.docx", "Hà Trung-2026-to-trinh.docx"]);
  }, 120_000);
});

describe.skipIf(!PDF_TOOLS && !process.env.CI)("PDF through LibreOffice", () => {
  it("converts a DOCX to a one-or-more-page A4 PDF whose text holds the nominee, the award and the date line", async () => {
    const pdf = await detectPdfConverter();
    expect(pdf, "LibreOffice (soffice) must be installed: .ci/run installs libreoffice-writer-nogui").not.toBeNull();
    const a = await testAssistant({ dataDir: dir });
    try {
      const dossier = (await a.documents.findNominationDossier("TDKT-2026-000001"))!;
      const [report] = await a.documents.generate(dossier);
      const bytes = await pdf!.toPdf(report!.bytes);
      expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
      const file = join(dir, "report.pdf");
      await writeFile(file, bytes);
      const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
      const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pages).toBeLessThanOrEqual(3);
      expect(info).toMatch(/Page size:\s+595(\.\d+)? x 841(\.\d+)? pts \(A4\)/);
      const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
      expect(text).toContain("Nguyễn Thị Hoa");
      expect(text).toContain("LAO ĐỘNG TIÊN TIẾN");
      expect(text).toContain("Hà Trung, ngày 25 tháng 11 năm 2026");
      expect(existsSync(file)).toBe(true);
    } finally {
      await a.close();
    }
  }, 180_000);
});

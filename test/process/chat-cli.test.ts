/**
 * The terminal chat scripted as the README shows it: the real `tsx src/cli/chat.ts` process,
 * standard input piped (not a terminal), one message per line, end of input ends the chat. Each
 * run gets its own data folder, so the runs go side by side; afterwards the SQLite file the
 * process wrote is opened here and the dossier and its outbox job are checked.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { tempDir } from "../support/test-databases.ts";
import { appEnv, killAllChildren, runChat, type ChatRun } from "../support/spawn-app.ts";

const dirs: string[] = [];
afterAll(async () => {
  await killAllChildren();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs one scripted chat in a fresh data folder and checks that it ended normally. */
async function scripted(args: string[], lines: string[]): Promise<ChatRun & { dataDir: string }> {
  const dataDir = tempDir("tdkt-chat-cli-");
  dirs.push(dataDir);
  const run = await runChat(args, lines, appEnv(dataDir));
  expect(run, `stderr:\n${run.stderr}\nstdout:\n${run.stdout}`).toMatchObject({ code: 0, signal: null });
  return { ...run, dataDir };
}

/** Opens the database a chat process wrote, for the duration of `check`. */
async function inDatabase(dataDir: string, check: (db: Db) => Promise<void>): Promise<void> {
  const { db } = await openDatabase(appEnv(dataDir).DATABASE_URL!);
  try {
    await check(db);
  } finally {
    await db.$disconnect();
  }
}

/** The reference code the chat printed after "gửi". */
function printedCode(stdout: string): string {
  const code = /Mã (?:hồ sơ|tin báo): (TDKT-\d{4}-\d{6})/.exec(stdout)?.[1];
  expect(code, stdout).toBeDefined();
  return code!;
}

/** Exactly one dossier of `kind`, queued, with its one pending `forward-dossier` job. */
async function expectQueuedDossier(db: Db, kind: string, code: string): Promise<string> {
  const dossiers = await db.dossier.findMany();
  expect(dossiers).toHaveLength(1);
  const dossier = dossiers[0]!;
  expect(dossier).toMatchObject({ code, kind, status: "QUEUED" });
  const jobs = await db.outboxJob.findMany();
  expect(jobs).toHaveLength(1);
  expect(jobs[0]).toMatchObject({ kind: "forward-dossier", status: "PENDING", idempotencyKey: `forward-dossier:${dossier.id}` });
  expect(jobs[0]!.payload).toEqual({ dossierId: dossier.id, code });
  expect((await db.draft.findFirstOrThrow()).status).toBe("SUBMITTED");
  return dossier.id;
}

const STORY = "Chiều 20/11, anh Hùng đã nhảy xuống sông Hoạt cứu hai em học sinh bị đuối nước, rồi đưa các em lên bờ an toàn.";

/** The good-deed report up to the photos step; `photos` are the lines sent at that step. */
function goodDeedScript(photos: string[]): string[] {
  return [
    "/start",
    "1",
    "có",
    "mot nguoi",
    "Đặng Văn Hùng",
    "bỏ qua",
    "cuu nguoi",
    STORY,
    "hôm qua",
    "tk2 ha trung",
    ...photos,
    "ko",
    "Lê Thị Mai",
    "+84 912.345.678",
    "chua hoi",
    "gửi",
  ];
}

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

describe.concurrent("terminal chat, scripted through a pipe", () => {
  it("báo gương người tốt, việc tốt: a whole report ends with a code and a queued dossier", async () => {
    const run = await scripted(["--user", "1"], goodDeedScript(["xong"]));
    expect(run.stdout).toContain("> /start\n");
    expect(run.stdout).toContain('Vui lòng kiểm tra lại “Báo gương người tốt, việc tốt”');
    expect(run.stdout).toContain("Tiểu khu 2, Xã Hà Trung");
    expect(run.stdout).toContain("+84912345678");
    expect(run.stdout).toMatch(/Mã (?:hồ sơ|tin báo): TDKT-/);
    const code = printedCode(run.stdout);
    await inDatabase(run.dataDir, async (db) => {
      const dossierId = await expectQueuedDossier(db, "GOOD_DEED_REPORT", code);
      const report = await db.goodDeedReport.findFirstOrThrow();
      expect(report).toMatchObject({ channel: "terminal", subjectName: "Đặng Văn Hùng", category: "CUU_NGUOI", unitId: "thanh-hoa/ha-trung/tk-2", reporterPhone: "+84912345678", story: STORY });
      expect((await db.dossier.findUniqueOrThrow({ where: { id: dossierId } })).goodDeedReportId).toBe(report.id);
    });
  }, 90_000);

  it("đề nghị khen thưởng cá nhân: an officer's nomination ends with a code and a queued dossier", async () => {
    const run = await scripted(["--user", "2"], [
      "/start",
      "2",
      "binh xet cuoi nam",
      "Cả nước chung sức xây dựng nông thôn mới",
      "chien si thi dua co so",
      "nguyễn thị   hoa",
      "nu",
      "5/3/85",
      "038 085 001 234",
      "Trưởng thôn Tân Lập",
      "thon tan lap, ha trung",
      "lao dong truc tiep",
      "Năm 2026 vận động 45 hộ hiến 1.200 m² đất làm đường giao thông nông thôn, thu gom rác thải đạt 100%, thôn đạt chuẩn văn hóa.",
      "bỏ qua",
      "đồng ý",
      "gui",
    ]);
    expect(run.stdout).toContain('Vui lòng kiểm tra lại “Đề nghị khen thưởng cá nhân”');
    expect(run.stdout).toContain("Nguyễn Thị Hoa");
    expect(run.stdout).toContain("05/03/1985");
    expect(run.stdout).toMatch(/Mã (?:hồ sơ|tin báo): TDKT-/);
    const code = printedCode(run.stdout);
    await inDatabase(run.dataDir, async (db) => {
      const dossierId = await expectQueuedDossier(db, "NOMINATION_INDIVIDUAL", code);
      const nomination = await db.nomination.findFirstOrThrow();
      expect(nomination).toMatchObject({ nomineeKind: "CA_NHAN", nomineeName: "Nguyễn Thị Hoa", gender: "NU", birthDate: "1985-03-05", awardCode: "CSTD_CO_SO", unitId: "thanh-hoa/ha-trung/thon-tan-lap" });
      expect((await db.dossier.findUniqueOrThrow({ where: { id: dossierId } })).nominationId).toBe(nomination.id);
    });
  }, 90_000);

  it("đề nghị khen thưởng tập thể: an officer's nomination ends with a code and a queued dossier", async () => {
    const run = await scripted(["--user", "3"], [
      "/start",
      "3",
      "Trường THCS Hà Trung",
      "truong hoc",
      "ha trung",
      "45 người",
      "32",
      "tap the lao dong tien tien",
      "dot xuat",
      "Năm học 2025–2026 nhà trường có 100% học sinh lên lớp, 12 học sinh giỏi cấp tỉnh, không có cán bộ bị kỷ luật.",
      "xong",
      "co",
      "gửi",
    ]);
    expect(run.stdout).toContain('Vui lòng kiểm tra lại “Đề nghị khen thưởng tập thể”');
    expect(run.stdout).toContain("Trường THCS Hà Trung");
    expect(run.stdout).toMatch(/Mã (?:hồ sơ|tin báo): TDKT-/);
    const code = printedCode(run.stdout);
    await inDatabase(run.dataDir, async (db) => {
      const dossierId = await expectQueuedDossier(db, "NOMINATION_COLLECTIVE", code);
      const nomination = await db.nomination.findFirstOrThrow();
      expect(nomination).toMatchObject({ nomineeKind: "TAP_THE", nomineeName: "Trường THCS Hà Trung", collectiveKind: "TRUONG_HOC", memberCount: 45, advancedWorkerCount: 32, awardCode: "TAP_THE_LDTT", achievementType: "DOT_XUAT" });
      expect((await db.dossier.findUniqueOrThrow({ where: { id: dossierId } })).nominationId).toBe(nomination.id);
    });
  }, 90_000);

  it("--lang en greets in English and stores the person's language", async () => {
    const run = await scripted(["--user", "4", "--lang", "en"], ["/start"]);
    expect(run.stdout).toContain("Switched to English.");
    expect(run.stdout).toContain("Hello! I am the Emulation and Commendation assistant.");
    expect(run.stdout).toContain("Report a good deed");
    expect(run.stdout).not.toContain("Xin chào! Tôi là trợ lý");
    await inDatabase(run.dataDir, async (db) => {
      const identity = await db.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "terminal", externalId: "4" } }, include: { user: true } });
      expect(identity.user.locale).toBe("en");
    });
  }, 90_000);

  it("a /file line at the photos step stores the PNG and links it to the report", async () => {
    const photoDir = tempDir("tdkt-chat-cli-photo-");
    dirs.push(photoDir);
    const photo = join(photoDir, "anh-cuu-nguoi.png");
    writeFileSync(photo, PNG);

    const run = await scripted(["--user", "5"], goodDeedScript([`/file ${photo}`, "xong"]));
    expect(run.stdout).toContain("Đã nhận 1 tệp");
    expect(run.stdout).toContain("Ảnh, tài liệu: 1 tệp");
    expect(run.stdout).toMatch(/Mã (?:hồ sơ|tin báo): TDKT-/);
    const code = printedCode(run.stdout);
    await inDatabase(run.dataDir, async (db) => {
      await expectQueuedDossier(db, "GOOD_DEED_REPORT", code);
      const report = await db.goodDeedReport.findFirstOrThrow();
      const attachments = await db.attachment.findMany();
      expect(attachments).toHaveLength(1);
      const attachment = attachments[0]!;
      // The stored file is the PNG re-encoded without metadata; hash and size are of those bytes.
      const stored = join(run.dataDir, "files", attachment.storageKey);
      expect(existsSync(stored), stored).toBe(true);
      const bytes = readFileSync(stored);
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      expect(attachment).toMatchObject({ sha256, mime: "image/png", size: bytes.byteLength, fileName: "anh-cuu-nguoi.png", goodDeedReportId: report.id });
      expect(attachment.storageKey).toContain(sha256);
      expect(bytes.subarray(0, 8).equals(PNG.subarray(0, 8))).toBe(true);
      const dossier = await db.dossier.findFirstOrThrow();
      expect(dossier.payload).toMatchObject({ attachments: [{ id: attachment.id, sha256, mime: "image/png" }] });
    });
  }, 90_000);
});

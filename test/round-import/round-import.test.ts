/**
 * A round's list, below the console: each row checked through the flow engine (the chat's readers,
 * its `when`, its messages; the law's findings as warnings), a sheet read by its hidden ids or by
 * its headers, and the valid rows stored once per file (the draft ids come from the file's hash).
 */
import ExcelJS from "exceljs";
import PizZip from "pizzip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvite } from "../../src/admin/invites.ts";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import type { Flow } from "../../src/flows/flow-definition.ts";
import { checkImportRow } from "../../src/round-import/check-import-row.ts";
import { importColumns, roundAnswers } from "../../src/round-import/import-columns.ts";
import { readImportWorkbook } from "../../src/round-import/read-import-workbook.ts";
import { submitImport } from "../../src/round-import/submit-import.ts";
import { createRound } from "../../src/rounds/review-rounds.ts";
import { testAssistant } from "../support/test-assistant.ts";

const HA_TRUNG = "thanh-hoa/ha-trung";
let a: Awaited<ReturnType<typeof testAssistant>>;
let flow: Flow;
beforeAll(async () => {
  a = await testAssistant();
  flow = a.flows.current.get("nomination-individual")!;
}, 120_000);
afterAll(async () => {
  await a?.close();
});

const yearEnd = { kind: "TONG_KET_NAM", year: 2026, movement: null };
const hoa: Record<string, string> = {
  subjectCategory: "nong dan",
  award: "Lao động tiên tiến",
  taskCompletion: "Hoàn thành tốt nhiệm vụ",
  fullName: "Nguyễn Thị Hoa",
  gender: "Nữ",
  birthDate: "5/3/1985",
  position: "Trưởng thôn Tân Lập",
  unit: "thon tan lap, ha trung",
  summary: "Năm 2026 vận động 45 hộ hiến đất làm đường, thôn đạt chuẩn văn hóa, thu gom rác thải đạt 100%.",
  pendingReview: "không",
};
const check = (cells: Record<string, string>) =>
  checkImportRow({ flow, fixed: roundAnswers(yearEnd), cells, now: a.clock.now(), ctx: a.service.runContext(a.clock.now()), lang: "vi" });

describe("checkImportRow", () => {
  it("reads a row as the chat reads the same answers, with the round's answers and the attestation", () => {
    const row = check(hoa);
    expect(row.ok).toBe(true);
    if (!row.ok) return;
    expect(row.answers).toMatchObject({ achievementType: "THUONG_XUYEN", year: 2026, movement: null, subjectCategory: "NONG_DAN", award: "LAO_DONG_TIEN_TIEN", gender: "NU", birthDate: "1985-03-05", cccd: null, evidence: null });
    expect(row.answers.attestation).toBe(a.clock.now().toISOString());
    expect(row.warnings).toEqual([]);
  });

  it("names every cell to fix at once, in the engine's words, and skips the steps that do not apply", () => {
    const row = check({ ...hoa, gender: "không rõ", birthDate: "31/02/1985", position: "", award: "Bằng khen của Chủ tịch UBND cấp tỉnh", taskCompletion: "xuất sắc" });
    expect(row.ok).toBe(false);
    if (row.ok) return;
    // The task completion is asked only for the titles that need it: a Bằng khen ignores the cell.
    expect(row.errors.map((e) => e.stepId)).toEqual(["gender", "birthDate", "position"]);
    expect(row.errors[0]!.message).toContain("Giá trị được chấp nhận: Nam; Nữ.");
    expect(row.errors[2]!.message).toBe("Chưa điền; cột này bắt buộc.");
  });

  it("gives the law's findings as warnings: the row is still valid", () => {
    const row = check({ ...hoa, taskCompletion: "hoàn thành nhiệm vụ" });
    expect(row.ok).toBe(true);
    expect(row.warnings.join("\n")).toContain("Lao động tiên tiến cần hoàn thành tốt nhiệm vụ trở lên");
  });
});

describe("checkImportRow for a collective", () => {
  it("reads a school's row with its counts, and refuses more members with the title than members", () => {
    const collective = a.flows.current.get("nomination-collective")!;
    const school: Record<string, string> = {
      collectiveName: "Trường Mầm non Hà Trung",
      collectiveKind: "Trường học",
      unit: "Hà Trung",
      award: "Tập thể lao động tiên tiến",
      memberCount: "24",
      advancedWorkerCount: "18",
      disciplinedCount: "0",
      pendingReview: "không",
      summary: "Năm học 2025–2026 tỷ lệ trẻ đến lớp đạt 98%, 100% giáo viên đạt chuẩn; không có trường hợp mất an toàn.",
    };
    const checkSchool = (cells: Record<string, string>) =>
      checkImportRow({ flow: collective, fixed: roundAnswers(yearEnd), cells, now: a.clock.now(), ctx: a.service.runContext(a.clock.now()), lang: "vi" });
    const good = checkSchool(school);
    expect(good.ok && [good.answers.collectiveKind, good.answers.award, good.answers.memberCount, good.answers.advancedWorkerCount]).toEqual(["TRUONG_HOC", "TAP_THE_LDTT", 24, 18]);
    const bad = checkSchool({ ...school, advancedWorkerCount: "30" });
    expect(!bad.ok && bad.errors.map((e) => e.stepId)).toEqual(["advancedWorkerCount"]);
  });
});

async function sheetOf(rows: unknown[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Danh sách");
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("readImportWorkbook", () => {
  const columns = () => importColumns(flow);
  it("reads a sheet without the hidden ids by its headers, and skips empty rows", async () => {
    const labels = columns().map((s) => s.label?.vi ?? s.prompt.vi);
    const values = columns().map((s) => hoa[s.id] ?? "");
    const read = await readImportWorkbook(await sheetOf([labels, values, [], values]), flow, 10);
    expect(read.ok && read.rows.map((r) => [r.rowNumber, r.cells.fullName])).toEqual([[2, "Nguyễn Thị Hoa"], [4, "Nguyễn Thị Hoa"]]);
  });

  it("names the missing required columns, and refuses too many rows", async () => {
    const ids = columns().map((s) => s.id).filter((id) => id !== "fullName" && id !== "summary");
    const missing = await readImportWorkbook(await sheetOf([ids, ids]), flow, 10);
    expect(missing).toEqual({ ok: false, problem: "missing_columns", columns: ["Họ và tên", "Tóm tắt thành tích"] });
    const all = columns().map((s) => s.id);
    const many = await readImportWorkbook(await sheetOf([all, all, ...Array.from({ length: 4 }, () => all.map((id) => hoa[id] ?? ""))]), flow, 3);
    expect(many).toEqual({ ok: false, problem: "too_many_rows", max: 3 });
  });

  it("refuses a small file that unpacks to far more than a list, before inflating it", async () => {
    const zip = new PizZip();
    zip.file("xl/worksheets/sheet1.xml", "0".repeat(50 * 1024 * 1024));
    const bomb = new Uint8Array(zip.generate({ type: "nodebuffer", compression: "DEFLATE" }));
    expect(bomb.length).toBeLessThan(200_000);
    expect(await readImportWorkbook(bomb, flow, 10)).toEqual({ ok: false, problem: "too_large" });
  });
});

describe("submitImport", () => {
  it("stores each valid row once per file: the same file again stores nothing", async () => {
    const chat = new MemoryChat(a.service, "thu-ky-ht");
    await chat.say((await createInvite(a.db, { role: "secretary", unitId: HA_TRUNG, now: a.clock.now() })).code);
    const user = await a.db.user.findFirstOrThrow({ where: { identities: { some: { externalId: "thu-ky-ht" } } } });
    const round = await a.db.$transaction((tx) => createRound(tx, { unitId: HA_TRUNG, kind: "TONG_KET_NAM", year: 2026, title: "Bình xét thi đua năm 2026", deadline: "2026-12-20", createdById: user.id, now: a.clock.now() }));
    const row = check(hoa);
    if (!row.ok) throw new Error("the row should be valid");
    const submit = () =>
      a.db.$transaction((tx) =>
        submitImport(tx, { flow, round, rows: [{ rowNumber: 3, answers: row.answers }], fileSha256: "ab".repeat(32), user, now: a.clock.now(), units: a.units, awards: a.service.runContext(a.clock.now()).awards }),
      );
    const first = await submit();
    expect(first.stored).toHaveLength(1);
    expect(await submit()).toEqual({ stored: [], already: [3] });
    const dossier = await a.db.dossier.findUniqueOrThrow({ where: { code: first.stored[0]!.code }, include: { nomination: true } });
    expect(dossier.roundId).toBe(round.id);
    const draft = await a.db.draft.findUniqueOrThrow({ where: { id: dossier.nomination!.draftId! } });
    expect([draft.chatKey, draft.status]).toEqual(["memory:thu-ky-ht", "SUBMITTED"]);
  });
});

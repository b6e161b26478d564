/**
 * A round's Excel list sent in the chat by a village officer: checked row by row against the open
 * round of their commune (nothing stored), then, sent again with "nộp", its valid rows submitted
 * into the round and forwarded to the council; sent a third time, nothing twice. Without an open
 * round, or from a citizen, the file is not taken as a list.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvite } from "../../src/admin/invites.ts";
import { buildImportTemplate } from "../../src/round-import/import-template.ts";
import { closeRound, createRound } from "../../src/rounds/review-rounds.ts";
import { councilHarness, type Actor } from "../support/council-harness.ts";

const HA_TRUNG = "thanh-hoa/ha-trung";
const SUMMARY = "Năm 2026 vận động 45 hộ hiến đất làm đường, thôn đạt chuẩn văn hóa, thu gom rác thải đạt 100%.";

let h: Awaited<ReturnType<typeof councilHarness>>;
let officer: Actor;
let round: { id: string; code: string };
let list: Uint8Array<ArrayBuffer>;
const text = (replies: Array<{ text: string }>) => replies.map((r) => r.text).join("\n");
const send = (who: Actor, caption?: string) => who.chat.upload([{ bytes: list, fileName: "danh-sach-thon-tan-lap.xlsx" }], caption);

beforeAll(async () => {
  h = await councilHarness();
  const { db, clock, flows, i18n } = h.assistant;
  officer = h.actor("Cán bộ thôn Tân Lập", "can-bo-tan-lap");
  await officer.say((await createInvite(db, { role: "officer", unitId: HA_TRUNG, now: clock.now() })).code);
  round = await db.$transaction((tx) => createRound(tx, { unitId: HA_TRUNG, kind: "TONG_KET_NAM", year: 2026, title: "Bình xét thi đua năm 2026", deadline: "2026-12-10", createdById: "thu-ky", now: clock.now() }));
  // The template the console gives for the round, filled in as a village officer would.
  const flow = flows.current.get("nomination-individual")!;
  const template = await buildImportTemplate({ flow, round: { ...round, kind: "TONG_KET_NAM", year: 2026, movement: null, title: "Bình xét thi đua năm 2026" }, ctx: h.assistant.service.runContext(clock.now()), t: (key, params) => i18n.t("vi", `console.${key}`, params) });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0]!;
  const ids = (sheet.getRow(2).values as unknown[]).slice(1).map(String);
  const person = { subjectCategory: "Nông dân", award: "Lao động tiên tiến", taskCompletion: "Hoàn thành tốt nhiệm vụ", gender: "Nữ", unit: "Thôn Tân Lập, Hà Trung", summary: SUMMARY, pendingReview: "Không" };
  const rows: Array<Record<string, string>> = [
    { ...person, fullName: "Nguyễn Thị Hoa", birthDate: "05/03/1985", position: "Trưởng thôn Tân Lập" },
    { ...person, fullName: "Phạm Thị Lan", birthDate: "20/11/1990", position: "Chi hội trưởng Chi hội Phụ nữ thôn Tân Lập", taskCompletion: "Hoàn thành nhiệm vụ" },
    { ...person, fullName: "Trần Văn Bình", gender: "Nam", birthDate: "31/02/1985", position: "Nông dân" },
  ];
  rows.forEach((row, i) => ids.forEach((id, col) => row[id] !== undefined && (sheet.getRow(3 + i).getCell(col + 1).value = row[id]!)));
  list = new Uint8Array(await workbook.xlsx.writeBuffer());
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe("a round's Excel list in the chat", () => {
  it("checks the list against the commune's open round, row by row, and stores nothing", async () => {
    const reply = text(await send(officer));
    expect(reply).toContain(`Đã kiểm tra danh sách cho đợt ${round.code} — Bình xét thi đua năm 2026: 3 dòng, 2 dòng hợp lệ, 1 dòng cần xem lại. Chưa có gì được lưu.`);
    expect(reply).toMatch(/• Dòng 5: Ngày sinh \(cột [A-Z]+\): /);
    expect(reply).toContain("gửi lại đúng tệp này kèm lời nhắn “nộp”");
    expect(reply).toContain("Tôi cam đoan");
    expect(await h.assistant.db.dossier.count()).toBe(0);
  });

  it("submits the valid rows into the round when the file comes again with “nộp”, and they reach the council; a third time stores nothing", async () => {
    const reply = text(await send(officer, "nộp"));
    expect(reply).toContain(`Đã nộp 2 hồ sơ vào đợt ${round.code}: TDKT-2026-000001, TDKT-2026-000002.`);
    const dossiers = await h.assistant.db.dossier.findMany({ include: { nomination: true }, orderBy: { code: "asc" } });
    expect(dossiers.map((d) => [d.nomination?.nomineeName, d.roundId])).toEqual([["Nguyễn Thị Hoa", round.id], ["Phạm Thị Lan", round.id]]);
    await h.settle();
    expect((await h.assistant.db.dossier.findMany()).map((d) => d.status)).toEqual(["RECEIVED", "RECEIVED"]);

    expect(text(await send(officer, "nop"))).toContain(`• Dòng 3: người này đã có hồ sơ TDKT-2026-000001`);
    expect(await h.assistant.db.dossier.count()).toBe(2);
    expect(await h.deadJobs()).toEqual([]);
  });

  it("takes no list when the round is closed, and a citizen's workbook is not a list", async () => {
    const { db, clock } = h.assistant;
    await db.$transaction((tx) => closeRound(tx, round.id, "thu-ky", clock.now()));
    expect(text(await send(officer))).toContain("chưa có đợt xét khen thưởng nào đang mở");
    const citizen = h.actor("Người dân", "nguoi-dan");
    await citizen.say("xin chào");
    const answer = text(await send(citizen, "nộp"));
    expect(answer).not.toContain("danh sách");
    expect(await db.dossier.count()).toBe(2);
  });
});

/**
 * The award history feeds the criteria in the conversation: once the answers identify the nominee
 * (name and birth date), the decisions recorded through this service are read, so "Chiến sĩ thi
 * đua cấp tỉnh: 3 lần liên tục Chiến sĩ thi đua cơ sở" (Luật TĐKT 2022, Điều 22) is checked before
 * the summary, and the warning travels in the dossier when the officer sends anyway.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import type { Assistant } from "../../src/build-assistant.ts";
import { testAssistant } from "../support/test-assistant.ts";

const open: Assistant[] = [];
afterEach(async () => {
  for (const a of open.splice(0)) await a.close();
});

const ANSWERS: Record<string, string> = {
  achievementType: "binh xet cuoi nam", movement: "bỏ qua", subjectCategory: "cong chuc", award: "chien si thi dua cap tinh", year: "2026",
  taskCompletion: "xuat sac", hasInitiative: "khong", fullName: "Lê Văn Bình", gender: "nam", birthDate: "12/08/1980", cccd: "bỏ qua",
  position: "Công chức Văn phòng – Thống kê UBND xã Hà Trung", unit: "ha trung",
  summary: "Năm 2026 tham mưu hoàn thành 100% chỉ tiêu cải cách hành chính, số hóa 12.000 hồ sơ hộ tịch, không có hồ sơ trễ hạn.",
  pendingReview: "không", priorAwards: "bỏ qua", evidence: "bỏ qua", attestation: "đồng ý",
};

/** Answers every question until the summary; returns the summary's text. */
async function toSummary(a: Assistant, chat: MemoryChat): Promise<string> {
  let last = await chat.say("/dexuat");
  for (let i = 0; i < 30; i++) {
    const draft = await a.db.draft.findFirstOrThrow({ where: { status: "ACTIVE" } });
    if (!draft.currentStepId) return last.map((r) => r.text).join("\n");
    expect(ANSWERS, `an answer for ${draft.currentStepId}`).toHaveProperty(draft.currentStepId);
    last = await chat.say(ANSWERS[draft.currentStepId]!);
  }
  throw new Error("no summary after 30 answers");
}

async function granted(a: Assistant, years: number[]): Promise<void> {
  for (const year of years) {
    await a.db.awardRecord.create({
      data: {
        nomineeKind: "CA_NHAN", nomineeName: "Lê Văn Bình", nomineeKey: "le van binh", birthDate: "1980-08-12", nationalId: null, unitId: "thanh-hoa/ha-trung",
        awardCode: "CSTD_CO_SO", year, decisionNumber: `${year - 2000}/QĐ-UBND`, decidedOn: `${year + 1}-01-15`, signer: "Chủ tịch UBND xã Hà Trung",
        level: "XA", status: "GRANTED", dossierId: `dossier-${year}`, nominationId: `nomination-${year}`, createdAt: new Date(),
      },
    });
  }
}

describe("award history in the criteria", () => {
  it("names the year missing from three consecutive CSTĐ cơ sở, and records it when sent anyway", async () => {
    const a = await testAssistant();
    open.push(a);
    await granted(a, [2024, 2025]);
    const chat = new MemoryChat(a.service, "officer-1");
    const summary = await toSummary(a, chat);
    expect(summary).toContain("3 lần liên tục đạt Chiến sĩ thi đua cơ sở");
    expect(summary).toContain("lịch sử khen thưởng thiếu các năm 2026");
    expect((await chat.press("SUBMIT")).map((r) => r.text).join("\n")).toContain("Mã hồ sơ: TDKT-");
    const dossier = await a.db.dossier.findFirstOrThrow();
    expect(dossier.payload).toMatchObject({ nomination: { eligibility: { failed: expect.arrayContaining([expect.objectContaining({ rule: "consecutive", explanation: expect.stringContaining("thiếu các năm 2026") })]) } } });
  });

  it("has no warning when the history holds the three years", async () => {
    const a = await testAssistant();
    open.push(a);
    await granted(a, [2024, 2025, 2026]);
    const summary = await toSummary(a, new MemoryChat(a.service, "officer-1"));
    expect(summary).toContain("Vui lòng kiểm tra lại");
    expect(summary).not.toContain("Chiến sĩ thi đua cơ sở, đến năm xét");
    expect(summary).not.toContain("lịch sử khen thưởng");
  });

  it("offers the recorded awards as the answer to “khen thưởng đã nhận”", async () => {
    const a = await testAssistant();
    open.push(a);
    await granted(a, [2024, 2025]);
    const chat = new MemoryChat(a.service, "officer-1");
    await chat.say("/dexuat");
    let question = "";
    for (let i = 0; i < 30; i++) {
      const step = (await a.db.draft.findFirstOrThrow()).currentStepId!;
      if (step === "priorAwards") break;
      question = (await chat.say(ANSWERS[step]!)).map((r) => r.text).join("\n");
    }
    const list = "2024: Chiến sĩ thi đua cơ sở, Quyết định số 24/QĐ-UBND; 2025: Chiến sĩ thi đua cơ sở, Quyết định số 25/QĐ-UBND";
    expect(question).toContain(`Lịch sử khen thưởng đã ghi nhận: ${list}.`);
    await chat.press("SUGGESTED");
    expect((await a.db.draft.findFirstOrThrow()).answers).toMatchObject({ priorAwards: list });
  });

  it("does not count the awards of someone else with the same name", async () => {
    const a = await testAssistant();
    open.push(a);
    await granted(a, [2024, 2025, 2026]);
    const other = new MemoryChat(a.service, "officer-2");
    const saved = ANSWERS.birthDate;
    ANSWERS.birthDate = "01/01/1990";
    try {
      expect(await toSummary(a, other)).toContain("lịch sử khen thưởng thiếu các năm 2024, 2025, 2026");
    } finally {
      ANSWERS.birthDate = saved!;
    }
  });
});

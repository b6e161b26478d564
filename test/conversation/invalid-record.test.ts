/**
 * A confirmed form whose answers do not make a valid record (here: a stored answer the flow no
 * longer offers, as a draft written by an older program could hold) is answered politely, nothing
 * is submitted, the draft stays open with its answers, and the person fixes the one answer and
 * sends — through the real service on a real migrated SQLite file.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import type { Assistant } from "../../src/build-assistant.ts";
import { readRunState } from "../../src/flows/run-state.ts";
import { testAssistant } from "../support/test-assistant.ts";

const open: Assistant[] = [];
afterEach(async () => {
  for (const a of open.splice(0)) await a.close();
});

const TO_SUMMARY = [
  "/dexuattapthe",
  "Trường THCS Hà Trung",
  "truong hoc",
  "ha trung",
  "binh xet cuoi nam",
  "bỏ qua",
  "tap the lao dong tien tien",
  "2026",
  "45",
  "32",
  "0",
  "bỏ qua",
  "khong",
  "bỏ qua",
  "Năm học 2025–2026 nhà trường có 100% học sinh lên lớp, 12 học sinh giỏi cấp tỉnh, không có cán bộ bị kỷ luật.",
  "bỏ qua",
  "đồng ý",
];

describe("a confirmed form whose record does not validate", () => {
  it("is answered in Vietnamese, keeps the draft and asks the wrong answer again", async () => {
    const a = await testAssistant();
    open.push(a);
    const chat = new MemoryChat(a.service, "officer-1");
    for (const line of TO_SUMMARY) await chat.say(line);
    const row = await a.db.draft.findFirstOrThrow();
    const state = readRunState(row.state);
    expect(state.phase).toBe("summary");
    await a.db.draft.update({ where: { id: row.id }, data: { state: { ...state, answers: { ...state.answers, collectiveKind: "CAU_LAC_BO" } } } });

    const refused = (await chat.say("gửi")).map((m) => m.text).join("\n");
    expect(refused).toContain("Hồ sơ chưa gửi được: câu trả lời “Loại tập thể” chưa hợp lệ");
    expect(refused).toContain("Tập thể này thuộc loại nào?");
    expect(refused).not.toContain("sự cố");
    expect(await a.db.dossier.count()).toBe(0);
    const kept = await a.db.draft.findUniqueOrThrow({ where: { id: row.id } });
    expect(kept.status).toBe("ACTIVE");
    expect(kept.currentStepId).toBe("collectiveKind");
    expect(kept.answers).toMatchObject({ collectiveName: "Trường THCS Hà Trung", memberCount: 45, advancedWorkerCount: 32 });

    // The one answer fixed, the summary comes back and the form is sent.
    const summary = (await chat.say("truong hoc")).map((m) => m.text).join("\n");
    expect(summary).toContain("Vui lòng kiểm tra lại");
    const sent = (await chat.say("gửi")).map((m) => m.text).join("\n");
    expect(sent).toContain("Mã hồ sơ: TDKT-");
    const dossier = await a.db.dossier.findFirstOrThrow({ include: { nomination: true } });
    expect(dossier.nomination?.collectiveKind).toBe("TRUONG_HOC");
  });
});

/**
 * The engine's side of "thêm người nữa": which answers of a previous run are kept (only those the
 * current revision accepts, of steps that apply), where the next run starts, how moving forward
 * passes over them and "quay lại" walks back through them.
 */
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { advanceRun, startRunKeeping, type RunContext, type RunInput } from "../../src/flows/advance-run.ts";
import { flowSchema } from "../../src/flows/flow-definition.ts";
import { readRunState, type Answers, type RunState } from "../../src/flows/run-state.ts";
import { sharedAnswers } from "../../src/flows/shared-answers.ts";
import { loadI18n } from "../../src/i18n/i18n.ts";

const flow = flowSchema.parse(parseYaml(`
id: shared-test
specVersion: 1
revision: 1
record: nomination-individual
roles: [officer]
title: { vi: "Đề nghị thử" }
description: { vi: "Thử" }
intro: { vi: "Bắt đầu" }
steps:
  - id: achievementType
    kind: choice
    shared: true
    prompt: { vi: "Loại nào?" }
    options:
      - { value: THUONG_XUYEN, label: { vi: "Thường xuyên" } }
      - { value: DOT_XUAT, label: { vi: "Đột xuất" } }
  - id: movement
    kind: text
    optional: true
    shared: true
    when: { step: achievementType, in: [THUONG_XUYEN] }
    prompt: { vi: "Phong trào?" }
  - id: category
    kind: choice
    prompt: { vi: "Đối tượng?" }
    options:
      - { value: NONG_DAN, label: { vi: "Nông dân" } }
      - { value: CHIEN_SI, label: { vi: "Chiến sĩ" } }
  - id: note
    kind: text
    shared: true
    when: { step: category, in: [NONG_DAN] }
    prompt: { vi: "Ghi chú?" }
  - id: award
    kind: award
    shared: true
    subjectKind: CA_NHAN
    holderFrom: category
    achievementTypeFrom: achievementType
    label: { vi: "Danh hiệu" }
    prompt: { vi: "Danh hiệu nào?" }
  - id: year
    kind: number
    shared: true
    min: 2000
    max: 2100
    label: { vi: "Năm" }
    prompt: { vi: "Năm nào?" }
  - id: fullName
    kind: person-name
    prompt: { vi: "Họ tên?" }
`));

const ctx: RunContext = {
  i18n: loadI18n(),
  units: [],
  awards: [
    { code: "LAO_DONG_TIEN_TIEN", name: "Lao động tiên tiến", subjectKinds: ["CA_NHAN"], grantedBy: "Chủ tịch UBND cấp xã", holders: ["CA_NHAN"], achievementTypes: ["THUONG_XUYEN"] },
    { code: "CHIEN_SI_TIEN_TIEN", name: "Chiến sĩ tiên tiến", subjectKinds: ["CA_NHAN"], grantedBy: "Chủ tịch UBND cấp xã", holders: ["CHIEN_SI"], achievementTypes: ["THUONG_XUYEN"] },
    { code: "TAP_THE_LDTT", name: "Tập thể lao động tiên tiến", subjectKinds: ["TAP_THE"], grantedBy: "Chủ tịch UBND cấp xã" },
  ],
};
const now = new Date("2026-11-25T02:00:00Z");
const previous: Answers = { achievementType: "THUONG_XUYEN", movement: null, category: "NONG_DAN", note: "chỉ của người trước", award: "LAO_DONG_TIEN_TIEN", year: 2026, fullName: "Nguyễn Thị Hoa" };

/** Sends inputs in turn, each state round-tripped through JSON and readRunState as the database does. */
function send(state: RunState, ...inputs: Array<RunInput | string>): { state: RunState; text: string } {
  let text = "";
  for (const input of inputs) {
    const i: RunInput = typeof input === "string" ? (input === "back" ? { type: "command", command: "back" } : { type: "text", text: input }) : input;
    const r = advanceRun(flow, readRunState(JSON.parse(JSON.stringify(state))), i, now, ctx);
    state = r.state;
    text = r.outputs.map((o) => (o.type === "say" ? o.text : `<${o.type}>`)).join("\n");
  }
  return { state, text };
}

describe("sharedAnswers", () => {
  it("keeps the shared steps' answers, a skipped optional one too, and no step that is not shared", () => {
    expect(sharedAnswers(flow, previous, ctx)).toEqual({ achievementType: "THUONG_XUYEN", movement: null, award: "LAO_DONG_TIEN_TIEN", year: 2026 });
  });

  it("drops what the current revision would not accept, and a shared step whose condition is the nominee's own", () => {
    const kept = sharedAnswers(flow, { ...previous, achievementType: "CHUYEN_DE", award: "TAP_THE_LDTT", year: 1999 }, ctx);
    expect(kept).toEqual({});
    // `note` applies only once the nominee's category is known: never kept.
    expect(sharedAnswers(flow, previous, ctx)).not.toHaveProperty("note");
  });
});

describe("startRunKeeping", () => {
  it("says what it kept and asks the first step that is not kept", () => {
    const { state, outputs } = startRunKeeping(flow, "vi", ctx, previous);
    expect(outputs).toEqual([
      { type: "say", text: "Thêm một hồ sơ “Đề nghị thử”. Giữ nguyên: Thường xuyên · Lao động tiên tiến · Năm: 2026. Gõ “quay lại” để sửa." },
      expect.objectContaining({ type: "say", text: "Câu 3: Đối tượng?", choices: [{ value: "NONG_DAN", label: "Nông dân" }, { value: "CHIEN_SI", label: "Chiến sĩ" }] }),
    ]);
    expect(state).toMatchObject({ stepId: "category", kept: ["achievementType", "movement", "award", "year"], trail: ["achievementType", "movement", "award", "year"] });
    expect(readRunState(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it("passes over the kept answers that still fit, and asks again a kept award the nominee may not hold", () => {
    const start = startRunKeeping(flow, "vi", ctx, previous).state;
    const farmer = send(start, "nong dan");
    expect(farmer.state.stepId).toBe("note");
    expect(send(farmer.state, "Ghi chú riêng").state.stepId).toBe("fullName");

    const soldier = send(start, "chien si");
    expect(soldier.text).toContain("(“Lao động tiên tiến”) không phù hợp với đối tượng này");
    expect(soldier.state.stepId).toBe("award");
    // The year is still kept: the nominee's name comes next.
    expect(send(soldier.state, "chien si tien tien").state.stepId).toBe("fullName");
  });

  it("walks back through the kept answers, and after a change asks the skipped question before passing over the rest", () => {
    const start = startRunKeeping(flow, "vi", ctx, previous).state;
    const atYear = send(start, "back");
    expect(atYear.state.stepId).toBe("year");
    const atAward = send(atYear.state, "back");
    expect(atAward.state.stepId).toBe("award");
    const atType = send(atAward.state, "back", "back");
    expect(atType.state.stepId).toBe("achievementType");
    expect(send(atType.state, "back").text).toContain("Đây là câu hỏi đầu tiên.");
    // Đột xuất: the movement no longer applies; the category, never answered, comes next, then the kept award
    // (Lao động tiên tiến is not given for đột xuất: asked again).
    const changed = send(atType.state, "dot xuat");
    expect(changed.state.stepId).toBe("category");
    const after = send(changed.state, "nong dan", "Ghi chú");
    expect(after.state.stepId).toBe("award");
    expect(after.text).toContain("không phù hợp");
  });

  it("is a plain start when nothing can be kept", () => {
    const { state, outputs } = startRunKeeping(flow, "vi", ctx, {});
    expect(state.kept).toBeUndefined();
    expect(outputs[0]).toEqual({ type: "say", text: "Bắt đầu" });
  });
});

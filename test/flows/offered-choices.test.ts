/**
 * The engine records the choices of the question it asks (RunState.offered): a button press is
 * resolved against what was shown, and the question asked again shows the same choices.
 */
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { advanceRun, repeatPrompt, startRun, type RunContext, type RunInput, type RunResult } from "../../src/flows/advance-run.ts";
import { flowSchema } from "../../src/flows/flow-definition.ts";
import { readRunState, type RunState } from "../../src/flows/run-state.ts";
import { loadI18n } from "../../src/i18n/i18n.ts";

const flow = flowSchema.parse(parseYaml(`
id: offered-test
specVersion: 1
revision: 1
title: { vi: "Ghi kết quả", en: "Record" }
description: { vi: "Chọn hồ sơ rồi ghi" }
roles: [secretary]
record: council-review
intro: { vi: "Bắt đầu", en: "Start" }
steps:
  - { id: dossier, kind: dossier, prompt: { vi: "Hồ sơ nào?", en: "Which dossier?" } }
  - id: action
    kind: choice
    prompt: { vi: "Kết quả?", en: "Outcome?" }
    options:
      - { value: HOI_NONG_DAN, label: { vi: "Hội Nông dân", en: "Farmers' union" } }
      - { value: HOI_PHU_NU, label: { vi: "Hội Phụ nữ", en: "Women's union" } }
  - { id: note, kind: text, prompt: { vi: "Ghi chú?" } }
`));

const queue = [
  { code: "TDKT-2026-000001", label: "TDKT-2026-000001 — Nguyễn Thị Hoa" },
  { code: "TDKT-2026-000002", label: "TDKT-2026-000002 — Trần Văn Nam" },
];
const ctx: RunContext = { i18n: loadI18n(), units: [], awards: [], queue };
const now = new Date("2026-11-25T02:00:00Z");

/** A state as the database gives it back: JSON, read by readRunState. */
function stored(state: RunState): RunState {
  return readRunState(JSON.parse(JSON.stringify(state)));
}

function send(result: RunResult, input: RunInput, context = ctx): RunResult {
  return advanceRun(flow, stored(result.state), input, now, context);
}

describe("the choices a run offers", () => {
  it("are recorded with each question, as shown, and forgotten when the run ends", () => {
    const started = startRun(flow, "vi", ctx);
    expect(stored(started.state).offered).toEqual([
      { value: "TDKT-2026-000001", label: "TDKT-2026-000001 — Nguyễn Thị Hoa" },
      { value: "TDKT-2026-000002", label: "TDKT-2026-000002 — Trần Văn Nam" },
    ]);
    const picked = send(started, { type: "choice", value: "TDKT-2026-000002" });
    expect(picked.state.offered).toEqual([
      { value: "HOI_NONG_DAN", label: "Hội Nông dân" },
      { value: "HOI_PHU_NU", label: "Hội Phụ nữ" },
    ]);
    // "hoi" names both: the narrowed question's buttons are what a press now means.
    const narrowed = send(picked, { type: "text", text: "hoi" });
    expect(narrowed.state.candidates).toEqual(["HOI_NONG_DAN", "HOI_PHU_NU"]);
    expect(narrowed.state.offered?.map((c) => c.value)).toEqual(["HOI_NONG_DAN", "HOI_PHU_NU"]);
    // A question answered by typing offers nothing; the summary offers send and cancel.
    const typed = send(narrowed, { type: "choice", value: "HOI_PHU_NU" });
    expect(typed.state.offered).toEqual([]);
    const summary = send(typed, { type: "text", text: "Đã họp ngày 20/11" });
    expect(summary.state.phase).toBe("summary");
    expect(summary.state.offered?.map((c) => c.value)).toEqual(["SUBMIT", "CANCEL"]);
    const done = send(summary, { type: "choice", value: "SUBMIT" });
    expect(done.state.phase).toBe("done");
    expect(done.state.offered).toBeUndefined();
  });

  it("are shown again as they were asked, though the queue changed, and relabelled in the run's language", () => {
    const started = startRun(flow, "vi", ctx);
    // Dossier 2 was decided meanwhile and dossier 3 arrived; the person switched to English.
    const later: RunContext = { ...ctx, queue: [{ code: "TDKT-2026-000003", label: "TDKT-2026-000003 — Lê Văn Ba" }, { code: "TDKT-2026-000001", label: "TDKT-2026-000001 — Nguyen Thi Hoa (in review)" }] };
    const english = { ...stored(started.state), lang: "en" as const };
    expect(repeatPrompt(flow, english, later).at(-1)).toMatchObject({
      text: expect.stringContaining("Which dossier?"),
      choices: [
        { value: "TDKT-2026-000001", label: "TDKT-2026-000001 — Nguyen Thi Hoa (in review)" },
        { value: "TDKT-2026-000002", label: "TDKT-2026-000002 — Trần Văn Nam" },
      ],
    });
    // Pressing the decided dossier is refused, and the question asked anew records the queue of now.
    const refused = advanceRun(flow, english, { type: "choice", value: "TDKT-2026-000002" }, now, later);
    expect(refused.state.answers).not.toHaveProperty("dossier");
    expect(refused.outputs[0]).toMatchObject({ text: ctx.i18n.t("en", "bot.review.not_in_queue") });
    expect(refused.state.offered?.map((c) => c.value)).toEqual(["TDKT-2026-000003", "TDKT-2026-000001"]);
    expect(repeatPrompt(flow, refused.state, later).at(-1)).toMatchObject({ choices: refused.state.offered });
  });

  it("that a question offered none are not shown again, though the context now has some", () => {
    const empty = startRun(flow, "vi", { ...ctx, queue: [] });
    expect(empty.state.offered).toEqual([]);
    expect(repeatPrompt(flow, stored(empty.state), ctx).at(-1)).not.toHaveProperty("choices");
  });

  it("are absent from a state saved before they were recorded: it still reads, and its question is rendered as now", () => {
    const { offered, ...older } = startRun(flow, "vi", ctx).state;
    expect(offered).toBeDefined();
    const state = readRunState(JSON.parse(JSON.stringify(older)));
    expect(state.offered).toBeUndefined();
    const later: RunContext = { ...ctx, queue: [queue[1]!] };
    expect(repeatPrompt(flow, state, later).at(-1)).toMatchObject({ choices: [{ value: "TDKT-2026-000002" }] });
  });
});

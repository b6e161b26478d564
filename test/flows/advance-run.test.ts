import { describe, expect, it } from "vitest";
import { advanceRun, reopenRun, startRun, type RunContext, type RunInput, type RunOutput } from "../../src/flows/advance-run.ts";
import { parse as parseYaml } from "yaml";
import { flowSchema } from "../../src/flows/flow-definition.ts";
import { loadI18n } from "../../src/i18n/i18n.ts";
import { readRunState, type RunState } from "../../src/flows/run-state.ts";

// A flow that exercises every step kind the engine knows, independent of the product's flows and
// of any record (its extra steps fit no record schema): read with the flow schema alone.
const flow = flowSchema.parse(parseYaml(
  `
id: engine-test
specVersion: 1
revision: 3
title: { vi: "Kiểm thử", en: "Test" }
description: { vi: "Mọi loại câu hỏi" }
roles: [officer]
record: nomination-collective
intro: { vi: "Bắt đầu kiểm thử", en: "Test starts" }
steps:
  - { id: collectiveName, kind: text, prompt: { vi: "Tên tập thể?" }, minLength: 3, maxLength: 40 }
  - id: collectiveKind
    kind: choice
    prompt: { vi: "Loại tập thể?" }
    options:
      - { value: THON, label: { vi: "Thôn, bản, làng" } }
      - { value: TRUONG_HOC, label: { vi: "Trường học" }, aliases: ["truong"] }
      - { value: HOP_TAC_XA, label: { vi: "Hợp tác xã" } }
  - { id: schoolLevel, kind: text, prompt: { vi: "Cấp học?" }, when: { step: collectiveKind, in: [TRUONG_HOC] } }
  - { id: unit, kind: unit, prompt: { vi: "Ở đâu?" }, levels: [XA, THON] }
  - { id: memberCount, kind: number, prompt: { vi: "Bao nhiêu thành viên?" }, min: 2, max: 500 }
  - { id: advancedWorkerCount, kind: number, prompt: { vi: "Bao nhiêu người đạt LĐTT?" }, min: 0, max: 500, maxFromStep: memberCount }
  - id: fields
    kind: multi-choice
    prompt: { vi: "Lĩnh vực?" }
    options:
      - { value: KINH_TE, label: { vi: "Kinh tế" } }
      - { value: VAN_HOA, label: { vi: "Văn hóa – xã hội" } }
      - { value: MOI_TRUONG, label: { vi: "Môi trường" } }
  - { id: award, kind: award, prompt: { vi: "Danh hiệu?" }, subjectKind: TAP_THE }
  - id: achievementType
    kind: choice
    prompt: { vi: "Loại khen thưởng?" }
    options:
      - { value: THUONG_XUYEN, label: { vi: "Thường xuyên" } }
      - { value: DOT_XUAT, label: { vi: "Đột xuất" } }
  - { id: foundedOn, kind: date, prompt: { vi: "Ngày thành lập?" }, optional: true }
  - { id: hasLeader, kind: yes-no, prompt: { vi: "Có trưởng nhóm?" } }
  - { id: leaderPhone, kind: phone, prompt: { vi: "Số điện thoại trưởng nhóm?" }, when: { step: hasLeader, in: [true] } }
  - { id: summary, kind: text, prompt: { vi: "Tóm tắt?" }, minLength: 10, maxLength: 1500 }
  - { id: evidence, kind: files, prompt: { vi: "Ảnh minh chứng?" }, optional: true, maxFiles: 2 }
  - { id: attestation, kind: consent, prompt: { vi: "Cam đoan" }, statement: { vi: "Tôi cam đoan thông tin trên là đúng sự thật." } }
`,
));

const ctx: RunContext = {
  i18n: loadI18n(),
  units: [
    { id: "ht", name: "Hà Trung", type: "XA", localTypeName: "Xã", parentName: "Thanh Hóa", level: "XA", label: "Xã Hà Trung, Tỉnh Thanh Hóa" },
    { id: "ht/tl", name: "Tân Lập", type: "THON", localTypeName: "Thôn", parentName: "Hà Trung", level: "THON", label: "Thôn Tân Lập, Xã Hà Trung" },
    { id: "kt/tl", name: "Tân Lập", type: "THON", localTypeName: "Thôn", parentName: "Kon Tum", level: "THON", label: "Thôn Tân Lập, Phường Kon Tum" },
  ],
  awards: [
    { code: "TAP_THE_LDTT", name: "Tập thể lao động tiên tiến", subjectKinds: ["TAP_THE"], grantedBy: "Chủ tịch UBND cấp xã" },
    { code: "LAO_DONG_TIEN_TIEN", name: "Lao động tiên tiến", subjectKinds: ["CA_NHAN"], grantedBy: "Chủ tịch UBND cấp xã" },
    { code: "GIAY_KHEN_CT_UBND_XA", name: "Giấy khen của Chủ tịch UBND xã", subjectKinds: ["CA_NHAN", "TAP_THE"], grantedBy: "Chủ tịch UBND cấp xã" },
  ],
};
const now = new Date("2026-11-25T02:00:00Z");

/** Drives the engine; every state is round-tripped through JSON and readRunState, as the database does. */
function run() {
  let { state, outputs } = startRun(flow, "vi", ctx);
  let last: RunOutput[] = outputs;
  const send = (input: RunInput | string): RunOutput[] => {
    const i: RunInput = typeof input === "string" ? { type: "text", text: input } : input;
    const r = advanceRun(flow, readRunState(JSON.parse(JSON.stringify(state))), i, now, ctx);
    state = r.state;
    last = r.outputs;
    return r.outputs;
  };
  return {
    send,
    get state(): RunState {
      return state;
    },
    get text(): string {
      return last.map((o) => (o.type === "say" ? o.text : `<${o.type}>`)).join("\n---\n");
    },
    get last() {
      return last;
    },
  };
}

describe("advanceRun", () => {
  it("starts with the intro and the first question, numbered", () => {
    const { outputs, state } = startRun(flow, "vi", ctx);
    expect(outputs[0]).toEqual({ type: "say", text: "Bắt đầu kiểm thử" });
    expect(outputs[1]).toMatchObject({ type: "say", text: expect.stringMatching(/^Câu 1: Tên tập thể\?/) });
    expect(state.stepId).toBe("collectiveName");
  });

  it("walks a whole run with messy input, conditions, back, skip, edit and submit", () => {
    const r = run();
    expect(r.send("ab").at(0)).toMatchObject({ text: expect.stringContaining("ít nhất 3 ký tự") });
    expect(r.state.stepId).toBe("collectiveName");
    r.send("Chi hội Phụ nữ thôn Tân Lập");
    // typed text without diacritics picks the option
    r.send("truong hoc");
    expect(r.state.answers.collectiveKind).toBe("TRUONG_HOC");
    expect(r.state.stepId).toBe("schoolLevel");
    // back returns to the choice, and a different answer hides the conditional step
    r.send({ type: "command", command: "back" });
    expect(r.state.stepId).toBe("collectiveKind");
    r.send("1");
    expect(r.state.answers.collectiveKind).toBe("THON");
    expect(r.state.stepId).toBe("unit");
    // an ambiguous village asks back with choices
    r.send("tan lap");
    expect(r.last.at(-1)).toMatchObject({ choices: [{ value: "ht/tl" }, { value: "kt/tl" }] });
    r.send({ type: "choice", value: "ht/tl" });
    expect(r.state.answers.unit).toBe("ht/tl");
    r.send("1.407");
    expect(r.text).toContain("2"); // out of range 2..500: re-asked
    expect(r.state.stepId).toBe("memberCount");
    r.send("45 người");
    expect(r.state.answers.memberCount).toBe(45);
    r.send("46");
    expect(r.state.stepId).toBe("advancedWorkerCount"); // more than the members: refused
    r.send("30");
    r.send("1, 3");
    expect(r.state.answers.fields).toEqual(["KINH_TE", "MOI_TRUONG"]);
    r.send("tap the lao dong tien tien");
    expect(r.state.answers.award).toBe("TAP_THE_LDTT");
    expect(r.text).toContain("Thẩm quyền quyết định: Chủ tịch UBND cấp xã");
    r.send({ type: "choice", value: "THUONG_XUYEN" });
    r.send({ type: "command", command: "skip" });
    expect(r.state.answers.foundedOn).toBeNull();
    r.send("ko");
    expect(r.state.answers.hasLeader).toBe(false);
    expect(r.state.stepId).toBe("summary");
    r.send({ type: "command", command: "skip" });
    expect(r.text).toContain("bắt buộc");
    r.send("Giữ vững danh hiệu thôn văn hóa 5 năm liền.");
    r.send({ type: "files", files: [{ id: "f1", mime: "image/jpeg", size: 1000 }] });
    expect(r.text).toContain("Đã nhận 1 tệp");
    r.send({ type: "files", files: [{ id: "f2", mime: "image/png", size: 10 }, { id: "f3", mime: "image/png", size: 10 }] });
    expect(r.text).toContain("tối đa 2 tệp");
    r.send("xong");
    expect(r.state.answers.evidence).toHaveLength(2);
    r.send("không");
    expect(r.state.stepId).toBe("attestation"); // consent must be given
    r.send({ type: "choice", value: "YES" });
    expect(r.state.phase).toBe("summary");
    expect(r.text).toContain("1. Tên tập thể?: Chi hội Phụ nữ thôn Tân Lập");
    expect(r.text).toContain("Thôn Tân Lập, Xã Hà Trung");
    expect(r.text).toContain("(bỏ qua)");

    // edit item 2 (collective kind) from the summary: the newly applicable step is asked, then back to the summary
    r.send("sửa 2");
    expect(r.state.stepId).toBe("collectiveKind");
    r.send("Trường học");
    expect(r.state.stepId).toBe("schoolLevel");
    r.send("Trung học cơ sở");
    expect(r.state.phase).toBe("summary");
    expect(r.text).toContain("Trung học cơ sở");

    r.send("gửi");
    const done = r.last.find((o) => o.type === "completed");
    expect(done).toBeDefined();
    if (done?.type !== "completed") throw new Error("not completed");
    expect(done.answers).toMatchObject({
      collectiveName: "Chi hội Phụ nữ thôn Tân Lập",
      collectiveKind: "TRUONG_HOC",
      schoolLevel: "Trung học cơ sở",
      memberCount: 45,
      advancedWorkerCount: 30,
      foundedOn: null,
      hasLeader: false,
      attestation: now.toISOString(),
    });
    expect("leaderPhone" in done.answers).toBe(false);
    expect(r.state.phase).toBe("done");
    expect(r.send("anything")).toEqual([]);
  });

  it("accepts phone numbers with spaces and +84, and dates in several formats", () => {
    const r = run();
    for (const a of ["Tổ hợp tác Đồng Tâm", "3", "Hà Trung", "10", "5", "2", "giay khen", "dot xuat"]) r.send(a);
    expect(r.state.stepId).toBe("foundedOn");
    r.send("31/04/2020");
    expect(r.state.stepId).toBe("foundedOn");
    r.send("5.3.2024");
    expect(r.state.answers.foundedOn).toBe("2024-03-05");
    r.send("co");
    r.send("0912 345 67");
    expect(r.state.stepId).toBe("leaderPhone");
    r.send("+84 912.345.678");
    expect(r.state.answers.leaderPhone).toBe("+84912345678");
  });

  it("takes the number of a yes/no answer, as channels without buttons show them numbered", () => {
    const r = run();
    for (const a of ["Tổ hợp tác Đồng Tâm", "3", "Hà Trung", "10", "5", "2", "giay khen", "dot xuat"]) r.send(a);
    r.send({ type: "command", command: "skip" });
    expect(r.state.stepId).toBe("hasLeader");
    r.send("2");
    expect(r.state.answers.hasLeader).toBe(false);
    r.send("Giữ vững danh hiệu thôn văn hóa 5 năm liền.");
    r.send("1"); // "1. Xong" finishes the files step
    expect(r.state.stepId).toBe("attestation");
    r.send("1");
    expect(r.state.phase).toBe("summary");
  });

  it("does not accept a date in the future", () => {
    const r = run();
    for (const a of ["Tổ hợp tác Đồng Tâm", "3", "Hà Trung", "10", "5", "2", "giay khen", "dot xuat"]) r.send(a);
    r.send("26/11/2026");
    expect(r.state.stepId).toBe("foundedOn");
    r.send("25-11-2026");
    expect(r.state.answers.foundedOn).toBe("2026-11-25");
  });

  it("cancels on request and keeps the answers in the state", () => {
    const r = run();
    r.send("Chi đoàn thôn 3");
    const out = r.send({ type: "command", command: "cancel" });
    expect(out.some((o) => o.type === "cancelled")).toBe(true);
    expect(r.state.phase).toBe("cancelled");
    expect(r.state.answers.collectiveName).toBe("Chi đoàn thôn 3");
  });

  it("answers help with the step's guidance and repeats the question", () => {
    const r = run();
    const out = r.send({ type: "command", command: "help" });
    expect(out).toHaveLength(2);
    expect(r.state.stepId).toBe("collectiveName");
  });

  it("says so when asked to go back from the first question", () => {
    const r = run();
    expect(r.send({ type: "command", command: "back" })[0]).toMatchObject({ text: "Đây là câu hỏi đầu tiên." });
  });

  it("speaks English when the run is in English", () => {
    const { outputs } = startRun(flow, "en", ctx);
    expect(outputs[0]).toEqual({ type: "say", text: "Test starts" });
  });
});

describe("reopenRun", () => {
  it("asks each named answer in turn, then the summary, and completes again", () => {
    const r = run();
    for (const a of ["Tổ hợp tác Đồng Tâm", "3", "Hà Trung", "10", "5", "2", "giay khen", "dot xuat"]) r.send(a);
    r.send({ type: "command", command: "skip" });
    for (const a of ["không", "Giữ vững danh hiệu thôn văn hóa 5 năm liền.", "xong", "có", "gửi"]) r.send(a);
    expect(r.state.phase).toBe("done");

    const reopened = reopenRun(flow, r.state, ["summary", "ghost", "memberCount"], ctx);
    expect(reopened.state).toMatchObject({ phase: "asking", stepId: "summary", editing: true, pendingFixes: ["memberCount"] });
    let state = reopened.state;
    const step = (text: string) => {
      const out = advanceRun(flow, state, { type: "text", text }, now, ctx);
      state = out.state;
      return out.outputs;
    };
    step("Năm 2026 tổ sản xuất 120 tấn lúa, doanh thu tăng 15%.");
    expect(state.stepId).toBe("memberCount");
    step("12");
    expect(state.phase).toBe("summary");
    expect(state.answers).toMatchObject({ summary: "Năm 2026 tổ sản xuất 120 tấn lúa, doanh thu tăng 15%.", memberCount: 12, collectiveName: "Tổ hợp tác Đồng Tâm" });
    expect(step("gửi").some((o) => o.type === "completed")).toBe(true);
  });

  it("never shows the summary while an applicable step has no answer", () => {
    const { state } = startRun(flow, "vi", ctx);
    expect(reopenRun(flow, state, ["ghost"], ctx).state).toMatchObject({ phase: "asking", stepId: "collectiveName" });
  });

  it("asks a short text (a name, a short note) for more letters, without advice meant for achievement summaries", () => {
    const r = run();
    r.send("AB");
    expect(r.text).toContain("Vui lòng nhập ít nhất 3 ký tự.");
    expect(r.text).not.toContain("nêu rõ việc làm");
    for (const a of ["Tổ hợp tác Đồng Tâm", "3", "Hà Trung", "10", "5", "2", "giay khen", "dot xuat"]) r.send(a);
    r.send({ type: "command", command: "skip" });
    r.send("không");
    r.send("Tốt lắm");
    expect(r.text).toContain("Vui lòng nhập ít nhất 10 ký tự.");
    // The product's summaries (50 characters and more) still get the advice: see the golden transcripts.
  });

  it("hints the bound that holds now: the members, not the step's own maximum", () => {
    const r = run();
    for (const a of ["Tổ hợp tác Đồng Tâm", "3", "Hà Trung", "10"]) r.send(a);
    expect(r.text).toContain("Nhập một số từ 0 đến 10.");
    r.send("45");
    expect(r.text).toContain("Vui lòng nhập một số từ 0 đến 10.");
    expect(r.text).not.toMatch(/500|ví dụ/);
  });

  it("asks again a count that an edit made larger than the members", () => {
    const r = run();
    for (const a of ["Tổ hợp tác Đồng Tâm", "3", "Hà Trung", "10", "5", "2", "giay khen", "dot xuat"]) r.send(a);
    r.send({ type: "command", command: "skip" });
    for (const a of ["không", "Giữ vững danh hiệu thôn văn hóa 5 năm liền.", "xong", "có"]) r.send(a);
    expect(r.state.phase).toBe("summary");
    r.send("sửa 4"); // members
    r.send("4");
    expect(r.state.stepId).toBe("advancedWorkerCount");
    r.send("4");
    expect(r.state.phase).toBe("summary");
    expect(r.state.answers).toMatchObject({ memberCount: 4, advancedWorkerCount: 4 });
  });
});

describe("date steps", () => {
  // An engine-only flow (no record): a birth date with a minimum age, and a date that may not be in the future.
  const dates = flowSchema.parse({
    id: "date-test",
    specVersion: 1,
    revision: 1,
    title: { vi: "Ngày" },
    description: { vi: "Ngày" },
    roles: ["officer"],
    record: "nomination-individual",
    intro: { vi: "Bắt đầu" },
    steps: [
      { id: "birthDate", kind: "date", prompt: { vi: "Ngày sinh?" }, minYearsAgo: 16, maxYearsAgo: 110 },
      { id: "eventOn", kind: "date", prompt: { vi: "Ngày xảy ra?" } },
    ],
  });
  const send = (state: RunState, text: string) => advanceRun(dates, state, { type: "text", text }, now, ctx);
  const say = (outputs: RunOutput[]) => outputs.map((o) => (o.type === "say" ? o.text : "")).join("\n");

  it("tells a date too recent for a minimum age apart from a date in the future", () => {
    const start = startRun(dates, "vi", ctx).state;
    const young = send(start, "12/05/2014");
    expect(young.state.answers.birthDate).toBeUndefined();
    expect(say(young.outputs)).toContain("chưa đủ 16 năm");
    expect(say(young.outputs)).toContain("không sau 25/11/2010");
    expect(say(young.outputs)).not.toContain("chưa đến");
    const future = send(start, "12/05/2027");
    expect(say(future.outputs)).toContain("Ngày này chưa đến");
    expect(send(start, "25/11/2010").state.answers.birthDate).toBe("2010-11-25");
  });

  it("accepts a child's birth date when the step sets no minimum age, but not a future one", () => {
    const start = startRun(dates, "vi", ctx).state;
    const atEvent = send(start, "01/01/1990").state;
    expect(send(atEvent, "12/05/2019").state.answers.eventOn).toBe("2019-05-12");
    expect(say(send(atEvent, "26/11/2026").outputs)).toContain("Ngày này chưa đến");
  });
});

describe("readRunState", () => {
  it("refuses an unknown version instead of guessing", () => {
    expect(() => readRunState({ v: 99 })).toThrow(/unknown run state version/);
  });
});

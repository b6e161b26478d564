import { describe, expect, it } from "vitest";
import { FlowLoadError, loadFlowsDir, parseFlow } from "../../src/flows/load-flow.ts";

const base = `
id: test-flow
specVersion: 1
revision: 1
title: { vi: "Biểu mẫu thử" }
description: { vi: "Dùng trong kiểm thử" }
roles: [citizen]
record: good-deed-report
intro: { vi: "Xin chào" }
`;

const requiredSteps = `
  - { id: consent, kind: consent, prompt: { vi: "Đồng ý?" }, statement: { vi: "Tôi đồng ý" } }
  - id: subjectKind
    kind: choice
    prompt: { vi: "Người làm việc tốt là" }
    options:
      - { value: CA_NHAN, label: { vi: "Một người" } }
      - { value: TAP_THE, label: { vi: "Một tập thể" } }
  - id: category
    kind: choice
    prompt: { vi: "Loại việc" }
    options:
      - { value: CUU_NGUOI, label: { vi: "Cứu người" } }
      - { value: KHAC, label: { vi: "Việc tốt khác" } }
  - { id: story, kind: text, prompt: { vi: "Kể lại" } }
  - { id: occurredOn, kind: date, prompt: { vi: "Ngày" } }
  - { id: place, kind: unit, prompt: { vi: "Ở đâu" }, levels: [XA, THON] }
  - { id: reporterAnonymous, kind: yes-no, prompt: { vi: "Ẩn danh?" } }
  - id: subjectConsent
    kind: choice
    prompt: { vi: "Đồng ý công khai?" }
    options:
      - { value: DONG_Y, label: { vi: "Đã đồng ý" } }
      - { value: CHUA_HOI, label: { vi: "Chưa hỏi" } }
`;

function problems(text: string): string[] {
  try {
    parseFlow("flows/test.yaml", text);
  } catch (err) {
    if (err instanceof FlowLoadError) return err.problems;
    throw err;
  }
  return [];
}

describe("parseFlow", () => {
  it("accepts a well-formed flow", () => {
    const flow = parseFlow("flows/test.yaml", `${base}steps:${requiredSteps}`);
    expect(flow.steps.map((s) => s.id)).toContain("place");
    expect(flow.steps.find((s) => s.id === "consent")?.optional).toBe(false);
  });

  it("refuses a spec version newer than the program", () => {
    expect(problems(base.replace("specVersion: 1", "specVersion: 9") + `steps:${requiredSteps}`)[0]).toMatch(/newer than this program/);
  });

  it("names the step of a schema error", () => {
    const text = `${base}steps:${requiredSteps}  - { id: broken, kind: number, prompt: { vi: "" } }\n`;
    expect(problems(text).some((p) => p.startsWith("step[id=broken].prompt.vi"))).toBe(true);
  });

  it("requires Vietnamese text", () => {
    const text = `${base}steps:${requiredSteps}  - { id: english, kind: text, prompt: { en: "English only" } }\n`;
    expect(problems(text).some((p) => p.startsWith("step[id=english].prompt.vi"))).toBe(true);
  });

  it("finds duplicate ids, dangling and forward references, and unreachable steps", () => {
    const text = `${base}steps:${requiredSteps}
  - { id: story, kind: text, prompt: { vi: "Lặp" } }
  - { id: ghost, kind: text, prompt: { vi: "Ma" }, when: { step: nowhere, in: [X] } }
  - { id: early, kind: text, prompt: { vi: "Sớm" }, when: { step: late, in: [A] } }
  - { id: late, kind: choice, prompt: { vi: "Muộn" }, options: [{ value: A, label: { vi: A } }, { value: B, label: { vi: B } }] }
  - { id: never, kind: text, prompt: { vi: "Không bao giờ" }, when: { step: subjectKind, in: [HO_GIA_DINH] } }
`;
    const found = problems(text);
    expect(found).toContain("step[id=story]: duplicate step id");
    expect(found).toContain('step[id=ghost]: when refers to unknown step "nowhere"');
    expect(found).toContain('step[id=early]: when refers to step "late", which does not come before it');
    expect(found).toContain('step[id=never]: when.in value "HO_GIA_DINH" is never an answer of step "subjectKind"');
    expect(found).toContain("step[id=never]: can never be reached");
  });

  it("requires the steps its record reads", () => {
    const text = `${base}steps:\n  - { id: only, kind: text, prompt: { vi: "Một câu" } }\n`;
    expect(problems(text)).toContain('record good-deed-report needs a step with id "story"');
  });

  it("rejects YAML that is not a mapping", () => {
    expect(problems("- a\n- b\n")[0]).toMatch(/must be a mapping/);
  });
});

describe("the flows in flows/", () => {
  it("all load through the same pipeline as the app", async () => {
    const flows = await loadFlowsDir();
    expect(flows.map((f) => f.id).sort()).toEqual(["council-review", "good-deed-report", "nomination-collective", "nomination-household", "nomination-individual", "report-verification"]);
    for (const flow of flows) for (const step of flow.steps) expect(step.prompt.en, `${flow.id}/${step.id} has English`).toBeTruthy();
  });
});

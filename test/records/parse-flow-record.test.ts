import { describe, expect, it } from "vitest";
import { loadFlowsDir } from "../../src/flows/load-flow.ts";
import type { Answers } from "../../src/flows/run-state.ts";
import { parseFlowRecord } from "../../src/records/parse-flow-record.ts";
import { parseRecord } from "../../src/records/parse-record.ts";

const flows = new Map((await loadFlowsDir()).map((f) => [f.id, f]));
const collective = flows.get("nomination-collective")!;
const individual = flows.get("nomination-individual")!;

const SUMMARY = "Năm 2026 nhà trường có 100% học sinh lên lớp, 12 học sinh giỏi cấp tỉnh, không có cán bộ bị kỷ luật.";
const COLLECTIVE: Answers = {
  collectiveName: "Trường THCS Hà Trung",
  collectiveKind: "TRUONG_HOC",
  unit: "thanh-hoa/ha-trung",
  memberCount: 45,
  advancedWorkerCount: 32,
  award: "TAP_THE_LDTT",
  achievementType: "THUONG_XUYEN",
  movement: null,
  year: 2026,
  disciplinedCount: 0,
  headName: null,
  pendingReview: false,
  priorAwards: null,
  summary: SUMMARY,
  evidence: null,
  attestation: "2026-11-25T02:00:00.000Z",
};

describe("parseFlowRecord", () => {
  it("types the answers of a finished flow", () => {
    const result = parseFlowRecord(collective, COLLECTIVE);
    expect(result).toMatchObject({ ok: true, parsed: { kind: "nomination-collective", record: { memberCount: 45, evidence: [], movement: null } } });
  });

  it("refuses a value the flow does not offer, even one the record type would take, naming the step", () => {
    const result = parseFlowRecord(collective, { ...COLLECTIVE, collectiveKind: "CLB_THE_THAO" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.stepId)).toEqual(["collectiveKind"]);
    // The record type alone has no list of kinds of collective: the flow is the only one.
    expect(() => parseRecord("nomination-collective", { ...COLLECTIVE, collectiveKind: "CLB_THE_THAO" })).not.toThrow();
  });

  it("applies the flow's limits: a summary shorter than the step's minimum, a count above the members", () => {
    const short = parseFlowRecord(collective, { ...COLLECTIVE, summary: "Tốt." });
    expect(short.ok ? [] : short.problems.map((p) => p.stepId)).toEqual(["summary"]);
    const over = parseFlowRecord(collective, { ...COLLECTIVE, advancedWorkerCount: 46 });
    expect(over.ok ? [] : over.problems.map((p) => p.stepId)).toEqual(["advancedWorkerCount"]);
  });

  it("names the step of an impossible date, and takes a pupil's birth date", () => {
    const answers: Answers = {
      achievementType: "DOT_XUAT",
      award: "GIAY_KHEN_CT_UBND_XA",
      year: 2026,
      pendingReview: false,
      priorAwards: null,
      fullName: "Nguyễn Thị Hoa",
      gender: "NU",
      birthDate: "2014-02-30",
      cccd: null,
      position: "Học sinh lớp 6",
      unit: "thanh-hoa/ha-trung",
      subjectCategory: "HOC_SINH_SINH_VIEN",
      summary: SUMMARY,
      evidence: null,
      attestation: "2026-11-25T02:00:00.000Z",
    };
    const bad = parseFlowRecord(individual, answers);
    expect(bad.ok ? [] : bad.problems.map((p) => p.stepId)).toEqual(["birthDate"]);
    // A pupil's birth date is fine: there is no minimum age.
    expect(parseFlowRecord(individual, { ...answers, birthDate: "2014-02-28" }).ok).toBe(true);
  });
});

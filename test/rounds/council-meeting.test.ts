/**
 * The council meeting's rules (flows/catalogues/council-meeting.yaml) and how a meeting is judged:
 * the quorum and the thresholds are exact fractions of all the council's members; without the
 * quorum nobody passes; an award can ask for more than the default.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { judgeMeeting, type AgendaItem } from "../../src/rounds/council-meeting.ts";
import { fewestReaching, loadMeetingRules, MeetingRules, reaches } from "../../src/rounds/meeting-rules.ts";

const agenda: AgendaItem[] = [
  { dossierId: "a", code: "TDKT-2026-000001", nominee: "Nguyễn Thị Hoa", awardCode: "LAO_DONG_TIEN_TIEN", unitId: "u", status: "RECEIVED" },
  { dossierId: "b", code: "TDKT-2026-000002", nominee: "Lê Văn Nam", awardCode: "LAO_DONG_TIEN_TIEN", unitId: "u", status: "RECEIVED" },
  { dossierId: "c", code: "TDKT-2026-000003", nominee: "Lò Thị Xuân", awardCode: "CSTD_TINH", unitId: "u", status: "IN_REVIEW" },
];

describe("meeting rules", () => {
  it("loads the shipped catalogue: quorum 2/3, more than half by default, 80% for the provincial emulation fighter", async () => {
    const rules = await loadMeetingRules();
    expect(fewestReaching(9, rules.quorum)).toBe(6);
    expect(rules.quorumMet(9, 6)).toBe(true);
    expect(rules.quorumMet(9, 5)).toBe(false);
    expect(rules.quorumMet(9, 10)).toBe(false);
    expect(fewestReaching(9, rules.thresholdFor("LAO_DONG_TIEN_TIEN"))).toBe(5);
    expect(fewestReaching(10, rules.thresholdFor(null))).toBe(6);
    expect(fewestReaching(9, rules.thresholdFor("CSTD_TINH"))).toBe(8);
    expect(rules.thresholdFor("CSTD_TINH").note).toContain("cần kiểm tra theo quy chế của tỉnh");
  });

  it("compares fractions exactly", () => {
    expect(reaches(2, 3, { num: 2, den: 3, strict: false })).toBe(true);
    expect(reaches(5, 10, { num: 1, den: 2, strict: true })).toBe(false);
    expect(reaches(6, 10, { num: 1, den: 2, strict: true })).toBe(true);
    expect(reaches(1, 0, { num: 0, den: 1, strict: false })).toBe(false);
  });

  it("refuses a file with a bad fraction or an unknown award, naming the entry", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meeting-rules-"));
    writeFileSync(join(dir, "council-meeting.yaml"), `quorum: { atLeast: "3/2", note: "x" }\nthreshold: { moreThan: "1/2", note: "x" }\n`);
    await expect(loadMeetingRules(dir)).rejects.toThrow(/council-meeting\.yaml: quorum\.atLeast/);
    writeFileSync(join(dir, "council-meeting.yaml"), `quorum: { atLeast: "2/3", note: "x" }\nthreshold: { moreThan: "1/2", note: "x" }\nawards:\n  - { codes: [NO_SUCH_AWARD], atLeast: "4/5", note: "x" }\n`);
    await expect(loadMeetingRules(dir, ["CSTD_TINH"])).rejects.toThrow(/unknown award code\(s\) NO_SUCH_AWARD/);
  });
});

describe("judgeMeeting", () => {
  const rules = MeetingRules.of({ quorum: { atLeast: "2/3", note: "q" }, threshold: { moreThan: "1/2", note: "t" }, awards: [{ codes: ["CSTD_TINH"], atLeast: "4/5", note: "80" }] });

  it("passes a nominee whose votes reach the award's share of all members, with the quorum present", () => {
    const result = judgeMeeting(rules, { memberCount: 9, presentCount: 7 }, agenda, new Map([["a", 5], ["b", 4], ["c", 7]]));
    expect(result.quorum).toBe(true);
    expect(result.votes.map((v) => [v.dossierId, v.passed, v.needed])).toEqual([["a", true, 5], ["b", false, 5], ["c", false, 8]]);
  });

  it("passes nobody without the quorum, whatever the votes", () => {
    const result = judgeMeeting(rules, { memberCount: 9, presentCount: 5 }, agenda, new Map([["a", 5], ["b", 5], ["c", 5]]));
    expect(result.quorum).toBe(false);
    expect(result.quorumNeeded).toBe(6);
    expect(result.votes.every((v) => !v.passed)).toBe(true);
  });
});

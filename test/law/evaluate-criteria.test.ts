import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCatalogues } from "../../src/catalogues/load-catalogues.ts";
import { evaluateAward, type AwardHistoryEntry, type RuleResult } from "../../src/law/evaluate-criteria.ts";

const { law } = await loadCatalogues();
const award = (code: string) => law.awards.find((a) => a.code === code)!;
const byId = (results: RuleResult[]) => Object.fromEntries(results.map((r) => [r.id, r]));
const annual = { achievementType: "THUONG_XUYEN", pendingReview: false, year: 2026 };

describe("evaluateAward on the law's examples", () => {
  it("TTLĐXS with 2 of 10 members LĐTT fails Điều 27 and shows the numbers it used", () => {
    const r = byId(evaluateAward({ award: award("TAP_THE_LDXS"), law, answers: { ...annual, memberCount: 10, advancedWorkerCount: 2, allMembersCompleted: true, cstdCount: 1, disciplinedCount: 0 } }));
    expect(r.share).toMatchObject({ outcome: "fail", article: "Luật TĐKT 2022, Điều 27", text: "Tập thể lao động xuất sắc cần ít nhất 70 % thành viên đạt Lao động tiên tiến", evidence: { kind: "share", part: 2, whole: 10 } });
    expect(r.allCompleted?.outcome).toBe("pass");
    expect(r.cstd?.outcome).toBe("pass");
    expect(r.discipline?.outcome).toBe("pass");
  });

  it("TTLĐXS: exactly 70 % passes (at least), no CSTĐ cơ sở fails", () => {
    const r = byId(evaluateAward({ award: award("TAP_THE_LDXS"), law, answers: { ...annual, memberCount: 10, advancedWorkerCount: 7, allMembersCompleted: true, cstdCount: 0, disciplinedCount: 0 } }));
    expect(r.share?.outcome).toBe("pass");
    expect(r.cstd?.outcome).toBe("fail");
  });

  it("TTLĐTT needs more than half: 5 of 10 fails, 6 of 10 passes; Bắc Ninh asks 70 %", () => {
    const answers = (n: number) => ({ ...annual, memberCount: 10, advancedWorkerCount: n, disciplinedCount: 0 });
    expect(byId(evaluateAward({ award: award("TAP_THE_LDTT"), law, answers: answers(5) })).share?.outcome).toBe("fail");
    expect(byId(evaluateAward({ award: award("TAP_THE_LDTT"), law, answers: answers(6) })).share?.outcome).toBe("pass");
    const bacNinh = byId(evaluateAward({ award: award("TAP_THE_LDTT"), law, answers: answers(6), provinceId: "bac-ninh" })).share!;
    expect(bacNinh).toMatchObject({ outcome: "fail", text: "Tập thể lao động tiên tiến cần trên 70 % thành viên đạt Lao động tiên tiến" });
    expect(bacNinh.article).toBe("Luật TĐKT 2022, Điều 28; QĐ 86/2025/QĐ-UBND tỉnh Bắc Ninh, Điều 4.2.b");
  });

  it("a member disciplined at cảnh cáo or above fails TTLĐTT", () => {
    const r = byId(evaluateAward({ award: award("TAP_THE_LDTT"), law, answers: { ...annual, memberCount: 10, advancedWorkerCount: 9, disciplinedCount: 1 } }));
    expect(r.discipline?.outcome).toBe("fail");
  });

  it("CSTĐ cơ sở: LĐTT this year and (HTXSNV or an accepted sáng kiến), no sáng kiến required", () => {
    const cstd = (answers: Record<string, unknown>) => byId(evaluateAward({ award: award("CSTD_CO_SO"), law, answers: { ...annual, ...answers } }));
    expect(cstd({ advancedThisYear: false, taskCompletion: "HOAN_THANH_XUAT_SAC" }).advanced?.outcome).toBe("fail");
    expect(cstd({ advancedThisYear: true, taskCompletion: "HOAN_THANH_XUAT_SAC", hasInitiative: false }).excellence?.outcome).toBe("pass");
    expect(cstd({ advancedThisYear: true, taskCompletion: "HOAN_THANH_TOT", hasInitiative: true }).excellence?.outcome).toBe("pass");
    expect(cstd({ advancedThisYear: true, taskCompletion: "HOAN_THANH_TOT", hasInitiative: false }).excellence?.outcome).toBe("fail");
    expect(cstd({ advancedThisYear: true, taskCompletion: "HOAN_THANH_TOT" }).excellence?.outcome).toBe("unknown");
  });

  it("CSTĐ tỉnh needs CSTĐ cơ sở in the three years up to the year recognised; without a history it is unknown", () => {
    const history: AwardHistoryEntry[] = [
      { awardCode: "CSTD_CO_SO", year: 2024, decisionNumber: "12/QĐ-UBND" },
      { awardCode: "CSTD_CO_SO", year: 2026 },
    ];
    const r = byId(evaluateAward({ award: award("CSTD_TINH"), law, answers: { ...annual, hasInitiative: true }, history }));
    expect(r.consecutive).toMatchObject({ outcome: "fail", evidence: { kind: "history", years: [2024, 2025, 2026], missing: [2025] } });
    const full = [...history, { awardCode: "CSTD_CO_SO", year: 2025 }];
    expect(byId(evaluateAward({ award: award("CSTD_TINH"), law, answers: annual, history: full })).consecutive?.outcome).toBe("pass");
    expect(byId(evaluateAward({ award: award("CSTD_TINH"), law, answers: annual })).consecutive?.outcome).toBe("unknown");
  });

  it("a danh hiệu thi đua submitted as đột xuất fails; a Giấy khen for a rescue does not", () => {
    expect(byId(evaluateAward({ award: award("TAP_THE_LDTT"), law, answers: { achievementType: "DOT_XUAT" } })).achievementType?.outcome).toBe("fail");
    expect(byId(evaluateAward({ award: award("GIAY_KHEN_CT_UBND_XA"), law, answers: { achievementType: "DOT_XUAT" } })).achievementType?.outcome).toBe("pass");
  });

  it("a pending inspection or complaint fails every award (NĐ 152/2025 Điều 4.4)", () => {
    for (const a of law.awards) {
      expect(byId(evaluateAward({ award: a, law, answers: { pendingReview: true } })).pending?.outcome, a.code).toBe("fail");
    }
  });
});

/** Anything an answers object might hold after a bad migration or a hand-edited draft. */
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 200 }),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.constantFrom("HOAN_THANH_XUAT_SAC", "HOAN_THANH_TOT", "KHONG", "CANH_CAO", "THUONG_XUYEN", "DOT_XUAT"),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);
const answerKeys = ["achievementType", "pendingReview", "year", "memberCount", "advancedWorkerCount", "cstdCount", "disciplinedCount", "allMembersCompleted", "taskCompletion", "hasInitiative", "advancedThisYear"];
const anyAnswers = fc.dictionary(fc.constantFrom(...answerKeys, "other"), anyValue);
const anyHistory = fc.option(
  fc.array(fc.record({ awardCode: fc.constantFrom("CSTD_CO_SO", "LAO_DONG_TIEN_TIEN", "X"), year: fc.integer({ min: 2015, max: 2030 }) }), { maxLength: 8 }),
  { nil: undefined },
);
const anyAward = fc.constantFrom(...law.awards);
const anyProvince = fc.constantFrom(undefined, null, "bac-ninh", "ha-noi", "nowhere");

describe("evaluateAward properties", () => {
  it("never throws, and gives one result per rule with an article, whatever the answers hold", () => {
    fc.assert(
      fc.property(anyAward, anyAnswers, anyHistory, anyProvince, (a, answers, history, provinceId) => {
        const results = evaluateAward({ award: a, law, answers, history, provinceId });
        expect(results).toHaveLength(law.commonRules.length + 1 + a.criteria.length);
        for (const r of results) {
          expect(["pass", "fail", "unknown"]).toContain(r.outcome);
          expect(r.article.length).toBeGreaterThan(0);
          expect(r.text).not.toMatch(/\{(percent|value|years)\}/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("more members with the title never turns a passing share into a failure", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("TAP_THE_LDTT", "TAP_THE_LDXS", "DON_VI_TIEN_TIEN", "DON_VI_QUYET_THANG"),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        anyProvince,
        (code, whole, part, more, provinceId) => {
          const share = (p: number) => byId(evaluateAward({ award: award(code), law, answers: { memberCount: whole, advancedWorkerCount: p }, provinceId })).share!.outcome;
          if (share(part) === "pass") expect(share(part + more)).not.toBe("fail");
        },
      ),
    );
  });

  it("a higher count never fails an at-least rule; fewer disciplined members never fails a rule that passed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), (n, more) => {
        const rules = (answers: Record<string, unknown>) => byId(evaluateAward({ award: award("TAP_THE_LDXS"), law, answers }));
        if (rules({ cstdCount: n }).cstd!.outcome === "pass") expect(rules({ cstdCount: n + more }).cstd!.outcome).toBe("pass");
        if (rules({ disciplinedCount: n + more }).discipline!.outcome === "pass") expect(rules({ disciplinedCount: n }).discipline!.outcome).toBe("pass");
      }),
    );
  });

  it("adding awards to the history never turns a passing history rule into a failure", () => {
    fc.assert(
      fc.property(anyHistory, fc.array(fc.record({ awardCode: fc.constant("CSTD_CO_SO"), year: fc.integer({ min: 2015, max: 2030 }) }), { maxLength: 4 }), fc.integer({ min: 2018, max: 2030 }), (history, extra, year) => {
        const h = history ?? [];
        const outcome = (list: AwardHistoryEntry[]) => byId(evaluateAward({ award: award("CSTD_TINH"), law, answers: { year }, history: list })).consecutive!.outcome;
        if (outcome(h) === "pass") expect(outcome([...h, ...extra])).toBe("pass");
      }),
    );
  });

  it("a province's raised threshold never passes what the national minimum fails", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 300 }), (whole, part) => {
        const run = (provinceId?: string) => byId(evaluateAward({ award: award("TAP_THE_LDTT"), law, answers: { memberCount: whole, advancedWorkerCount: part }, provinceId })).share!.outcome;
        if (run() === "fail") expect(run("bac-ninh")).toBe("fail");
      }),
    );
  });
});

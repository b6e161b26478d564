/**
 * The award catalogue and the nomination flows name the same facts (holders, answers the
 * criteria read): these tests keep the two sources from drifting apart.
 */
import { describe, expect, it } from "vitest";
import { loadCatalogues } from "../../src/catalogues/load-catalogues.ts";
import { loadFlowsDir } from "../../src/flows/load-flow.ts";
import { visibleAnswers } from "../../src/flows/advance-run.ts";
import { awardsOffered, type AwardStep } from "../../src/flows/award-choices.ts";
import { runAwardsOf } from "../../src/law/law-advisor.ts";
import type { CriteriaRule } from "../../src/law/criteria-rule.ts";
import type { Flow } from "../../src/flows/flow-definition.ts";

const { law } = await loadCatalogues();
const flows = await loadFlowsDir();
const flow = (id: string) => flows.find((f) => f.id === id)!;
const awardStep = (f: Flow) => f.steps.find((s): s is AwardStep => s.kind === "award")!;
const runAwards = runAwardsOf(law, "2026-11-25");
const offered = (f: Flow, answers: Record<string, string>) => awardsOffered(awardStep(f), answers, runAwards).map((a) => a.code);

function answerKeys(rule: CriteriaRule): string[] {
  switch (rule.kind) {
    case "share":
      return [rule.part, rule.whole];
    case "answer-in":
    case "count":
    case "no-discipline":
      return [rule.answer];
    case "history-consecutive":
      return ["year"];
    case "any-of":
      return rule.rules.flatMap((r) => answerKeys({ ...r, id: "x", article: "x", text: "x" } as CriteriaRule));
  }
}

describe("the catalogue and the nomination flows", () => {
  it("every collective kind and individual category the catalogue names is an option of the flows", () => {
    const kinds = flow("nomination-collective").steps.find((s) => s.id === "collectiveKind");
    const categories = flow("nomination-individual").steps.find((s) => s.id === "subjectCategory");
    const values = new Set([...(kinds?.kind === "choice" ? kinds.options : []), ...(categories?.kind === "choice" ? categories.options : [])].map((o) => o.value));
    for (const a of law.awards) for (const h of a.holders) if (h !== "CA_NHAN" && h !== "HO_GIA_DINH") expect(values, `${a.code}: ${h}`).toContain(h);
  });

  it("asks every answer an offered award's criteria read, once that award is chosen", () => {
    for (const f of [flow("nomination-individual"), flow("nomination-collective")]) {
      const step = awardStep(f);
      for (const a of runAwards.filter((x) => x.subjectKinds.includes(step.subjectKind))) {
        const award = law.awards.find((x) => x.code === a.code)!;
        const visible = visibleAnswers(f, { achievementType: "THUONG_XUYEN", [step.id]: a.code, hasInitiative: true });
        const keys = [...law.commonRules, ...award.criteria].flatMap(answerKeys);
        for (const key of keys) expect(Object.keys(visible), `${f.id} ${a.code} needs ${key}`).toContain(key);
      }
    }
  });

  it("offers only what fits the subject and the achievement type", () => {
    const collective = flow("nomination-collective");
    expect(offered(collective, { collectiveKind: "THON", achievementType: "THUONG_XUYEN" })).toContain("THON_TDP_VAN_HOA");
    expect(offered(collective, { collectiveKind: "THON", achievementType: "THUONG_XUYEN" })).not.toContain("TAP_THE_LDTT");
    expect(offered(collective, { collectiveKind: "TRUONG_HOC", achievementType: "THUONG_XUYEN" })).not.toContain("THON_TDP_VAN_HOA");
    expect(offered(collective, { collectiveKind: "TRUONG_HOC", achievementType: "DOT_XUAT" })).toEqual(["GIAY_KHEN_CT_UBND_XA", "BANG_KHEN_CT_UBND_TINH", "BANG_KHEN_THU_TUONG", "HUAN_CHUONG_LAO_DONG_HANG_BA"]);
    expect(offered(collective, { collectiveKind: "DAN_QUAN", achievementType: "THUONG_XUYEN" })).toContain("DON_VI_TIEN_TIEN");
    expect(offered(collective, { collectiveKind: "DAN_QUAN", achievementType: "THUONG_XUYEN" })).not.toContain("TAP_THE_LDTT");
    const individual = flow("nomination-individual");
    expect(offered(individual, { subjectCategory: "CHIEN_SI", achievementType: "THUONG_XUYEN" })).toContain("CHIEN_SI_TIEN_TIEN");
    expect(offered(individual, { subjectCategory: "CHIEN_SI", achievementType: "THUONG_XUYEN" })).not.toContain("LAO_DONG_TIEN_TIEN");
    expect(offered(individual, { subjectCategory: "NONG_DAN", achievementType: "THUONG_XUYEN" })).toContain("LAO_DONG_TIEN_TIEN");
    expect(offered(individual, { subjectCategory: "NONG_DAN", achievementType: "THUONG_XUYEN" })).not.toContain("CHIEN_SI_TIEN_TIEN");
    expect(offered(individual, { subjectCategory: "HOC_SINH_SINH_VIEN", achievementType: "DOT_XUAT" })).not.toContain("CSTD_CO_SO");
  });
});

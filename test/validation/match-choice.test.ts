import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchChoice, matchChoices, type ChoiceOption } from "../../src/validation/match-choice.ts";

const subjects: ChoiceOption[] = [
  { value: "CONG_NHAN", labels: ["Công nhân"] },
  { value: "NONG_DAN", labels: ["Nông dân"] },
  { value: "LAO_DONG_TRUC_TIEP", labels: ["Người lao động trực tiếp"] },
  { value: "CAN_BO", labels: ["Cán bộ, công chức, viên chức"] },
  { value: "VAN_HOA", labels: ["Văn hóa và thể thao"] },
  { value: "HOC_SINH", labels: ["Học sinh"] },
  { value: "HOC_VIEN", labels: ["Học viên"] },
];

describe("matchChoice", () => {
  it.each([
    ["2", "NONG_DAN"],
    ["2.", "NONG_DAN"],
    ["số 2", "NONG_DAN"],
    ["So 2", "NONG_DAN"],
    [" 3 ", "LAO_DONG_TRUC_TIEP"],
    ["NONG_DAN", "NONG_DAN"],
    ["nông dân", "NONG_DAN"],
    ["NÔNG DÂN!", "NONG_DAN"],
    ["nong dan", "NONG_DAN"],
    ["nongdan", "NONG_DAN"],
    ["Nông dân".normalize("NFD"), "NONG_DAN"],
    ["lao dong truc tiep", "LAO_DONG_TRUC_TIEP"],
    ["cán bộ", "CAN_BO"],
    ["vien chuc", "CAN_BO"],
    ["hoc sinh", "HOC_SINH"],
  ])("matches %j", (input, value) => {
    expect(matchChoice(input, subjects)).toEqual({ kind: "match", value });
  });

  it("reports several options when a partial answer fits more than one", () => {
    expect(matchChoice("học", subjects)).toEqual({ kind: "ambiguous", values: ["HOC_SINH", "HOC_VIEN"] });
    const flags: ChoiceOption[] = [
      { value: "CO_CHINH_PHU", labels: ["Cờ thi đua của Chính phủ"] },
      { value: "CO_TINH", labels: ["Cờ thi đua cấp tỉnh"] },
    ];
    expect(matchChoice("thi dua", flags)).toEqual({ kind: "ambiguous", values: ["CO_CHINH_PHU", "CO_TINH"] });
    expect(matchChoice("cap tinh", flags)).toEqual({ kind: "match", value: "CO_TINH" });
  });

  it("prefers a label starting with the answer over one containing it", () => {
    // "công" starts "Công nhân" and is also a word inside "Cán bộ, công chức, viên chức".
    expect(matchChoice("cong", subjects)).toEqual({ kind: "match", value: "CONG_NHAN" });
    expect(matchChoice("cong chuc", subjects)).toEqual({ kind: "match", value: "CAN_BO" });
  });

  it("prefers an exact label over a partial one", () => {
    const options: ChoiceOption[] = [
      { value: "A", labels: ["Lao động"] },
      { value: "B", labels: ["Lao động sáng tạo"] },
    ];
    expect(matchChoice("lao dong", options)).toEqual({ kind: "match", value: "A" });
    expect(matchChoice("lao dong s", options)).toEqual({ kind: "match", value: "B" });
  });

  it("needs 3 characters for a partial match and a word start for containment", () => {
    expect(matchChoice("no", subjects)).toEqual({ kind: "none" });
    expect(matchChoice("ong dan", subjects)).toEqual({ kind: "none" });
    expect(matchChoice("8", subjects)).toEqual({ kind: "none" });
    expect(matchChoice("", subjects)).toEqual({ kind: "none" });
  });

  it("never throws and only returns offered values", () => {
    const values = new Set(subjects.map((o) => o.value));
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const r = matchChoice(s, subjects);
        if (r.kind === "match") return values.has(r.value);
        if (r.kind === "ambiguous") return r.values.length > 1 && r.values.every((v) => values.has(v));
        return true;
      }),
    );
  });

  it("finds every option by its number and by its label written any way", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: subjects.length - 1 }), fc.boolean(), fc.boolean(), (i, nfd, upper) => {
        const option = subjects[i]!;
        let label = option.labels[0]!;
        if (upper) label = label.toUpperCase();
        if (nfd) label = label.normalize("NFD");
        expect(matchChoice(String(i + 1), subjects)).toEqual({ kind: "match", value: option.value });
        expect(matchChoice(label, subjects)).toEqual({ kind: "match", value: option.value });
      }),
    );
  });
});

describe("matchChoices", () => {
  it.each([
    ["1, 3", ["CONG_NHAN", "LAO_DONG_TRUC_TIEP"]],
    ["1 3", ["CONG_NHAN", "LAO_DONG_TRUC_TIEP"]],
    ["1;3;3", ["CONG_NHAN", "LAO_DONG_TRUC_TIEP"]],
    ["nông dân, công nhân", ["NONG_DAN", "CONG_NHAN"]],
    ["nong dan va cong nhan", ["NONG_DAN", "CONG_NHAN"]],
    ["số 1 và số 2", ["CONG_NHAN", "NONG_DAN"]],
    ["2", ["NONG_DAN"]],
    ["Văn hóa và thể thao", ["VAN_HOA"]],
    ["Cán bộ, công chức, viên chức", ["CAN_BO"]],
  ])("matches %j", (input, values) => {
    expect(matchChoices(input, subjects)).toEqual({ kind: "match", values });
  });

  it("returns the first token that matches nothing or several options", () => {
    expect(matchChoices("1, bác sĩ, 3", subjects)).toEqual({ kind: "none", token: "bác sĩ" });
    expect(matchChoices("1, học", subjects)).toEqual({ kind: "ambiguous", token: "học", values: ["HOC_SINH", "HOC_VIEN"] });
    expect(matchChoices(" , ", subjects)).toEqual({ kind: "none", token: "," });
  });

  it("finds any subset of options given by number, in the order typed", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: subjects.length }), { minLength: 1 }),
        fc.constantFrom(", ", " ", ";", " và "),
        (numbers, sep) => {
          expect(matchChoices(numbers.join(sep), subjects)).toEqual({
            kind: "match",
            values: numbers.map((n) => subjects[n - 1]!.value),
          });
        },
      ),
    );
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const r = matchChoices(s, subjects);
        return r.kind === "match" ? r.values.length > 0 : typeof r.token === "string";
      }),
    );
  });
});

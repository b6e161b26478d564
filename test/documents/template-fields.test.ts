/**
 * The contract with whoever replaces a template: every tag in every file under templates/ is a
 * field the README lists for that template, every listed field is provided by the data builders,
 * and the README's table is the one generated from the list. Also: Vietnamese numbers in words and
 * the date line of Nghị định 30/2020.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { achievementReportData, decisionData, minutesData, proposalData, type NomineeEntry, type TemplateData } from "../../src/documents/document-data.ts";
import { renderFieldsSection, TEMPLATE_FAMILIES } from "../../src/documents/document-fields.ts";
import { TEMPLATES_DIR } from "../../src/documents/dossier-documents.ts";
import { dateLine } from "../../src/documents/date-line.ts";
import { renderDocx, templateTags, TemplateError } from "../../src/documents/render-docx.ts";
import { numberInWords } from "../../src/documents/vietnamese-number-words.ts";

const ENTRY: NomineeEntry = {
  code: "TDKT-2026-000001",
  subjectKind: "TAP_THE",
  nomineeName: "Trường THCS Hà Trung",
  gender: null,
  birthDate: null,
  position: null,
  category: "Trường học",
  place: "Xã Hà Trung",
  memberCount: 50,
  advancedWorkerCount: 32,
  advancedWorkerPercent: 64,
  award: { code: "TAP_THE_LDTT", name: "Tập thể lao động tiên tiến", title: "Tập thể lao động tiên tiến", isTitle: true, grantorTitle: "Chủ tịch UBND xã Hà Trung", grantorBasis: "NĐ 129/2025/NĐ-CP, Điều 59", upward: false, coefficient: 0.8 },
  achievementType: "THUONG_XUYEN",
  movement: null,
  year: 2026,
  summary: "Năm học 2025–2026 nhà trường có 100% học sinh lên lớp.",
  attestationText: "Tôi cam đoan…",
  facts: [{ label: "Số người bị kỷ luật", value: "0" }],
  failedCriteria: [],
  priorAwardsDeclared: null,
  priorAwards: [{ year: 2025, award: "Tập thể lao động tiên tiến", decision: "88/QĐ-UBND ngày 20/12/2025", issuer: "Chủ tịch UBND xã Hà Trung" }],
  decision: null,
};
const ISSUER = { placeName: "Hà Trung", unitTitle: "xã Hà Trung", provinceTitle: "tỉnh Thanh Hóa" };
const MEETING = { heldAt: "14 giờ ngày 01/12/2026", place: "Hội trường UBND xã", chair: "Lê Văn Bình", secretary: "Trần Thị Mai", memberCount: 9, presentCount: 7, endedAt: "16 giờ", votes: { "TDKT-2026-000001": { for: 6, passed: true } } };

const DATA: Record<string, TemplateData> = {
  report: achievementReportData(ENTRY, ISSUER, "2026-12-03"),
  proposal: proposalData([ENTRY], ISSUER, "2026-12-03"),
  minutes: minutesData([ENTRY], ISSUER, "2026-12-03", MEETING),
  decision: decisionData([ENTRY], ISSUER, "2026-12-03"),
};

/** The data's fields as dotted paths, loops included (from their first item). */
function fieldPaths(data: TemplateData): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    out.push(key);
    if (Array.isArray(value) && value[0] && typeof value[0] === "object") for (const inner of Object.keys(value[0] as object)) out.push(`${key}.${inner}`);
  }
  return out.sort();
}

describe("template fields", () => {
  for (const family of TEMPLATE_FAMILIES) {
    const listed = family.fields.map((f) => f.name);

    it(`${family.vi}: the data provides exactly the listed fields`, () => {
      expect(fieldPaths(DATA[family.family]!)).toEqual([...new Set(listed)].sort());
    });

    for (const template of family.templates) {
      it(`${template} uses only listed fields`, async () => {
        const conditions = family.fields.filter((f) => f.condition).map((f) => `${f.name}.`);
        // Inside a yes/no section the tags are the template's own fields: "isIndividual.birthDate" is "birthDate".
        const tags = templateTags(template, await readFile(join(TEMPLATES_DIR, template))).map((t) => conditions.reduce((tag, c) => (tag.startsWith(c) ? tag.slice(c.length) : tag), t));
        expect(tags.length).toBeGreaterThan(5);
        expect(tags.filter((t) => !listed.includes(t))).toEqual([]);
      });
    }
  }

  it("every file in templates/ belongs to a family", async () => {
    const { readdir } = await import("node:fs/promises");
    const files = (await readdir(TEMPLATES_DIR)).filter((f) => f.endsWith(".docx")).sort();
    expect(files).toEqual(TEMPLATE_FAMILIES.flatMap((f) => f.templates).sort());
  });

  it("the README's table of fields is the generated one (npm run readme:sections)", async () => {
    const readme = await readFile(join(TEMPLATES_DIR, "..", "README.md"), "utf8");
    expect(readme).toContain(renderFieldsSection());
  });

  it("the biên bản prints the recorded meeting: attendance in words and each nominee's votes", async () => {
    const bytes = renderDocx("bien-ban-hop-hoi-dong.docx", await readFile(join(TEMPLATES_DIR, "bien-ban-hop-hoi-dong.docx")), DATA.minutes!);
    const { docxText } = await import("../support/docx-text.ts");
    const text = docxText(bytes);
    expect(text).toContain("Thành viên Hội đồng có mặt: 07/09 (bảy trên chín) thành viên; vắng mặt: 02.");
    expect(text).toContain("1 | Trường THCS Hà Trung | Tập thể lao động tiên tiến | 6 | 66,7 | Đạt");
  });

  it("a replaced template with a broken tag is refused with its name and the reason", async () => {
    const PizZip = (await import("pizzip")).default;
    const zip = new PizZip(await readFile(join(TEMPLATES_DIR, "to-trinh.docx")));
    zip.file("word/document.xml", zip.file("word/document.xml")!.asText().replace("{addressee}", "{addressee"));
    const broken = zip.generate({ type: "uint8array" });
    expect(() => renderDocx("to-trinh.docx", broken, DATA.proposal!)).toThrow(TemplateError);
    expect(() => templateTags("to-trinh.docx", broken)).toThrow(/to-trinh\.docx/);
  });
});

describe("who the tờ trình goes to", () => {
  it("the commune's council proposes a commune award to the commune's chair", () => {
    expect(DATA.proposal).toMatchObject({ issuerUpper: "UBND XÃ HÀ TRUNG", issuerLower: "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", addressee: "Chủ tịch Ủy ban nhân dân xã Hà Trung", decisionVerb: "quyết định khen thưởng" });
  });

  it("the commune proposes a province's Bằng khen to the province's chair, who decides", () => {
    const entry = { ...ENTRY, award: { ...ENTRY.award, name: "Bằng khen của Chủ tịch UBND tỉnh", isTitle: false, grantorTitle: "Chủ tịch UBND tỉnh Thanh Hóa", upward: true } };
    expect(proposalData([entry], ISSUER, "2026-12-03")).toMatchObject({ issuerUpper: "ỦY BAN NHÂN DÂN", issuerLower: "XÃ HÀ TRUNG", addressee: "Chủ tịch Ủy ban nhân dân tỉnh Thanh Hóa", decisionVerb: "quyết định khen thưởng", signerTitle: "CHỦ TỊCH" });
  });

  it("an award of the Prime Minister goes to the province's chair, to be proposed further up", () => {
    const entry = { ...ENTRY, award: { ...ENTRY.award, name: "Bằng khen của Thủ tướng Chính phủ", isTitle: false, grantorTitle: "Thủ tướng Chính phủ", upward: true } };
    expect(proposalData([entry], ISSUER, "2026-12-03")).toMatchObject({ addressee: "Chủ tịch Ủy ban nhân dân tỉnh Thanh Hóa", decisionVerb: "trình Thủ tướng Chính phủ khen thưởng" });
  });
});

describe("numbers in words and the date line", () => {
  it.each([
    [0, "không"], [1, "một"], [5, "năm"], [10, "mười"], [15, "mười lăm"], [21, "hai mươi mốt"], [24, "hai mươi bốn"], [25, "hai mươi lăm"],
    [50, "năm mươi"], [100, "một trăm"], [105, "một trăm linh năm"], [110, "một trăm mười"], [1005, "một nghìn không trăm linh năm"],
    [3321, "ba nghìn ba trăm hai mươi mốt"], [1_000_000, "một triệu"], [2_500_000, "hai triệu năm trăm nghìn"],
  ])("%i is “%s”", (n, words) => {
    expect(numberInWords(n)).toBe(words);
  });

  it("refuses what is not a whole number in range", () => {
    expect(() => numberInWords(-1)).toThrow(RangeError);
    expect(() => numberInWords(1.5)).toThrow(RangeError);
  });

  it("pads days below 10 and the months January and February, as Nghị định 30/2020 asks", () => {
    expect(dateLine("Hà Trung", "2026-12-03")).toBe("Hà Trung, ngày 03 tháng 12 năm 2026");
    expect(dateLine("Hà Trung", "2026-02-15")).toBe("Hà Trung, ngày 15 tháng 02 năm 2026");
    expect(dateLine("Kon Tum", "2026-03-09")).toBe("Kon Tum, ngày 09 tháng 3 năm 2026");
  });
});

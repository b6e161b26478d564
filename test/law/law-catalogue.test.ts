import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { loadCatalogues } from "../../src/catalogues/load-catalogues.ts";
import { UnitDirectory } from "../../src/catalogues/unit-directory.ts";
import { checkLawCatalogue, type LawCatalogue } from "../../src/law/award-catalogue.ts";
import { renderLawSection, LAW_SECTION_END, LAW_SECTION_START } from "../../src/law/render-law-section.ts";
import { placeFromChain, resolveGrantor } from "../../src/law/resolve-grantor.ts";

const catalogues = await loadCatalogues();
const law = catalogues.law;
const units = new UnitDirectory(catalogues.units);
const award = (code: string) => law.awards.find((a) => a.code === code)!;
const provinces = new Set(catalogues.units.filter((u) => u.level === "TINH").map((u) => u.id));

describe("the award catalogue", () => {
  it("README.md lists every award exactly as the catalogue renders it (npm run law:readme)", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    const start = readme.indexOf(LAW_SECTION_START);
    const end = readme.indexOf(LAW_SECTION_END) + LAW_SECTION_END.length;
    expect(start).toBeGreaterThan(0);
    expect(readme.slice(start, end)).toBe(renderLawSection(law));
    for (const a of law.awards) expect(readme.slice(start, end)).toContain(`\`${a.code}\``);
  });

  it("has the titles the review found missing, and upward proposals marked", () => {
    for (const code of ["GIA_DINH_VAN_HOA", "CHIEN_SI_TIEN_TIEN", "DON_VI_TIEN_TIEN", "XA_TIEU_BIEU", "CO_THI_DUA_UBND_TINH", "BANG_KHEN_THU_TUONG", "HUAN_CHUONG_LAO_DONG_HANG_BA"]) {
      expect(award(code), code).toBeDefined();
    }
    expect(award("BANG_KHEN_THU_TUONG").upward).toBe(true);
    expect(award("TAP_THE_LDXS").upward).toBe(true);
    expect(award("GIAY_KHEN_CT_UBND_XA").upward).toBe(false);
    expect(award("GIAY_KHEN_CT_UBND_XA").holders).toContain("HO_GIA_DINH");
  });

  it("dates who decides CSTĐ cơ sở: the district chair until 30/6/2025, the commune chair (NĐ 129/2025 Điều 59) after", () => {
    expect(resolveGrantor(law, award("CSTD_CO_SO"), "CA_NHAN", "2025-06-30")).toMatchObject({ title: "Chủ tịch UBND cấp huyện", basis: "Luật TĐKT 2022, Điều 80.2" });
    expect(resolveGrantor(law, award("CSTD_CO_SO"), "CA_NHAN", "2025-07-01")).toMatchObject({ title: "Chủ tịch UBND cấp xã", basis: "NĐ 129/2025/NĐ-CP, Điều 59" });
    expect(resolveGrantor(law, award("CSTD_CO_SO"), "CHIEN_SI", "2026-01-01")?.basis).toBe("Luật TĐKT 2022, Điều 80.5");
  });

  it("gives enterprises and co-operatives their director (Điều 80.4)", () => {
    expect(resolveGrantor(law, award("TAP_THE_LDTT"), "DOANH_NGHIEP", "2026-01-01")).toMatchObject({ title: "Tổng giám đốc, Giám đốc doanh nghiệp", basis: "Luật TĐKT 2022, Điều 80.4" });
    expect(resolveGrantor(law, award("TAP_THE_LDTT"), "HOP_TAC_XA", "2026-01-01")?.title).toBe("Giám đốc hợp tác xã");
    expect(resolveGrantor(law, award("TAP_THE_LDTT"), "TRUONG_HOC", "2026-01-01")?.title).toBe("Chủ tịch UBND cấp xã");
  });

  it("renders the printed title from the unit: phường, centrally-run city, or the generic level", () => {
    const kontum = placeFromChain(units.chain("quang-ngai/kon-tum/tdp-1"));
    expect(resolveGrantor(law, award("GIAY_KHEN_CT_UBND_XA"), "CA_NHAN", "2026-01-01", kontum)?.awardTitle).toBe("Giấy khen của Chủ tịch UBND phường Kon Tum");
    expect(resolveGrantor(law, award("BANG_KHEN_CT_UBND_TINH"), "CA_NHAN", "2026-01-01", kontum)?.awardTitle).toBe("Bằng khen của Chủ tịch UBND tỉnh Quảng Ngãi");
    const hanoi = placeFromChain(units.chain("ha-noi/hoan-kiem"));
    expect(resolveGrantor(law, award("BANG_KHEN_CT_UBND_TINH"), "TRUONG_HOC", "2026-01-01", hanoi)?.awardTitle).toBe("Bằng khen của Chủ tịch UBND thành phố Hà Nội");
    expect(resolveGrantor(law, award("CO_THI_DUA_UBND_TINH"), "CO_QUAN", "2026-01-01", hanoi)?.awardTitle).toBe("Cờ thi đua của UBND thành phố Hà Nội");
    expect(resolveGrantor(law, award("GIAY_KHEN_CT_UBND_XA"), "CA_NHAN", "2026-01-01")?.awardTitle).toBe("Giấy khen của Chủ tịch UBND cấp xã");
    expect(resolveGrantor(law, award("CO_THI_DUA_UBND_TINH"), "CO_QUAN", "2026-01-01")?.awardTitle).toBe("Cờ thi đua của UBND cấp tỉnh");
  });

  it("keeps the table's view of each award (one generic grantor, one coefficient)", () => {
    const row = catalogues.awards.find((a) => a.code === "CSTD_CO_SO")!;
    expect(row).toMatchObject({ grantedBy: "Chủ tịch UBND cấp xã", rewardCoefficient: 1, subjectKinds: ["CA_NHAN"] });
    expect(catalogues.awards.find((a) => a.code === "GIAY_KHEN_CT_UBND_XA")!.subjectKinds).toEqual(["CA_NHAN", "HO_GIA_DINH", "TAP_THE"]);
  });

  it("refuses a catalogue with a holder left without a grantor, an unknown authority or a wrong override", () => {
    expect(checkLawCatalogue(law, provinces)).toEqual([]);
    const broken: LawCatalogue = {
      ...law,
      awards: law.awards.map((a) =>
        a.code === "CSTD_CO_SO" ? { ...a, grantors: a.grantors.filter((g) => g.authority !== "CHU_TICH_UBND_XA") } : a.code === "LAO_DONG_TIEN_TIEN" ? { ...a, grantors: [{ ...a.grantors[0]!, authority: "NOBODY" }] } : a,
      ),
      overrides: {
        "bac-ninh": { source: "x", awards: { TAP_THE_LDTT: { share: { value: 3 } }, NO_SUCH: {} } },
        "bac-ninh/kinh-bac": { source: "x", awards: {} },
      },
    };
    const errors = checkLawCatalogue(broken, provinces);
    expect(errors).toContain("awards.yaml: award[code=CSTD_CO_SO]: no grantor for CA_NHAN on 2025-07-01");
    expect(errors).toContain("awards.yaml: award[code=LAO_DONG_TIEN_TIEN]: unknown authority NOBODY (authorities.yaml)");
    expect(errors).toContain("criteria-overrides.yaml: bac-ninh: rule TAP_THE_LDTT.share has no value");
    expect(errors).toContain("criteria-overrides.yaml: bac-ninh: unknown award NO_SUCH");
    expect(errors).toContain("criteria-overrides.yaml: bac-ninh/kinh-bac: not a province unit of units.yaml");
  });
});

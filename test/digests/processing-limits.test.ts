import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProcessingLimits } from "../../src/digests/processing-limits.ts";

describe("processing limits (flows/catalogues/processing-limits.yaml)", () => {
  it("gives CSTĐ cơ sở 20 working days from a complete dossier (QĐ 638/QĐ-BNV 2025) and a default for the rest", async () => {
    const limits = await loadProcessingLimits();
    expect(limits.limitFor("NOMINATION_INDIVIDUAL", "CSTD_CO_SO")).toEqual({ name: "Xét tặng danh hiệu Chiến sĩ thi đua cơ sở", workingDays: 20 });
    expect(limits.limitFor("NOMINATION_COLLECTIVE", "TAP_THE_LDTT").workingDays).toBe(20);
    expect(limits.limitFor("GOOD_DEED_REPORT", null)).toEqual({ name: "Xác minh tin báo người tốt, việc tốt", workingDays: 10 });
    expect(limits.warnWithinWorkingDays).toBe(2);
    expect(limits.cutoffs).toEqual([]);
  });

  it("reads a province's own limits and cut-off dates, and names the file when they are wrong", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tdkt-limits-"));
    writeFileSync(
      join(dir, "processing-limits.yaml"),
      `default: { name: "Khen thưởng cấp xã", workingDays: 15 }
procedures:
  - { id: giay-khen, name: "Tặng Giấy khen", awards: [GIAY_KHEN_CT_UBND_XA], workingDays: 12 }
cutoffs:
  - { name: "Hồ sơ tổng kết năm 2026", date: "2026-12-10" }
`,
    );
    const limits = await loadProcessingLimits(dir);
    expect(limits.limitFor("NOMINATION_INDIVIDUAL", "GIAY_KHEN_CT_UBND_XA").workingDays).toBe(12);
    expect(limits.limitFor("NOMINATION_INDIVIDUAL", "CSTD_CO_SO").workingDays).toBe(15);
    expect(limits.cutoffs).toEqual([{ name: "Hồ sơ tổng kết năm 2026", date: { year: 2026, month: 12, day: 10 }, showFromDays: 30 }]);
    writeFileSync(join(dir, "processing-limits.yaml"), `default: { name: "x", workingDays: 0 }\n`);
    await expect(loadProcessingLimits(dir)).rejects.toThrow(/processing-limits\.yaml: default\.workingDays/);
    writeFileSync(join(dir, "processing-limits.yaml"), `default: { name: "x", workingDays: 5 }\nprocedures:\n  - { id: a, name: "A", workingDays: 3 }\n`);
    await expect(loadProcessingLimits(dir)).rejects.toThrow(/procedure a names neither awards nor kinds/);
  });
});
